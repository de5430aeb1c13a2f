import type {
  Art8Metric,
  ChildEvent,
  ChildFacts,
  InvestigationEvent,
  JudgmentEvent,
  JudgmentOutcome,
  MemberState,
  NotAvailableReason,
  OnlineNexus,
  ReportEvent,
  ReportFacts,
  StatisticsEvent,
} from '@registry/domain';

/**
 * Domain events for statistics specs, written the way the deciders write them (realistic facts, pseudonymous
 * ids and hashes only). Ids are readable fixed uuids so a failing expectation names the record.
 */
export type StatisticsDomainEvent = ReportEvent | InvestigationEvent | ChildEvent | JudgmentEvent | StatisticsEvent;

const KIND_DIGIT = { report: 'a', investigation: 'b', child: 'c', judgment: 'd', offence: 'e', snapshot: 'f' } as const;

/** e.g. uuid('report', 3) = '0000000a-0000-4000-8000-000000000003'. */
export const uuid = (kind: keyof typeof KIND_DIGIT, n: number): string =>
  `0000000${KIND_DIGIT[kind]}-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const reportId = (n: number) => uuid('report', n);
export const investigationId = (n: number) => uuid('investigation', n);
export const childId = (n: number) => uuid('child', n);
export const judgmentId = (n: number) => uuid('judgment', n);
export const offenceId = (n: number) => uuid('offence', n);
/** Suspects and offenders are pseudonyms, never names. */
export const personId = (n: number) => `person-${String(n).padStart(4, '0')}`;

const id = (value: string): never => value as never;
const ids = (values: readonly string[]): never[] => values as never[];

export const reportFacts = (overrides: Partial<ReportFacts> = {}): ReportFacts => ({
  receivedAt: '2024-03-01T10:00:00.000Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  sourceOrganisation: 'NCMEC',
  externalReference: 'CT-2024-000001',
  provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION', serviceName: null },
  contentCategory: 'KNOWN_CSAM',
  detectedUnderArt3: true,
  countUnit: 'REPORT',
  contentHashes: [{ algorithm: 'PDQ', value: 'f8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22', matchedDatabase: 'NCMEC' }],
  accountRefs: ['hmac:5b1d0c2f'],
  concernedMemberStates: ['NL'],
  ...overrides,
});

export const reportReceived = (report: string, overrides: Partial<ReportFacts> = {}, memberState: MemberState = 'NL'): ReportEvent => ({
  type: 'ReportReceived',
  data: { reportId: id(report), memberState, ...reportFacts({ concernedMemberStates: [memberState], ...overrides }) },
});

export const reportAssessed = (report: string, actionable: boolean, assessedAt = '2024-04-01T09:00:00.000Z'): ReportEvent => ({
  type: 'ReportAssessed',
  data: { reportId: id(report), actionable, reasonIfNot: actionable ? null : 'NO_LINK_TO_MEMBER_STATE', assessedAt },
});

export const reportMarkedDuplicate = (report: string, of: string, basis: 'MANUAL' | 'SAME_CONTENT_HASH' | 'SAME_ACCOUNT' | 'SAME_EXTERNAL_REFERENCE' = 'MANUAL'): ReportEvent => ({
  type: 'ReportMarkedDuplicate',
  data: { reportId: id(report), duplicateOfReportId: id(of), basis, isAutomatic: basis !== 'MANUAL' },
});

/** `changes` as [field, old, new]: a correction event carries both values. */
export const reportCorrected = (report: string, changes: readonly (readonly [keyof ReportFacts, unknown, unknown])[], reason = 'typing error at intake'): ReportEvent => ({
  type: 'ReportCorrected',
  data: { reportId: id(report), changes: changes.map(([field, oldValue, newValue]) => ({ field, oldValue, newValue })), reason },
});

export const reportWithdrawn = (report: string): ReportEvent => ({
  type: 'ReportWithdrawn',
  data: { reportId: id(report), reason: 'entered in error' },
});

export const investigationOpened = (
  investigation: string,
  reportIds: readonly string[] = [],
  openedAt = '2024-03-10T09:00:00.000Z',
  memberState: MemberState = 'NL',
): InvestigationEvent => ({
  type: 'InvestigationOpened',
  data: { investigationId: id(investigation), memberState, openedAt, reportIds: ids(reportIds), trigger: reportIds.length > 0 ? 'PROVIDER_REPORT' : 'VICTIM_REPORT' },
});

export const reportLinked = (investigation: string, report: string): InvestigationEvent => ({
  type: 'ReportLinkedToInvestigation',
  data: { investigationId: id(investigation), reportId: id(report) },
});

export const offenceClassified = (investigation: string, offence: string, onlineNexus: OnlineNexus): InvestigationEvent => ({
  type: 'OffenceClassified',
  data: {
    investigationId: id(investigation),
    offenceId: id(offence),
    nationalProvision: 'Sr. art. 252',
    category: onlineNexus === 'OFFLINE' ? 'CONTACT_ABUSE' : 'CSAM_DISTRIBUTION',
    onlineNexus,
    offenceDate: '2024-02-20T00:00:00.000Z',
  },
});

export const suspectIdentified = (investigation: string, person: string, linkedReportIds: readonly string[] = []): InvestigationEvent => ({
  type: 'SuspectIdentified',
  data: { investigationId: id(investigation), personId: id(person), linkedReportIds: ids(linkedReportIds) },
});

export const chargeFiled = (investigation: string, person: string, offenceIds: readonly string[], filedAt: string): InvestigationEvent => ({
  type: 'ChargeFiled',
  data: { investigationId: id(investigation), personId: id(person), offenceIds: ids(offenceIds), filedAt },
});

export const investigationClosed = (investigation: string, closedAt = '2024-12-01T09:00:00.000Z'): InvestigationEvent => ({
  type: 'InvestigationClosed',
  data: { investigationId: id(investigation), outcome: 'CHARGES_FILED', closedAt },
});

export const childIdentified = (
  child: string,
  investigation: string,
  { linkedReportIds = [], ...facts }: Omit<Partial<ChildFacts>, 'linkedReportIds'> & { readonly linkedReportIds?: readonly string[] } = {},
  memberState: MemberState = 'NL',
): ChildEvent => ({
  type: 'ChildIdentified',
  data: {
    childId: id(child),
    memberState,
    investigationId: id(investigation),
    identifiedAt: '2024-04-01T10:00:00.000Z',
    sex: 'FEMALE',
    identificationRoute: 'PROVIDER_REPORT_ART3',
    identifyingBody: 'LAW_ENFORCEMENT',
    residence: memberState,
    ageBand: '12-15',
    ...facts,
    linkedReportIds: ids(linkedReportIds),
  },
});

export const childCorrected = (child: string, changes: readonly (readonly [keyof ChildFacts, unknown, unknown])[]): ChildEvent => ({
  type: 'ChildRecordCorrected',
  data: { childId: id(child), changes: changes.map(([field, oldValue, newValue]) => ({ field, oldValue, newValue })), reason: 'recording error' },
});

/** Recorded on the duplicate's stream: `duplicate` is the same child as `into`. */
export const childrenMerged = (duplicate: string, into: string): ChildEvent => ({
  type: 'ChildRecordsMerged',
  data: { duplicateChildId: id(duplicate), childId: id(into) },
});

export interface JudgmentOptions {
  readonly outcome?: JudgmentOutcome;
  readonly decidedAt?: string;
  readonly convictedOffenceIds?: readonly string[];
  readonly memberState?: MemberState;
}

export const judgmentRecorded = (
  judgment: string,
  investigation: string,
  person: string,
  { outcome = 'CONVICTED', decidedAt = '2024-11-20T10:00:00.000Z', convictedOffenceIds = [], memberState = 'NL' }: JudgmentOptions = {},
): JudgmentEvent => ({
  type: 'JudgmentRecorded',
  data: {
    judgmentId: id(judgment),
    memberState,
    investigationId: id(investigation),
    personId: id(person),
    court: 'Rechtbank Amsterdam',
    decidedAt,
    outcome,
    convictedOffenceIds: ids(convictedOffenceIds),
    numberOfCounts: null,
    source: 'COURT_REGISTRY',
  },
});

export const appealLodged = (judgment: string, lodgedAt: string): JudgmentEvent => ({
  type: 'AppealLodged',
  data: { judgmentId: id(judgment), lodgedAt, by: 'DEFENCE' },
});

export const judgmentModifiedOnAppeal = (judgment: string, newOutcome: JudgmentOutcome, decidedAt: string, convictedOffenceIds: readonly string[] = []): JudgmentEvent => ({
  type: 'JudgmentModifiedOnAppeal',
  data: { judgmentId: id(judgment), newOutcome, decidedAt, convictedOffenceIds: ids(convictedOffenceIds) },
});

export const judgmentBecameFinal = (judgment: string, finalAt: string): JudgmentEvent => ({
  type: 'JudgmentBecameFinal',
  data: { judgmentId: id(judgment), finalAt },
});

export const dataNotAvailableDeclared = (
  memberState: MemberState,
  year: number,
  metric: Art8Metric,
  reason: NotAvailableReason = 'NOT_RECORDED_NATIONALLY',
  note: string | null = null,
): StatisticsEvent => ({ type: 'DataNotAvailableDeclared', data: { memberState, year, metric, reason, note } });

export const dataNotAvailableWithdrawn = (memberState: MemberState, year: number, metric: Art8Metric): StatisticsEvent => ({
  type: 'DataNotAvailableWithdrawn',
  data: { memberState, year, metric, reason: 'the figures were found after all' },
});

export const methodologyChanged = (memberState: MemberState, metric: Art8Metric, effectiveFrom: string, description = 'new definition'): StatisticsEvent => ({
  type: 'MethodologyChanged',
  data: { memberState, metric, effectiveFrom, description },
});

export const publishedNcmecFigureRecorded = (memberState: MemberState, year: number, count: number): StatisticsEvent => ({
  type: 'PublishedNcmecFigureRecorded',
  data: { memberState, year, count, source: 'COM(2025) 740, Table 7' },
});

/** The stream a decider's event is appended to (`<category>-<id>`; a merge goes to the duplicate's stream). */
export const streamOf = (event: StatisticsDomainEvent): string => {
  const data = event.data as Record<string, string>;
  switch (event.type) {
    case 'ReportReceived':
    case 'ReportAssessed':
    case 'ReportMarkedDuplicate':
    case 'ReportCorrected':
    case 'ReportWithdrawn':
      return `report-${data.reportId}`;
    case 'InvestigationOpened':
    case 'ReportLinkedToInvestigation':
    case 'OffenceClassified':
    case 'SuspectIdentified':
    case 'ChargeFiled':
    case 'InvestigationClosed':
      return `investigation-${data.investigationId}`;
    case 'ChildIdentified':
    case 'ChildRecordCorrected':
      return `child-${data.childId}`;
    case 'ChildRecordsMerged':
      return `child-${data.duplicateChildId}`;
    case 'JudgmentRecorded':
    case 'AppealLodged':
    case 'JudgmentModifiedOnAppeal':
    case 'JudgmentBecameFinal':
      return `judgment-${data.judgmentId}`;
    default:
      return `statistics-${data.memberState}`;
  }
};
