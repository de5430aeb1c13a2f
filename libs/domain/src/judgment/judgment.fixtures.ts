import { anInvestigationId, anOffenceId, aPersonId } from '../investigation/investigation.fixtures';
import type { OffenceId } from '../investigation/investigation.events';
import type {
  JudgedInvestigation,
  LodgeAppeal,
  RecordAppealOutcome,
  RecordFinality,
  RecordJudgment,
} from './judgment.commands';
import type {
  AppealLodged,
  JudgmentBecameFinal,
  JudgmentId,
  JudgmentModifiedOnAppeal,
  JudgmentRecorded,
} from './judgment.events';
import type { AppealParty, JudgmentOutcome } from './judgment.vocabulary';

/** Fixed ids and times for specs: pseudonyms only, never a name. */
export const aJudgmentId = 'c215f5ca-2578-414a-9d36-e5028ea021dd' as JudgmentId;
export const decidedAt = '2024-09-15T10:00:00.000Z';
export const lodgedAt = '2024-09-25T10:00:00.000Z';
export const appealDecidedAt = '2025-03-10T10:00:00.000Z';

export const judgedInvestigation = (overrides: Partial<JudgedInvestigation> = {}): JudgedInvestigation => ({
  memberState: 'NL',
  suspectPersonIds: [aPersonId],
  offenceIds: [anOffenceId],
  ...overrides,
});

export const judgmentRecorded = (overrides: Partial<JudgmentRecorded['data']> = {}): JudgmentRecorded => ({
  type: 'JudgmentRecorded',
  data: {
    judgmentId: aJudgmentId,
    memberState: 'NL',
    investigationId: anInvestigationId,
    personId: aPersonId,
    court: 'Rechtbank Amsterdam',
    decidedAt,
    outcome: 'CONVICTED',
    convictedOffenceIds: [anOffenceId],
    numberOfCounts: 2,
    source: 'COURT_REGISTRY',
    ...overrides,
  },
});

export const acquittalRecorded = (): JudgmentRecorded =>
  judgmentRecorded({ outcome: 'ACQUITTED', convictedOffenceIds: [], numberOfCounts: null });

export const recordJudgment = (overrides: Partial<RecordJudgment['data']> = {}): RecordJudgment => ({
  type: 'RecordJudgment',
  data: { ...judgmentRecorded().data, investigation: judgedInvestigation(), ...overrides },
});

export const appealLodged = (by: AppealParty = 'DEFENCE', at = lodgedAt): AppealLodged => ({
  type: 'AppealLodged',
  data: { judgmentId: aJudgmentId, lodgedAt: at, by },
});

export const lodgeAppeal = (by: AppealParty = 'DEFENCE', at = lodgedAt): LodgeAppeal => ({
  type: 'LodgeAppeal',
  data: appealLodged(by, at).data,
});

export const modifiedOnAppeal = (
  newOutcome: JudgmentOutcome,
  convictedOffenceIds: readonly OffenceId[] = [],
  at = appealDecidedAt,
): JudgmentModifiedOnAppeal => ({
  type: 'JudgmentModifiedOnAppeal',
  data: { judgmentId: aJudgmentId, newOutcome, decidedAt: at, convictedOffenceIds },
});

export const recordAppealOutcome = (
  newOutcome: JudgmentOutcome,
  overrides: Partial<RecordAppealOutcome['data']> = {},
): RecordAppealOutcome => ({
  type: 'RecordAppealOutcome',
  data: { judgmentId: aJudgmentId, newOutcome, decidedAt: appealDecidedAt, ...overrides },
});

export const becameFinal = (finalAt = '2025-04-10T00:00:00.000Z'): JudgmentBecameFinal => ({
  type: 'JudgmentBecameFinal',
  data: { judgmentId: aJudgmentId, finalAt },
});

export const recordFinality = (finalAt?: string): RecordFinality => ({
  type: 'RecordFinality',
  data: becameFinal(finalAt).data,
});
