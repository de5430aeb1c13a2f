import type { MemberState } from '../shared';
import type { ReportFacts, ReportId, ReportReceived } from './report.events';
import type { RecordReport } from './report.commands';

/** Fixed, realistic report facts for specs: hashes only, no content, no names. */
export const aReportId = '0b6f3f0e-6f5c-4b8e-9d1a-2f4c6e8a0b11' as ReportId;
export const anotherReportId = '1c7a4a1f-7a6d-4c9f-8e2b-3a5d7f9b1c22' as ReportId;
export const aThirdReportId = '2d8b5b20-8b7e-4da0-9f3c-4b6e8a0c2d33' as ReportId;

export const someFacts = (overrides: Partial<ReportFacts> = {}): ReportFacts => ({
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

export const received = (reportId: ReportId = aReportId, memberState: MemberState = 'NL', facts = someFacts()): ReportReceived => ({
  type: 'ReportReceived',
  data: { reportId, memberState, ...facts },
});

export const recordReport = (
  reportId: ReportId = aReportId,
  memberState: MemberState = 'NL',
  facts = someFacts(),
  intakeMatch: RecordReport['data']['intakeMatch'] = null,
): RecordReport => ({ type: 'RecordReport', data: { reportId, memberState, ...facts, intakeMatch } });
