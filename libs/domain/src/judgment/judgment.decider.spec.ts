import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { anOffenceId, anotherOffenceId, anotherPersonId } from '../investigation/investigation.fixtures';
import { judgmentDecider } from './judgment.decider';
import {
  ConvictedOffenceNotInInvestigation,
  JudgedPersonNotASuspect,
  JudgmentIdAlreadyUsed,
  JudgmentInvestigationNotFound,
} from './judgment.errors';
import { acquittalRecorded, judgedInvestigation, judgmentRecorded, recordJudgment } from './judgment.fixtures';

const given = DeciderSpecification.for(judgmentDecider);

describe('recording a judgment', () => {
  it('records a conviction of a suspect for offences of the investigation', () =>
    given([]).when(recordJudgment()).then([judgmentRecorded()]));

  it('records an acquittal, which convicts of no offence', () =>
    given([])
      .when(recordJudgment({ outcome: 'ACQUITTED', convictedOffenceIds: [], numberOfCounts: undefined }))
      .then([acquittalRecorded()]));

  it('records each convicted offence once', () =>
    given([])
      .when(recordJudgment({ convictedOffenceIds: [anOffenceId, anOffenceId] }))
      .then([judgmentRecorded()]));

  it('needs a convicted offence for a conviction', () =>
    given([])
      .when(recordJudgment({ convictedOffenceIds: [] }))
      .thenThrows(InvalidCommand, 'COMMAND.INVALID'));

  it('takes no convicted offence for another outcome', () =>
    given([])
      .when(recordJudgment({ outcome: 'OTHER' }))
      .thenThrows(InvalidCommand));

  it.each([0, -1, 1.5])('refuses %p counts', (numberOfCounts) =>
    given([]).when(recordJudgment({ numberOfCounts })).thenThrows(InvalidCommand),
  );

  it('needs the court', () =>
    given([])
      .when(recordJudgment({ court: '  ' }))
      .thenThrows(InvalidCommand));

  it('refuses an investigation that does not exist', () =>
    given([])
      .when(recordJudgment({ investigation: null }))
      .thenThrows(JudgmentInvestigationNotFound, 'JUDGMENT.INVESTIGATION_NOT_FOUND'));

  it('refuses an investigation of another member state as if it did not exist', () =>
    given([])
      .when(recordJudgment({ investigation: judgedInvestigation({ memberState: 'BE' }) }))
      .thenThrows(JudgmentInvestigationNotFound));

  it('refuses a person who is not a suspect of the investigation', () =>
    given([])
      .when(recordJudgment({ personId: anotherPersonId }))
      .thenThrows(JudgedPersonNotASuspect, 'JUDGMENT.PERSON_NOT_SUSPECT'));

  it('refuses a convicted offence that is not of the investigation', () =>
    given([])
      .when(recordJudgment({ convictedOffenceIds: [anOffenceId, anotherOffenceId] }))
      .thenThrows(ConvictedOffenceNotInInvestigation, 'JUDGMENT.UNKNOWN_OFFENCE'));

  it('records nothing when the same judgment is recorded again', () =>
    given([judgmentRecorded()])
      .when(recordJudgment({ investigation: null }))
      .thenNothingHappens());

  it('refuses a reused judgment id with different facts', () =>
    given([judgmentRecorded()])
      .when(recordJudgment({ court: 'Rechtbank Den Haag' }))
      .thenThrows(JudgmentIdAlreadyUsed, 'JUDGMENT.ID_ALREADY_USED'));
});
