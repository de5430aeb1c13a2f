import type { MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import { anotherReportId, aReportId } from '../report/report.fixtures';
import type {
  ClassifyOffence,
  CloseInvestigation,
  FileCharge,
  IdentifySuspect,
  LinkReportToInvestigation,
  OpenInvestigation,
} from './investigation.commands';
import type {
  ChargeFiled,
  InvestigationClosed,
  InvestigationId,
  InvestigationOpened,
  OffenceClassified,
  OffenceFacts,
  OffenceId,
  PersonId,
  ReportLinkedToInvestigation,
  SuspectIdentified,
} from './investigation.events';
import type { InvestigationOutcome } from './investigation.vocabulary';
import type { FoundReport } from '../report/report-lookup';

/** Fixed ids and times for specs: pseudonyms only, never a name. */
export const anInvestigationId = '3e9c6c31-9c8f-4eb1-a04d-5c7f9b1d3e44' as InvestigationId;
export const anotherInvestigationId = '4fad7d42-ad90-4fc2-b15e-6d8a0c2e4f55' as InvestigationId;
export const anOffenceId = '5abe8e53-be01-4ad3-8c6f-7e9b1d3f5a66' as OffenceId;
export const anotherOffenceId = '6bcf9f64-cf12-4be4-9d70-8fac2e4a6b77' as OffenceId;
export const aPersonId = '7cd0a075-d023-4cf5-ae81-90bd3f5b7c88' as PersonId;
export const anotherPersonId = '8de1b186-e134-4d06-bf92-a1ce4a6c8d99' as PersonId;
export const openedAt = '2024-03-05T08:00:00.000Z';

export const foundReport = (reportId: ReportId = aReportId, overrides: Partial<FoundReport> = {}): FoundReport => ({
  reportId,
  memberState: 'NL',
  isWithdrawn: false,
  ...overrides,
});

export const opened = (overrides: Partial<InvestigationOpened['data']> = {}): InvestigationOpened => ({
  type: 'InvestigationOpened',
  data: {
    investigationId: anInvestigationId,
    memberState: 'NL',
    openedAt,
    reportIds: [aReportId],
    trigger: 'PROVIDER_REPORT',
    ...overrides,
  },
});

export const openInvestigation = (overrides: Partial<OpenInvestigation['data']> = {}): OpenInvestigation => ({
  type: 'OpenInvestigation',
  data: { ...opened().data, reports: [foundReport()], ...overrides },
});

export const someOffence = (overrides: Partial<OffenceFacts> = {}): OffenceFacts => ({
  nationalProvision: 'Sr. art. 240b',
  category: 'CSAM_DISTRIBUTION',
  onlineNexus: 'ONLINE',
  offenceDate: '2024-02-20',
  ...overrides,
});

export const offenceClassified = (offenceId: OffenceId = anOffenceId, facts = someOffence()): OffenceClassified => ({
  type: 'OffenceClassified',
  data: { investigationId: anInvestigationId, offenceId, ...facts },
});

export const suspectIdentified = (
  personId: PersonId = aPersonId,
  linkedReportIds: readonly ReportId[] = [aReportId],
): SuspectIdentified => ({
  type: 'SuspectIdentified',
  data: { investigationId: anInvestigationId, personId, linkedReportIds },
});

export const chargeFiled = (
  personId: PersonId = aPersonId,
  offenceIds: readonly OffenceId[] = [anOffenceId],
  filedAt = '2024-06-01T09:00:00.000Z',
): ChargeFiled => ({
  type: 'ChargeFiled',
  data: { investigationId: anInvestigationId, personId, offenceIds, filedAt },
});

export const investigationClosed = (
  outcome: InvestigationOutcome = 'CHARGES_FILED',
  closedAt = '2024-07-01T12:00:00.000Z',
): InvestigationClosed => ({
  type: 'InvestigationClosed',
  data: { investigationId: anInvestigationId, outcome, closedAt },
});

/** An open NL investigation on one report, with one online offence and one suspect. */
export const aCaseWithSuspect = (memberState: MemberState = 'NL') => [
  opened({ memberState }),
  offenceClassified(),
  suspectIdentified(),
];

export const linkReport = (
  report: FoundReport | null,
  reportId: ReportId = anotherReportId,
): LinkReportToInvestigation => ({
  type: 'LinkReportToInvestigation',
  data: { investigationId: anInvestigationId, reportId, report },
});

export const reportLinked = (reportId: ReportId = anotherReportId): ReportLinkedToInvestigation => ({
  type: 'ReportLinkedToInvestigation',
  data: { investigationId: anInvestigationId, reportId },
});

export const classifyOffence = (offenceId: OffenceId = anOffenceId, facts = someOffence()): ClassifyOffence => ({
  type: 'ClassifyOffence',
  data: { investigationId: anInvestigationId, offenceId, ...facts },
});

export const identifySuspect = (
  personId: PersonId = aPersonId,
  linkedReportIds: readonly ReportId[] = [aReportId],
): IdentifySuspect => ({
  type: 'IdentifySuspect',
  data: { investigationId: anInvestigationId, personId, linkedReportIds },
});

export const fileCharge = (
  personId: PersonId = aPersonId,
  offenceIds: readonly OffenceId[] = [anOffenceId],
  filedAt = '2024-06-01T09:00:00.000Z',
): FileCharge => ({ type: 'FileCharge', data: { investigationId: anInvestigationId, personId, offenceIds, filedAt } });

export const closeInvestigation = (
  outcome: InvestigationOutcome = 'CHARGES_FILED',
  closedAt = '2024-07-01T12:00:00.000Z',
): CloseInvestigation => ({
  type: 'CloseInvestigation',
  data: { investigationId: anInvestigationId, outcome, closedAt },
});
