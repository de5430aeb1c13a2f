import type { Brand, Event, MemberState } from '../shared';
import type { InvestigationId, OffenceId, PersonId } from '../investigation/investigation.events';
import type { AppealParty, JudgmentOutcome, JudgmentSource } from './judgment.vocabulary';

export type JudgmentId = Brand<string, 'JudgmentId'>;

/** A first-instance court decided on one person of an investigation. Not final until finality is recorded. */
export type JudgmentRecorded = Event<
  'JudgmentRecorded',
  {
    readonly judgmentId: JudgmentId;
    readonly memberState: MemberState;
    readonly investigationId: InvestigationId;
    readonly personId: PersonId;
    readonly court: string;
    readonly decidedAt: string;
    readonly outcome: JudgmentOutcome;
    /** Offences of the investigation the person was convicted of: some when CONVICTED, none otherwise. */
    readonly convictedOffenceIds: readonly OffenceId[];
    /** Counts in the judgment, when the source gives them (null: not given). */
    readonly numberOfCounts: number | null;
    readonly source: JudgmentSource;
  }
>;

/** The judgment was appealed: it cannot become final until the appeal is decided. */
export type AppealLodged = Event<
  'AppealLodged',
  { readonly judgmentId: JudgmentId; readonly lodgedAt: string; readonly by: AppealParty }
>;

/**
 * The appeal court decided; newOutcome is the standing outcome from now on (it may equal the earlier one when
 * the appeal was dismissed). An acquittal on appeal removes the conviction from counts.
 */
export type JudgmentModifiedOnAppeal = Event<
  'JudgmentModifiedOnAppeal',
  {
    readonly judgmentId: JudgmentId;
    readonly newOutcome: JudgmentOutcome;
    readonly decidedAt: string;
    /** The standing convicted offences after the appeal: never omitted, [] unless CONVICTED. */
    readonly convictedOffenceIds: readonly OffenceId[];
  }
>;

/** No further appeal is possible: the standing outcome is final (Art. 8(1)(c) "final" figures). */
export type JudgmentBecameFinal = Event<
  'JudgmentBecameFinal',
  { readonly judgmentId: JudgmentId; readonly finalAt: string }
>;

export type JudgmentEvent = JudgmentRecorded | AppealLodged | JudgmentModifiedOnAppeal | JudgmentBecameFinal;

export const JUDGMENT_EVENT_TYPES = [
  'JudgmentRecorded',
  'AppealLodged',
  'JudgmentModifiedOnAppeal',
  'JudgmentBecameFinal',
] as const satisfies readonly JudgmentEvent['type'][];
