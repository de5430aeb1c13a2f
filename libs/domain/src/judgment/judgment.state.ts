import type { OffenceId } from '../investigation/investigation.events';
import type { JudgmentEvent, JudgmentRecorded } from './judgment.events';
import type { AppealParty, JudgmentOutcome } from './judgment.vocabulary';

/** The outcome that stands now, after any appeal. */
export interface StandingDecision {
  readonly outcome: JudgmentOutcome;
  readonly convictedOffenceIds: readonly OffenceId[];
  /**
   * When this outcome was reached: the first-instance date, or the appeal's date if the appeal changed the
   * outcome. A conviction upheld on appeal keeps its first-instance date (and year).
   */
  readonly decidedAt: string;
}

export type Judgment =
  | { readonly status: 'None' }
  | {
      readonly status: 'Recorded' | 'Final';
      /** As first recorded: a repeat of RecordJudgment is compared with this. */
      readonly recorded: JudgmentRecorded['data'];
      readonly standing: StandingDecision;
      /** The latest decision in the case, first instance or appeal: nothing can follow before it. */
      readonly lastDecidedAt: string;
      readonly pendingAppeal: { readonly lodgedAt: string; readonly by: AppealParty } | null;
      readonly isFinal: boolean;
      readonly finalAt: string | null;
    };

export type ExistingJudgment = Exclude<Judgment, { status: 'None' }>;

export const initialJudgmentState: Judgment = { status: 'None' };

/** Art. 8(1)(c) counts a judgment while its standing outcome is a conviction. */
export const hasStandingConviction = (judgment: Judgment): boolean =>
  judgment.status !== 'None' && judgment.standing.outcome === 'CONVICTED';

export const evolveJudgment = (state: Judgment, event: JudgmentEvent): Judgment => {
  if (event.type === 'JudgmentRecorded') {
    const { outcome, convictedOffenceIds, decidedAt } = event.data;
    return {
      status: 'Recorded',
      recorded: event.data,
      standing: { outcome, convictedOffenceIds, decidedAt },
      lastDecidedAt: decidedAt,
      pendingAppeal: null,
      isFinal: false,
      finalAt: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'AppealLodged':
      return { ...state, pendingAppeal: { lodgedAt: event.data.lodgedAt, by: event.data.by } };
    case 'JudgmentModifiedOnAppeal': {
      const { newOutcome, convictedOffenceIds, decidedAt } = event.data;
      const reachedAt = newOutcome === state.standing.outcome ? state.standing.decidedAt : decidedAt;
      return {
        ...state,
        standing: { outcome: newOutcome, convictedOffenceIds, decidedAt: reachedAt },
        lastDecidedAt: decidedAt,
        pendingAppeal: null,
      };
    }
    case 'JudgmentBecameFinal':
      return { ...state, status: 'Final', isFinal: true, finalAt: event.data.finalAt };
    default:
      return state;
  }
};
