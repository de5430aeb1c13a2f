import type { Brand, Event, MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import type {
  InvestigationOutcome,
  InvestigationTrigger,
  OffenceCategory,
  OnlineNexus,
} from './investigation.vocabulary';

export type InvestigationId = Brand<string, 'InvestigationId'>;
/** An offence within one investigation; judgments refer to it. */
export type OffenceId = Brand<string, 'OffenceId'>;
/** A pseudonymous person id: never a name. */
export type PersonId = Brand<string, 'PersonId'>;

/** The competent authority opened a police case, possibly on some reports already. */
export type InvestigationOpened = Event<
  'InvestigationOpened',
  {
    readonly investigationId: InvestigationId;
    readonly memberState: MemberState;
    readonly openedAt: string;
    readonly reportIds: readonly ReportId[];
    readonly trigger: InvestigationTrigger;
  }
>;

/** A report of the same member state now belongs to this case: it counts as "in an investigation". */
export type ReportLinkedToInvestigation = Event<
  'ReportLinkedToInvestigation',
  { readonly investigationId: InvestigationId; readonly reportId: ReportId }
>;

export interface OffenceFacts {
  /** The national provision, e.g. "Sr. art. 252". */
  readonly nationalProvision: string;
  readonly category: OffenceCategory;
  readonly onlineNexus: OnlineNexus;
  readonly offenceDate: string;
}

/** An offence under national law was identified in the case; its onlineNexus decides Art. 8 "online". */
export type OffenceClassified = Event<
  'OffenceClassified',
  { readonly investigationId: InvestigationId; readonly offenceId: OffenceId } & OffenceFacts
>;

/**
 * A person became a suspect in the case. Repeated for the same person when further linked reports are
 * traced to them or new notes are given: linkedReportIds then holds only the newly traced ones (possibly
 * none), which add to the earlier ones, and notes only notes unlike the earlier ones.
 */
export type SuspectIdentified = Event<
  'SuspectIdentified',
  {
    readonly investigationId: InvestigationId;
    readonly personId: PersonId;
    readonly linkedReportIds: readonly ReportId[];
    /** Notes given with this identification (sealed: unreadable once the person's data is erased). */
    readonly notes?: string;
  }
>;

/** A suspect was charged with some of the case's offences. A charge is never counted as a conviction. */
export type ChargeFiled = Event<
  'ChargeFiled',
  {
    readonly investigationId: InvestigationId;
    readonly personId: PersonId;
    readonly offenceIds: readonly OffenceId[];
    readonly filedAt: string;
  }
>;

/** The police case ended; it takes no new facts. Judgments keep arriving on their own streams. */
export type InvestigationClosed = Event<
  'InvestigationClosed',
  { readonly investigationId: InvestigationId; readonly outcome: InvestigationOutcome; readonly closedAt: string }
>;

export type InvestigationEvent =
  | InvestigationOpened
  | ReportLinkedToInvestigation
  | OffenceClassified
  | SuspectIdentified
  | ChargeFiled
  | InvestigationClosed;

export const INVESTIGATION_EVENT_TYPES = [
  'InvestigationOpened',
  'ReportLinkedToInvestigation',
  'OffenceClassified',
  'SuspectIdentified',
  'ChargeFiled',
  'InvestigationClosed',
] as const satisfies readonly InvestigationEvent['type'][];
