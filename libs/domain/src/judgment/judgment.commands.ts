import type { Command, MemberState } from '../shared';
import type { OffenceId, PersonId } from '../investigation/investigation.events';
import type { Investigation } from '../investigation/investigation.state';
import type { JudgmentId, JudgmentRecorded } from './judgment.events';
import type { AppealParty, JudgmentOutcome } from './judgment.vocabulary';

/** The investigation as the handler read it from `investigation-<investigationId>`. */
export interface JudgedInvestigation {
  readonly memberState: MemberState;
  readonly suspectPersonIds: readonly PersonId[];
  readonly offenceIds: readonly OffenceId[];
}

export const judgedInvestigationOf = (investigation: Investigation): JudgedInvestigation | null =>
  investigation.status === 'None'
    ? null
    : {
        memberState: investigation.memberState,
        suspectPersonIds: investigation.suspects.map((suspect) => suspect.personId),
        offenceIds: investigation.offences.map((offence) => offence.offenceId),
      };

export type RecordJudgment = Command<
  'RecordJudgment',
  Omit<JudgmentRecorded['data'], 'numberOfCounts'> & {
    readonly numberOfCounts?: number | null;
    /** Looked up by the handler from `investigation-<investigationId>` (null: no such investigation). */
    readonly investigation: JudgedInvestigation | null;
  }
>;

export type LodgeAppeal = Command<
  'LodgeAppeal',
  { readonly judgmentId: JudgmentId; readonly lodgedAt: string; readonly by: AppealParty }
>;

export type RecordAppealOutcome = Command<
  'RecordAppealOutcome',
  {
    readonly judgmentId: JudgmentId;
    readonly newOutcome: JudgmentOutcome;
    readonly decidedAt: string;
    /** Omitted: a CONVICTED outcome keeps the standing convicted offences. */
    readonly convictedOffenceIds?: readonly OffenceId[];
    /**
     * Looked up by the handler from the judgment's investigation stream; needed only when convictedOffenceIds
     * names an offence this judgment has not convicted of before (e.g. a conviction on a prosecution appeal).
     */
    readonly investigation?: JudgedInvestigation | null;
  }
>;

export type RecordFinality = Command<'RecordFinality', { readonly judgmentId: JudgmentId; readonly finalAt: string }>;

export type JudgmentCommand = RecordJudgment | LodgeAppeal | RecordAppealOutcome | RecordFinality;
