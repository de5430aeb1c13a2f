import { DeciderSpecification } from '@registry/testing';
import { privacyDecider } from './privacy.decider';
import type { ErasePersonalData } from './privacy.commands';
import type { PersonalDataErased } from './privacy.events';

const data: PersonalDataErased['data'] = {
  subjectId: '0b6f3f0e-6f5c-8b8e-9d1a-2f4c6e8a0b11',
  subjectKind: 'CHILD',
  memberState: 'NL',
  reason: 'DATA_SUBJECT_REQUEST',
  erasedAt: '2025-01-15T12:00:00.000Z',
};
const erase = (): ErasePersonalData => ({ type: 'ErasePersonalData', data });
const erased = (): PersonalDataErased => ({ type: 'PersonalDataErased', data });

const given = DeciderSpecification.for(privacyDecider);

describe('erasing personal data', () => {
  it('records the erasure of a subject', () => given([]).when(erase()).then([erased()]));

  it('records nothing when the subject was already erased', () => given([erased()]).when(erase()).then([]));
});
