import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { anOffenceId, anotherOffenceId } from '../investigation/investigation.fixtures';
import { judgmentDecider } from './judgment.decider';
import {
  AppealPending,
  ConvictedOffenceNotInInvestigation,
  JudgmentInvestigationNotFound,
  JudgmentIsFinal,
  JudgmentNotFound,
  NoAppealPending,
} from './judgment.errors';
import {
  acquittalRecorded,
  appealLodged,
  becameFinal,
  judgedInvestigation,
  judgmentRecorded,
  lodgeAppeal,
  modifiedOnAppeal,
  recordAppealOutcome,
  recordFinality,
} from './judgment.fixtures';

const given = DeciderSpecification.for(judgmentDecider);
const bothOffences = judgedInvestigation({ offenceIds: [anOffenceId, anotherOffenceId] });

describe('lodging an appeal', () => {
  it('records the appeal and who lodged it', () =>
    given([judgmentRecorded()]).when(lodgeAppeal()).then([appealLodged()]));

  it('allows a further appeal once the first was decided', () =>
    given([judgmentRecorded(), appealLodged(), modifiedOnAppeal('CONVICTED', [anOffenceId])])
      .when(lodgeAppeal('PROSECUTION', '2025-03-20T10:00:00.000Z'))
      .then([appealLodged('PROSECUTION', '2025-03-20T10:00:00.000Z')]));

  it('is refused against a final judgment', () =>
    given([judgmentRecorded(), becameFinal()]).when(lodgeAppeal()).thenThrows(JudgmentIsFinal, 'JUDGMENT.FINAL'));

  it('is refused while an appeal is pending', () =>
    given([judgmentRecorded(), appealLodged()])
      .when(lodgeAppeal('PROSECUTION'))
      .thenThrows(AppealPending, 'JUDGMENT.APPEAL_PENDING'));

  it('cannot precede the decision', () =>
    given([judgmentRecorded()]).when(lodgeAppeal('DEFENCE', '2024-09-01T00:00:00.000Z')).thenThrows(InvalidCommand));

  it('needs an existing judgment', () =>
    given([]).when(lodgeAppeal()).thenThrows(JudgmentNotFound, 'JUDGMENT.NOT_FOUND'));
});

describe('recording the outcome of an appeal', () => {
  const appealed = [judgmentRecorded(), appealLodged()];

  it('records an acquittal on appeal, which convicts of no offence', () =>
    given(appealed)
      .when(recordAppealOutcome('ACQUITTED'))
      .then([modifiedOnAppeal('ACQUITTED')]));

  it('keeps the convicted offences when a conviction is upheld without naming them', () =>
    given(appealed)
      .when(recordAppealOutcome('CONVICTED'))
      .then([modifiedOnAppeal('CONVICTED', [anOffenceId])]));

  it('checks offences new to this judgment against the investigation', () =>
    given([acquittalRecorded(), appealLodged('PROSECUTION')])
      .when(recordAppealOutcome('CONVICTED', { convictedOffenceIds: [anotherOffenceId], investigation: bothOffences }))
      .then([modifiedOnAppeal('CONVICTED', [anotherOffenceId])]));

  it('refuses new offences when the investigation was not found', () =>
    given(appealed)
      .when(recordAppealOutcome('CONVICTED', { convictedOffenceIds: [anOffenceId, anotherOffenceId] }))
      .thenThrows(JudgmentInvestigationNotFound));

  it('refuses a new offence that is not of the investigation', () =>
    given(appealed)
      .when(
        recordAppealOutcome('CONVICTED', {
          convictedOffenceIds: [anotherOffenceId],
          investigation: judgedInvestigation(),
        }),
      )
      .thenThrows(ConvictedOffenceNotInInvestigation));

  it('needs convicted offences for a conviction on appeal of an acquittal', () =>
    given([acquittalRecorded(), appealLodged('PROSECUTION')])
      .when(recordAppealOutcome('CONVICTED'))
      .thenThrows(InvalidCommand));

  it('takes no convicted offence for an acquittal', () =>
    given(appealed)
      .when(recordAppealOutcome('ACQUITTED', { convictedOffenceIds: [anOffenceId] }))
      .thenThrows(InvalidCommand));

  it('needs a pending appeal', () =>
    given([judgmentRecorded()])
      .when(recordAppealOutcome('ACQUITTED'))
      .thenThrows(NoAppealPending, 'JUDGMENT.NO_APPEAL_PENDING'));

  it('cannot be decided before the appeal was lodged', () =>
    given(appealed)
      .when(recordAppealOutcome('ACQUITTED', { decidedAt: '2024-09-20T00:00:00.000Z' }))
      .thenThrows(InvalidCommand));

  it('needs an existing judgment', () => given([]).when(recordAppealOutcome('ACQUITTED')).thenThrows(JudgmentNotFound));
});

describe('recording finality', () => {
  it('makes the judgment final', () => given([judgmentRecorded()]).when(recordFinality()).then([becameFinal()]));

  it('makes the outcome of an appeal final', () =>
    given([judgmentRecorded(), appealLodged(), modifiedOnAppeal('ACQUITTED')])
      .when(recordFinality())
      .then([becameFinal()]));

  it('happens only once', () =>
    given([judgmentRecorded(), becameFinal()]).when(recordFinality()).thenThrows(JudgmentIsFinal));

  it('is refused while an appeal is pending', () =>
    given([judgmentRecorded(), appealLodged()]).when(recordFinality()).thenThrows(AppealPending));

  it('cannot precede the latest decision', () =>
    given([judgmentRecorded(), appealLodged(), modifiedOnAppeal('ACQUITTED')])
      .when(recordFinality('2024-12-01T00:00:00.000Z'))
      .thenThrows(InvalidCommand));

  it('needs an existing judgment', () => given([]).when(recordFinality()).thenThrows(JudgmentNotFound));
});
