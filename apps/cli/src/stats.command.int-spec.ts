import { join } from 'node:path';
import { Client } from 'pg';
import { openCliStorage, runCli, type CliStorage } from '../../../test/support/cli-harness';
import { fixedUuid, recordReport, reportData, writeNdjson } from '../../../test/support/import-fixtures';
import { csvObjects } from '../../../test/support/statistics-csv';

const sharedHash = { algorithm: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' };
const inSlovenia2021 = (n: number, overrides: Record<string, unknown> = {}) =>
  reportData(n, { memberState: 'SI', receivedAt: '2021-06-01T10:00:00Z', ...overrides });

/** Slovenia, 2021: one case reported twice (same content hash), one other case, one line repeating a report. */
const reportsFile = (): string[] => [
  recordReport(inSlovenia2021(1, { contentHashes: [sharedHash] })),
  // Hashes compare case-insensitively: the same content seen again is a repeat report of case 1.
  recordReport(inSlovenia2021(2, { contentHashes: [{ ...sharedHash, value: sharedHash.value.toUpperCase() }] })),
  recordReport(inSlovenia2021(3)),
  // The same report as line 1 (channel and external reference) under another id: not a fourth report.
  recordReport({ ...inSlovenia2021(1, { contentHashes: [sharedHash] }), reportId: fixedUuid(4) }),
  // Another year: not in the 2021 figures.
  recordReport(inSlovenia2021(5, { receivedAt: '2022-06-01T10:00:00Z' })),
  // Convictions were not collected for 2021: "no data", which must never print as 0.
  JSON.stringify({
    type: 'DeclareDataNotAvailable',
    data: { memberState: 'SI', year: 2021, metric: 'ART8_1_C', reason: 'NOT_RECORDED_NATIONALLY', note: 'court data held by the ministry' },
  }),
  // Children are counted differently from 2022 on: a break in 2022, and (b)'s second definition from then on.
  JSON.stringify({
    type: 'RecordMethodologyChange',
    data: { memberState: 'SI', metric: 'ART8_1_B', effectiveFrom: '2022-01-01', description: 'children counted once' },
  }),
];

describe('registry stats art8', () => {
  let storage: CliStorage;
  const art8 = (...flags: string[]) =>
    runCli(['stats', 'art8', '--ms', 'SI', '--year', '2021', ...flags, ...storage.storageArgs]);

  beforeAll(async () => {
    storage = await openCliStorage();
    const file = join(storage.workDir, 'slovenia.ndjson');
    await writeNdjson(file, reportsFile());
    const imported = await runCli(['import', file, ...storage.storageArgs]);
    expect(imported).toEqual({ code: 0, stdout: 'imported 6, already recorded 1, rejected 0\n', stderr: '' });
  }, 60_000);
  afterAll(() => storage.close());

  it('counts a report whose content hash matches an earlier one as a repeat report, not a distinct case', async () => {
    const run = await art8('--format', 'json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ memberState: 'SI', year: 2021 });
    expect(document.a).toMatchObject({
      totalReports: 3,
      distinctCases: 2,
      repeatReports: 1,
      casesReportedMultipleTimes: 1,
    });
    // The figures are stamped with the log position they reflect.
    expect(document.asOf.position).toEqual(expect.any(String));
  });

  it('shows a metric declared not available as null with its reason, never as 0', async () => {
    const document = JSON.parse((await art8()).stdout);
    expect(document.c).toBeNull();
    expect(document.status.ART8_1_C).toMatchObject({ status: 'NOT_AVAILABLE', reason: 'NOT_RECORDED_NATIONALLY' });
    // No children were identified: a zero derived from events, shown as such.
    expect(document.b.allRoutes).toEqual({ female: 0, male: 0, notStated: 0, total: 0 });
    expect(document.status.ART8_1_B).toMatchObject({ status: 'COMPLETE', reason: null });
  });

  it('prints one row per figure with --format csv, its status, reason and definition version', async () => {
    const run = await art8('--format', 'csv');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toBe('metric,breakdown,value,status,confidentiality,reason,definitionVersion');
    expect(rows.every((row) => row.split(',').length === 7)).toBe(true);
    expect(rows).toEqual(
      expect.arrayContaining([
        // None of the reports is assessed yet, so (a) is provisional. No methodology change: definition 1.
        'ART8_1_A,totalReports,3,PROVISIONAL,F,,1',
        'ART8_1_A,distinctCases,2,PROVISIONAL,F,,1',
        'ART8_1_A,repeatReports,1,PROVISIONAL,F,,1',
        'ART8_1_A,bySourceChannel.NCMEC,3,PROVISIONAL,F,,1',
        'ART8_1_B,allRoutes.total,0,COMPLETE,F,,1',
        // Not available: each figure with an empty value, never a 0, and the declared reason.
        'ART8_1_C,convictedPersons,,NOT_AVAILABLE,F,NOT_RECORDED_NATIONALLY,1',
        'ART8_1_C,convictedPersonsFinal,,NOT_AVAILABLE,F,NOT_RECORDED_NATIONALLY,1',
      ]),
    );
    expect(rows.filter((row) => row.split(',')[1] === '')).toEqual([]);
  });

  it('prints the quality matrix as csv with the definition the figures of each year follow', async () => {
    const run = await runCli(['stats', 'quality', '--ms', 'SI', '--format', 'csv', ...storage.storageArgs]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toBe('year,metric,status,reason,flags,definitionVersion');
    const childrenRows = rows.filter((row) => row.split(',')[1] === 'ART8_1_B');
    expect(childrenRows).toEqual([
      '2021,ART8_1_B,COMPLETE,,,1',
      '2022,ART8_1_B,BREAK_IN_SERIES,,BREAK_IN_SERIES,2',
      '2023,ART8_1_B,COMPLETE,,,2',
      '2024,ART8_1_B,COMPLETE,,,2',
    ]);
  });

  it('withholds small pending counts from the quality matrix with --disclosure public, as art8 does', async () => {
    const quality = async (disclosure: string) => {
      const run = await runCli(['stats', 'quality', '--ms', 'SI', '--disclosure', disclosure, ...storage.storageArgs]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      return JSON.parse(run.stdout).years.find((row: { year: number }) => row.year === 2021).metrics;
    };
    // The three reports are not assessed yet: (a)'s pending is a.unassessedReports, 3, a small count.
    expect((await quality('exact')).ART8_1_A.pending).toBe(3);
    const published = JSON.parse((await art8('--disclosure', 'public')).stdout);
    expect(published.status.ART8_1_A.pending).toBeNull();
    expect(await quality('public')).toEqual(published.status);
    expect(await runCli(['stats', 'quality', '--ms', 'SI', '--disclosure', 'secret', ...storage.storageArgs])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'registry: --disclosure must be one of exact, public, got "secret"\n',
    });
  });

  it('prints the reconciliation as csv: one row a year, a figure NCMEC did not publish empty, never 0', async () => {
    expect(await runCli(['reference', 'load-ncmec', '--ms', 'SI', ...storage.storageArgs])).toMatchObject({ code: 0 });
    const reconciliation = (...flags: string[]) =>
      runCli(['stats', 'reconciliation', '--ms', 'SI', ...flags, ...storage.storageArgs]);
    const run = await reconciliation('--format', 'csv');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { header, rows } = csvObjects(run.stdout);
    const columns = ['year', 'reportsWithNcmecReference', 'publishedNcmecFigure', 'difference', 'ratio', 'source'];
    expect(header).toEqual(columns);
    // The source names a table with a comma in it: quoted, and read back whole.
    const table7 = 'COM(2025) 740, Table 7 (NCMEC reports per member state, deduplicated)';
    const year = (...cells: string[]) => Object.fromEntries(columns.map((column, i) => [column, cells[i] ?? table7]));
    expect(rows).toEqual([
      // 2021: three reports with a CyberTipline reference, and no figure published by NCMEC for the year.
      year('2021', '3', '', '', '', ''),
      year('2022', '1', '14795', '-14794', '0'),
      year('2023', '0', '6204', '-6204', '0'),
      year('2024', '0', '4685', '-4685', '0'),
    ]);
    expect(await reconciliation('--format', 'sdmx-csv')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'registry: --format must be one of json, csv, got "sdmx-csv"\n',
    });
  });
});

/** AT 2024, imported: a report with one case's content hash and another case's account joins the two cases. */
describe('registry stats art8 after an import that links two cases', () => {
  let storage: CliStorage;
  const hash = { algorithm: 'MD5', value: `cccc0001${'0'.repeat(24)}` };
  const inAustria = (n: number, receivedAt: string, overrides: Record<string, unknown>) =>
    reportData(n, { memberState: 'AT', receivedAt, contentHashes: [], ...overrides });

  beforeAll(async () => {
    storage = await openCliStorage();
    const file = join(storage.workDir, 'austria.ndjson');
    // One batch: rid203's reads of rid201's and rid202's streams see the batch's own appends.
    await writeNdjson(file, [
      recordReport(inAustria(201, '2024-01-10T10:00:00Z', { contentHashes: [hash] })),
      recordReport(inAustria(202, '2024-01-11T10:00:00Z', { accountRefs: ['acctY001'] })),
      recordReport(inAustria(203, '2024-01-12T10:00:00Z', { contentHashes: [hash], accountRefs: ['acctY001'] })),
    ]);
    const imported = await runCli(['import', file, ...storage.storageArgs]);
    expect(imported).toEqual({ code: 0, stdout: 'imported 3, already recorded 0, rejected 0\n', stderr: '' });
  }, 60_000);
  afterAll(() => storage.close());

  it('counts one case reported three times, and a rebuild beside the read models counts the same', async () => {
    const art8 = ['stats', 'art8', '--ms', 'AT', '--year', '2024', '--format', 'json'];
    const run = await runCli([...art8, ...storage.storageArgs]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const oneCase = { totalReports: 3, distinctCases: 1, repeatReports: 2, casesReportedMultipleTimes: 1 };
    expect(JSON.parse(run.stdout).a).toMatchObject(oneCase);
    const verified = await runCli(['rebuild', '--verify', '--projection', 'statistics', ...storage.storageArgs]);
    expect(verified).toMatchObject({ code: 0, stderr: '' });
    expect(verified.stdout).toMatch(/^statistics: no difference from a rebuild at position \d+$/m);
  }, 60_000);
});

// Another session's transaction holds the log's readable end only on a server (PGlite runs one at a time).
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('registry stats while a transaction open on the server holds the log back', () => {
  let storage: CliStorage;
  /** An operator's psql session, say, that took a transaction id and was left open. */
  let holder: Client;

  beforeAll(async () => {
    storage = await openCliStorage();
    holder = new Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
  });
  afterAll(async () => {
    await holder.end();
    await storage.close();
  });

  const importLines = async (name: string, lines: string[]) => {
    const file = join(storage.workDir, name);
    await writeNdjson(file, lines);
    expect(await runCli(['import', file, ...storage.storageArgs])).toMatchObject({ code: 0, stderr: '' });
  };

  it('prints the figures as of the readable end, and says so in one line on stderr', async () => {
    await importLines('first.ndjson', [recordReport(inSlovenia2021(1))]);
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    await importLines('later.ndjson', [recordReport(inSlovenia2021(2)), recordReport(inSlovenia2021(3))]);

    const run = await runCli(['stats', 'art8', '--ms', 'SI', '--year', '2021', ...storage.storageArgs]);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).a.totalReports).toBe(1);
    const note =
      "^registry: note: \\d+ committed events are not yet readable: a transaction open on the database server for " +
      "\\d+ s holds the log's readable end \\(ADR 0001\\); the figures are as of position \\d+ at the latest\n$";
    expect(run.stderr).toMatch(new RegExp(note));
    await holder.query('ROLLBACK');
  }, 60_000);
});
