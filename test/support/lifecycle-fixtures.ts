import { randomUUID } from 'node:crypto';

/** Realistic request bodies for the case lifecycle: pseudonymous ids and hashes only, never content or names. */
export const reportBody = (overrides: Record<string, unknown> = {}) => ({
  reportId: randomUUID(),
  memberState: 'NL',
  receivedAt: '2024-03-01T10:00:00Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  externalReference: `CT-${randomUUID()}`,
  provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION' },
  contentCategory: 'KNOWN_CSAM',
  detectedUnderArt3: true,
  contentHashes: [{ algorithm: 'PDQ', value: randomUUID().replace(/-/g, '') }],
  ...overrides,
});

export const investigationBody = (reportIds: string[], overrides: Record<string, unknown> = {}) => ({
  investigationId: randomUUID(),
  memberState: 'NL',
  openedAt: '2024-03-10T09:00:00Z',
  reportIds,
  trigger: 'PROVIDER_REPORT',
  ...overrides,
});

export const offenceBody = (overrides: Record<string, unknown> = {}) => ({
  offenceId: randomUUID(),
  nationalProvision: 'Sr. art. 252',
  category: 'CSAM_DISTRIBUTION',
  onlineNexus: 'ONLINE',
  offenceDate: '2024-02-20T00:00:00Z',
  ...overrides,
});

export const childBody = (investigationId: string, linkedReportIds: string[], overrides: Record<string, unknown> = {}) => ({
  childId: randomUUID(),
  memberState: 'NL',
  investigationId,
  identifiedAt: '2024-04-01T10:00:00Z',
  sex: 'FEMALE',
  identificationRoute: 'PROVIDER_REPORT_ART3',
  linkedReportIds,
  identifyingBody: 'LAW_ENFORCEMENT',
  residence: 'NL',
  ageBand: '12-15',
  ...overrides,
});

export const judgmentBody = (investigationId: string, personId: string, convictedOffenceIds: string[], overrides: Record<string, unknown> = {}) => ({
  judgmentId: randomUUID(),
  memberState: 'NL',
  investigationId,
  personId,
  court: 'Rechtbank Amsterdam',
  decidedAt: '2024-11-20T10:00:00Z',
  outcome: 'CONVICTED',
  convictedOffenceIds,
  source: 'COURT_REGISTRY',
  ...overrides,
});
