import type { MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import type {
  InvestigationEvent,
  InvestigationId,
  InvestigationOpened,
  OffenceFacts,
  OffenceId,
  PersonId,
  SuspectIdentified,
} from './investigation.events';
import { isOnlineNexus, type InvestigationOutcome } from './investigation.vocabulary';

export interface Offence extends OffenceFacts {
  readonly offenceId: OffenceId;
}

export interface Suspect {
  readonly personId: PersonId;
  readonly linkedReportIds: readonly ReportId[];
  /** Every note given with the suspect, as sealed: a repeat of one is recognised by the equal string. */
  readonly notes: readonly string[];
}

export interface Charge {
  readonly personId: PersonId;
  readonly offenceIds: readonly OffenceId[];
  readonly filedAt: string;
}

export type Investigation =
  | { readonly status: 'None' }
  | {
      readonly status: 'Open' | 'Closed';
      readonly investigationId: InvestigationId;
      readonly memberState: MemberState;
      /** As first recorded: a repeat of OpenInvestigation is compared with this. */
      readonly opened: InvestigationOpened['data'];
      /** Every linked report, the opening ones first. */
      readonly reportIds: readonly ReportId[];
      readonly offences: readonly Offence[];
      readonly suspects: readonly Suspect[];
      readonly charges: readonly Charge[];
      readonly closure: { readonly outcome: InvestigationOutcome; readonly closedAt: string } | null;
    };

export type ExistingInvestigation = Exclude<Investigation, { status: 'None' }>;

export const initialInvestigationState: Investigation = { status: 'None' };

/** Art. 8(1)(b) "online": the case has an offence whose onlineNexus is ONLINE or BOTH. */
export const hasOnlineOffence = (investigation: Investigation): boolean =>
  investigation.status !== 'None' && investigation.offences.some((offence) => isOnlineNexus(offence.onlineNexus));

export const evolveInvestigation = (state: Investigation, event: InvestigationEvent): Investigation => {
  if (event.type === 'InvestigationOpened') {
    const { investigationId, memberState, reportIds } = event.data;
    return {
      status: 'Open',
      investigationId,
      memberState,
      opened: event.data,
      reportIds,
      offences: [],
      suspects: [],
      charges: [],
      closure: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'ReportLinkedToInvestigation':
      return state.reportIds.includes(event.data.reportId)
        ? state
        : { ...state, reportIds: [...state.reportIds, event.data.reportId] };
    case 'OffenceClassified': {
      const { offenceId, nationalProvision, category, onlineNexus, offenceDate } = event.data;
      const offence: Offence = { offenceId, nationalProvision, category, onlineNexus, offenceDate };
      return {
        ...state,
        offences: [...state.offences.filter((known) => known.offenceId !== offence.offenceId), offence],
      };
    }
    case 'SuspectIdentified':
      return { ...state, suspects: addSuspect(state.suspects, event.data) };
    case 'ChargeFiled': {
      const { personId, offenceIds, filedAt } = event.data;
      return { ...state, charges: [...state.charges, { personId, offenceIds, filedAt }] };
    }
    case 'InvestigationClosed':
      return { ...state, status: 'Closed', closure: { outcome: event.data.outcome, closedAt: event.data.closedAt } };
    default:
      return state;
  }
};

const addSuspect = (
  suspects: readonly Suspect[],
  { personId, linkedReportIds, notes }: SuspectIdentified['data'],
): readonly Suspect[] => {
  const known = suspects.find((suspect) => suspect.personId === personId);
  const givenNotes = notes ? [notes] : [];
  if (!known) return [...suspects, { personId, linkedReportIds, notes: givenNotes }];
  const merged = {
    personId,
    linkedReportIds: [...new Set([...known.linkedReportIds, ...linkedReportIds])],
    notes: [...new Set([...known.notes, ...givenNotes])],
  };
  return suspects.map((suspect) => (suspect === known ? merged : suspect));
};
