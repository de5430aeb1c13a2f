import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NdjsonImport } from '@registry/application';
import { migrationSql } from '../libs/event-store/src/postgres/sql';
import {
  BENCH_ACTOR,
  DATABASE_URL,
  IMPORT_SCHEMA,
  WORK_DIR,
  flag,
  freshSchema,
  openRegistry,
  peakRssMiB,
  psqlCopy,
  report,
  round,
  seconds,
  sql,
} from './bench-support';
import { startCpuMeter, type CpuSplit } from './cpu-meter';
import { writeReportLines } from './report-lines';

/**
 * Benchmark 1: `registry import` of N RecordReport lines (the application path: validation, intake keys,
 * duplicate detection, batched appends) into a fresh schema, against psql `\copy` of exactly the rows the
 * import wrote into a bare events table (the raw ceiling), measured in the same run on the same server.
 */
const main = async (): Promise<void> => {
  const lines = Number(flag('lines', '1000000'));
  const schema = flag('schema', IMPORT_SCHEMA);
  const file = join(WORK_DIR, `reports.ndjson`);
  await mkdir(WORK_DIR, { recursive: true });
  const accountShare = Number(flag('account-share', '0.6'));
  await writeReportLines(file, { lines, accountShare });
  await freshSchema(schema);

  const registry = await openRegistry(schema);
  let summary;
  let importSeconds = 0;
  let cpuSplit: CpuSplit | undefined;
  const cpuAtStart = process.cpuUsage();
  const mainThreadAtStart = performance.eventLoopUtilization();
  const meter = startCpuMeter({ import: process.pid });
  const startedAt = process.hrtime.bigint();
  try {
    const input = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    summary = await registry.app.get(NdjsonImport).run(input, BENCH_ACTOR, {
      onProgress: (_summary, line) => {
        if (line % 100_000 === 0) console.error(`  line ${line}: ${round(line / seconds(startedAt), 0)} lines/s, rss ${peakRssMiB()} MiB`);
      },
    }, { batchLines: Number(flag('batch-lines', '1000')), parseOnThread: !process.argv.includes('--parse-inline') });
  } finally {
    // Measured before the registry closes: closing is not importing.
    importSeconds = seconds(startedAt);
    cpuSplit = meter.stop();
    await registry.close();
  }
  const cpu = process.cpuUsage(cpuAtStart);
  const nodeCpuMicrosPerLine = round((cpu.user + cpu.system) / lines, 0);
  // The main thread decides and writes; the parser thread's CPU is in nodeCpuMicrosPerLine but not here.
  const mainThreadBusy = performance.eventLoopUtilization(mainThreadAtStart);
  const mainThreadBusyMicrosPerLine = round((mainThreadBusy.active * 1000) / lines, 0);
  const peakRss = peakRssMiB();
  const [{ events }] = (await sql<{ events: string }>(`SELECT count(*) AS events FROM "${schema}".events`)) as [{ events: string }];
  const eventCount = Number(events);

  if (process.argv.includes('--no-baseline')) {
    const figures = { importSeconds, nodeCpuMicrosPerLine, mainThreadBusyMicrosPerLine, cpuSplit, peakRss };
    return void console.log({ lines, eventCount, ...figures, summary });
  }
  const baseline = await copyBaseline(schema, eventCount);
  const eventsPerSecond = eventCount / importSeconds;
  const ratio = eventsPerSecond / baseline.bareEventsPerSecond;
  report('import', {
    storage: `PostgreSQL (${DATABASE_URL.replace(/\/\/[^@]*@/, '//')}), schema ${schema}`,
    lines,
    summary,
    events: eventCount,
    seconds: round(importSeconds, 2),
    linesPerSecond: round(lines / importSeconds, 0),
    eventsPerSecond: round(eventsPerSecond, 0),
    peakRssMiB: peakRss,
    nodeCpuMicrosPerLine,
    mainThreadBusyMicrosPerLine,
    ...(cpuSplit && { cpu: cpuSplit }),
    baseline: {
      what: 'psql \\copy of the same rows (exported from the import) into a bare events table (identity key, unique stream/revision, jsonb)',
      seconds: round(baseline.bareSeconds, 2),
      eventsPerSecond: round(baseline.bareEventsPerSecond, 0),
      sameSchemaEventsPerSecond: round(baseline.fullEventsPerSecond, 0),
      sameSchemaNote: "the registry's events table (5 indexes, generated category, transaction id) filled by the same \\copy",
    },
    ratio: round(ratio, 3),
    targets: { ratioAtLeast: 0.4, peakRssMiBBelow: 1024, met: ratio >= 0.4 && peakRss < 1024 },
  });
};

/** Exports the rows the import wrote, then times \copy of them into a bare table and into a copy of our schema. */
const copyBaseline = async (schema: string, eventCount: number) => {
  const rows = join(WORK_DIR, 'rows.tsv');
  const columns = 'stream_name, stream_revision, event_id, type, data, metadata';
  psqlCopy(`\\copy (SELECT ${columns} FROM "${schema}".events ORDER BY global_position) TO '${rows}'`);
  const timeCopy = async (setup: readonly string[], table: string): Promise<number> => {
    await sql(setup);
    const startedAt = process.hrtime.bigint();
    psqlCopy(`\\copy ${table} (${columns}) FROM '${rows}'`);
    return seconds(startedAt);
  };
  const bareSeconds = await timeCopy(bareTable('bench_raw_bare'), 'bench_raw_bare.events');
  const fullSeconds = await timeCopy([`DROP SCHEMA IF EXISTS bench_raw_full CASCADE`, ...migrationSql('bench_raw_full')], 'bench_raw_full.events');
  await sql([`DROP SCHEMA bench_raw_bare CASCADE`, `DROP SCHEMA bench_raw_full CASCADE`]);
  await rm(rows);
  return { bareSeconds, bareEventsPerSecond: eventCount / bareSeconds, fullEventsPerSecond: eventCount / fullSeconds };
};

/** Events with only what any event table needs: a position, the optimistic-concurrency key, jsonb payloads. */
const bareTable = (schema: string): string[] => [
  `DROP SCHEMA IF EXISTS "${schema}" CASCADE`,
  `CREATE SCHEMA "${schema}"`,
  `CREATE TABLE "${schema}".events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_name text NOT NULL, stream_revision integer NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
    data jsonb NOT NULL, metadata jsonb NOT NULL, UNIQUE (stream_name, stream_revision))`,
];

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
