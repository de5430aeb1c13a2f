import { execFileSync } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jsonLines, openCliStorage, runCli, type CliStorage } from '../../../test/support/cli-harness';
import { assessReport, fixedUuid, recordReport, reportData, writeNdjson } from '../../../test/support/import-fixtures';

/** One file with every kind of bad line between good ones; the comment on each line is its expected fate. */
const mixedFile = (): string[] => {
  const { receivedAt: _r, reporterKind: _k, ...missingFields } = reportData(2);
  const report1UnderAnotherId = { ...reportData(1), reportId: fixedUuid(10) };
  return [
    /* 1 recorded */ recordReport(reportData(1)),
    /* 2 missing receivedAt and reporterKind */ recordReport(missingFields),
    /* 3 wrong enum */ recordReport(reportData(3, { reporterKind: 'ROBOT' })),
    /* 4 no 30 February */ recordReport(reportData(4, { receivedAt: '2024-02-30T10:00:00Z' })),
    /* 5 unknown member state */ recordReport(reportData(5, { memberState: 'XX' })),
    /* 6 malformed JSON */ '{"type":"RecordReport","data":{',
    /* 7 unknown command type */ JSON.stringify({ type: 'DeleteEverything', data: {} }),
    /* 8 refers to line 3's report, which was rejected */ assessReport(fixedUuid(3)),
    /* 9 recorded */ assessReport(fixedUuid(1)),
    /* 10 same channel and reference as line 1: the same report */ recordReport(report1UnderAnotherId),
    /* 11 blank lines are skipped but still counted */ '',
    /* 12 recorded */ recordReport(reportData(12)),
  ];
};

// The tests share one store and run in order: each builds on what the earlier ones imported.
describe('registry import FILE', () => {
  let storage: CliStorage;
  let file: string;
  const importFile = () => runCli(['import', file, ...storage.storageArgs]);

  beforeAll(async () => {
    storage = await openCliStorage();
    file = join(storage.workDir, 'reports.ndjson');
    await writeNdjson(file, mixedFile());
  }, 60_000);
  afterAll(() => storage.close());

  it('records the good lines, rejects the bad ones with their line numbers, and exits 1', async () => {
    const run = await importFile();
    expect(run.stdout).toBe('imported 3, already recorded 1, rejected 7\n');
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([`registry: 7 line(s) rejected: see ${file}.rejected.ndjson`]);

    const rejected = jsonLines(await readFile(`${file}.rejected.ndjson`, 'utf8')) as {
      line: number;
      input: unknown;
      code: string;
      errors?: { field: string }[];
    }[];
    const fieldsOf = (line: number) => rejected.find((r) => r.line === line)?.errors?.map((e) => e.field);
    expect(rejected.map(({ line, code }) => [line, code])).toEqual([
      [2, 'INPUT.INVALID'],
      [3, 'INPUT.INVALID'],
      [4, 'INPUT.INVALID'],
      [5, 'INPUT.INVALID'],
      [6, 'IMPORT.MALFORMED_JSON'],
      [7, 'IMPORT.UNKNOWN_COMMAND'],
      [8, 'IMPORT.DEPENDS_ON_REJECTED_LINE'],
    ]);
    expect(fieldsOf(2)).toEqual(expect.arrayContaining(['receivedAt', 'reporterKind']));
    expect(fieldsOf(3)).toEqual(['reporterKind']);
    expect(fieldsOf(4)).toEqual(['receivedAt']);
    expect(fieldsOf(5)).toEqual(['memberState']);
    // Each rejected line carries its input, so it can be fixed and re-imported on its own.
    expect(rejected.every(({ input }) => typeof input === 'string')).toBe(true);
  });

  it('records nothing new when the same file is imported again', async () => {
    const before = await storage.eventCount();
    const run = await importFile();
    // Every good line, and the repeated report, now counts as already recorded.
    expect(run.stdout).toBe('imported 0, already recorded 4, rejected 7\n');
    expect(run.code).toBe(1);
    expect(await storage.eventCount()).toBe(before);
    // The rejected-lines file describes this run only: rewritten, not appended to.
    const rejected = jsonLines(await readFile(`${file}.rejected.ndjson`, 'utf8')) as { line: number }[];
    expect(rejected.map(({ line }) => line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('exits 0 when no line is rejected', async () => {
    const clean = join(storage.workDir, 'clean.ndjson');
    await writeNdjson(clean, [recordReport(reportData(20)), assessReport(fixedUuid(20))]);
    // What an earlier run of the file rejected is gone once a run rejects nothing, and no empty file is left.
    await writeFile(`${clean}.rejected.ndjson`, '{"line":1}\n');
    const run = await runCli(['import', clean, ...storage.storageArgs]);
    expect(run).toEqual({ code: 0, stdout: 'imported 2, already recorded 0, rejected 0\n', stderr: '' });
    await expect(access(`${clean}.rejected.ndjson`)).rejects.toThrow();
  });

  it('reads a pipe, writing its rejected lines where --rejected says', async () => {
    const pipe = join(storage.workDir, 'lines.pipe');
    const rejectedFile = join(storage.workDir, 'from-the-pipe.rejected.ndjson');
    execFileSync('mkfifo', [pipe]);
    // The writer opens the pipe when the import opens it to read.
    const writing = writeFile(pipe, `${recordReport(reportData(21))}\nnot json\n`);
    const run = await runCli(['import', pipe, '--rejected', rejectedFile, ...storage.storageArgs]);
    await writing;
    expect(run).toEqual({
      code: 1,
      stdout: 'imported 1, already recorded 0, rejected 1\n',
      stderr: `registry: 1 line(s) rejected: see ${rejectedFile}\n`,
    });
    const rejected = jsonLines(await readFile(rejectedFile, 'utf8')) as { line: number; code: string }[];
    expect(rejected.map(({ line, code }) => [line, code])).toEqual([[2, 'IMPORT.MALFORMED_JSON']]);
  });

  it('keeps one report when two lines carry the same channel and external reference', async () => {
    const run = await runCli(['history', `report-${fixedUuid(10)}`, ...storage.storageArgs]);
    // Line 10's own id was never given a stream: it was recognised as line 1's report.
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([`registry: Stream report-${fixedUuid(10)} has no events`]);
  });

  it('prints a report stream as JSON lines with metadata, oldest first', async () => {
    const run = await runCli(['history', `report-${fixedUuid(1)}`, ...storage.storageArgs]);
    expect(run.code).toBe(0);
    const entries = jsonLines(run.stdout) as {
      revision: number;
      globalPosition: string;
      type: string;
      metadata: Record<string, unknown>;
    }[];
    // Line 1 recorded it, line 9 assessed it; line 10 (the same report again) added nothing.
    expect(entries.map(({ revision, type }) => [revision, type])).toEqual([
      [0, 'ReportReceived'],
      [1, 'ReportAssessed'],
    ]);
    expect(BigInt(entries[0]!.globalPosition)).toBeLessThan(BigInt(entries[1]!.globalPosition));
    expect(entries.map(({ metadata }) => metadata)).toEqual([
      expect.objectContaining({
        correlationId: expect.stringMatching(/^import-[0-9a-f]{12}-line-1$/),
        memberState: 'NL',
        actor: expect.objectContaining({ userId: expect.stringMatching(/^cli:/) }),
      }),
      expect.objectContaining({
        correlationId: expect.stringMatching(/^import-[0-9a-f]{12}-line-9$/),
        recordedAt: expect.any(String),
        eventId: expect.any(String),
      }),
    ]);
    // One import: both lines' events carry its id.
    const [first, ninth] = entries.map(({ metadata }) => String(metadata.correlationId).split('-line-')[0]);
    expect(first).toBe(ninth);
  });
});
