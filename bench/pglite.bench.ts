import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import { NdjsonImport, RegistryModule, RegistryRuntime, type SecurityConfig } from '@registry/application';
import { startEmbeddedPostgres } from '@registry/event-store';
import { isDisposable } from '@registry/projections';
import { BENCH_ACTOR, WORK_DIR, flag, peakRssMiB, report, round, seconds } from './bench-support';
import { rawOrderedRead } from './raw-read';
import { writeReportLines } from './report-lines';

/**
 * Benchmark 5: benchmarks 1 and 3 on embedded PGlite (the zero-setup storage, `--data-dir`), at a smaller N.
 * PGlite's socket does not speak COPY FROM STDIN, so the import's baseline is PGlite's own COPY from a blob
 * through its direct API, of the same rows, into a bare table in the same data directory.
 */
const main = async (): Promise<void> => {
  const lines = Number(flag('lines', '50000'));
  const dataDir = join(WORK_DIR, 'pglite-data');
  const file = join(WORK_DIR, 'reports-pglite.ndjson');
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  await writeReportLines(file, { lines });

  // Timed once PGlite is open (it takes seconds to start), as the import itself.
  const { result: summary, seconds: importSeconds } = await withEmbedded(dataDir, (runtime, importer) =>
    importer.run(createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity }), BENCH_ACTOR, {}, { parseOnThread: !process.argv.includes('--parse-inline') }),
  );
  const peakRss = peakRssMiB();
  const copy = await copyBaseline(join(dataDir, 'pglite'));

  const { seconds: rebuildSeconds } = await withEmbedded(dataDir, (runtime) => runtime.projector.rebuild(runtime.projector.projections.filter(isDisposable)));
  const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite') });
  const raw = await rawOrderedRead('public', embedded.url).finally(() => embedded.stop());

  const importRate = copy.events / importSeconds;
  const rebuildRate = copy.events / rebuildSeconds;
  report('pglite', {
    storage: `embedded PGlite (data directory ${dataDir}), N = ${lines} lines (smaller than benchmark 1)`,
    lines,
    summary,
    events: copy.events,
    import: {
      seconds: round(importSeconds, 2),
      eventsPerSecond: round(importRate, 0),
      peakRssMiB: peakRss,
      baseline: { what: 'PGlite COPY FROM a blob (direct API) of the same rows into a bare table', seconds: round(copy.seconds, 2), eventsPerSecond: round(copy.eventsPerSecond, 0) },
      ratio: round(importRate / copy.eventsPerSecond, 3),
    },
    rebuild: {
      seconds: round(rebuildSeconds, 2),
      logEventsPerSecond: round(rebuildRate, 0),
      baseline: { what: 'raw ordered read through PGlite socket (keyset pages of 1000)', seconds: round(raw.seconds, 2), eventsPerSecond: round(raw.eventsPerSecond, 0) },
      ratio: round(rebuildRate / raw.eventsPerSecond, 3),
    },
  });
};

/** Runs `work` on the registry over the data directory, timing `work` alone. */
const withEmbedded = async <T>(dataDir: string, work: (runtime: RegistryRuntime, importer: NdjsonImport) => Promise<T>): Promise<{ result: T; seconds: number }> => {
  // The same keys for the import and the rebuild: a database refuses keys other than those it was written with.
  const security: SecurityConfig = {
    ...{ dataDir, masterKey: Buffer.alloc(32, 42), auth: { kind: 'embedded' } },
    ...{ rateLimitPerMinute: 1_000_000, corsOrigins: [] },
  };
  const runtime = await RegistryRuntime.open(
    { storage: { kind: 'embedded', dataDir, schema: 'public' }, port: 0, eventStoreUrl: null, security },
    { projections: 'none' },
  );
  const app = await NestFactory.createApplicationContext(RegistryModule.forRuntime(runtime), { logger: ['error', 'warn'] });
  try {
    const startedAt = process.hrtime.bigint();
    const result = await work(runtime, app.get(NdjsonImport));
    return { result, seconds: seconds(startedAt) };
  } finally {
    await app.close();
    await runtime.close();
  }
};

/** Exports the imported rows and times PGlite's COPY of them into a bare table (then drops it). */
const copyBaseline = async (pgliteDir: string): Promise<{ events: number; seconds: number; eventsPerSecond: number }> => {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: pgliteDir });
  try {
    const columns = 'stream_name, stream_revision, event_id, type, data, metadata';
    const exported = await db.query(`COPY (SELECT ${columns} FROM events ORDER BY global_position) TO '/dev/blob'`);
    const rows = exported.blob;
    if (!rows) throw new Error('PGlite returned no blob');
    const [{ events }] = (await db.query<{ events: number }>(`SELECT count(*)::int AS events FROM events`)).rows as [{ events: number }];
    await db.exec(`DROP TABLE IF EXISTS bench_bare; CREATE TABLE bench_bare (global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      stream_name text NOT NULL, stream_revision integer NOT NULL, event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      UNIQUE (stream_name, stream_revision))`);
    const startedAt = process.hrtime.bigint();
    await db.query(`COPY bench_bare (${columns}) FROM '/dev/blob'`, [], { blob: rows });
    const elapsed = seconds(startedAt);
    await db.exec('DROP TABLE bench_bare');
    return { events, seconds: elapsed, eventsPerSecond: events / elapsed };
  } finally {
    await db.close();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
