import type { MemberState } from '../shared';
import type { DuplicateBasis, NonActionableReason } from './report.vocabulary';
import type { ReportEvent, ReportFacts, ReportId } from './report.events';

export type Report =
  | { readonly status: 'None' }
  | {
      readonly status: 'Received' | 'Withdrawn';
      readonly reportId: ReportId;
      readonly memberState: MemberState;
      /** As first recorded: a repeat of RecordReport is compared with these, not with corrected facts. */
      readonly recordedFacts: ReportFacts;
      readonly facts: ReportFacts;
      readonly duplicateOf: { readonly reportId: ReportId; readonly basis: DuplicateBasis } | null;
      readonly assessment: { readonly actionable: boolean; readonly reasonIfNot: NonActionableReason | null } | null;
    };

export const initialReportState: Report = { status: 'None' };

export const evolveReport = (state: Report, event: ReportEvent): Report => {
  if (event.type === 'ReportReceived') {
    const { reportId, memberState, ...facts } = event.data;
    return { status: 'Received', reportId, memberState, recordedFacts: facts, facts, duplicateOf: null, assessment: null };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'ReportAssessed':
      return { ...state, assessment: { actionable: event.data.actionable, reasonIfNot: event.data.reasonIfNot } };
    case 'ReportMarkedDuplicate':
      return { ...state, duplicateOf: { reportId: event.data.duplicateOfReportId, basis: event.data.basis } };
    case 'ReportCorrected':
      return {
        ...state,
        facts: event.data.changes.reduce<ReportFacts>((facts, change) => ({ ...facts, [change.field]: change.newValue }), state.facts),
      };
    case 'ReportWithdrawn':
      return { ...state, status: 'Withdrawn' };
    default:
      return state;
  }
};
