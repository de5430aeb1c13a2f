import { writeFile } from 'node:fs/promises';

/** A fixed, valid v4 uuid per number: reruns and failures name the same ids. */
export const fixedUuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

type Data = Record<string, unknown>;

/** The `data` of a valid RecordReport; `n` makes its id, external reference and content hash unique. */
export const reportData = (n: number, overrides: Data = {}): Data => ({
  reportId: fixedUuid(n),
  memberState: 'NL',
  receivedAt: '2024-03-01T10:00:00Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  externalReference: `CT-${n}`,
  provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION' },
  contentCategory: 'KNOWN_CSAM',
  detectedUnderArt3: true,
  contentHashes: [{ algorithm: 'MD5', value: n.toString(16).padStart(32, '0') }],
  ...overrides,
});

export const recordReport = (data: Data): string => JSON.stringify({ type: 'RecordReport', data });

export const assessReport = (reportId: string, assessedAt = '2024-03-02T09:00:00Z'): string =>
  JSON.stringify({ type: 'AssessReport', data: { reportId, actionable: true, assessedAt } });

/** Writes the lines as an NDJSON file (with a trailing newline, as tools write them). */
export const writeNdjson = (path: string, lines: readonly string[]): Promise<void> =>
  writeFile(path, `${lines.join('\n')}\n`);
