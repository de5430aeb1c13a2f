import type { Event, MemberState } from '../shared';
import type { ErasureReason, SubjectKind } from './privacy.vocabulary';

/**
 * The subject's key was destroyed (crypto-shredding): its sealed fields stay in the log but can never be
 * read again. Nothing counted depends on them, so every figure stays as it was.
 */
export type PersonalDataErased = Event<
  'PersonalDataErased',
  {
    readonly subjectId: string;
    readonly subjectKind: SubjectKind;
    readonly memberState: MemberState;
    readonly reason: ErasureReason;
    readonly erasedAt: string;
  }
>;

export type PrivacyEvent = PersonalDataErased;

export const PRIVACY_EVENT_TYPES = ['PersonalDataErased'] as const satisfies readonly PrivacyEvent['type'][];
