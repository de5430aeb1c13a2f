import { isDisposable } from '@registry/projections';
import { rawOrderedRead } from './raw-read';
import { IMPORT_SCHEMA, flag, openRegistry, report, round, seconds, sql } from './bench-support';

/**
 * Benchmark 3: `registry rebuild` of every projection over the log benchmark 1 imported, against a raw ordered
 * read of the same events table (keyset pages of 1000 in the log's (transaction, position) order, every
 * column, jsonb parsed by pg: what any projector must at least do), measured in the same run.
 */
const main = async (): Promise<void> => {
  const schema = flag('schema', IMPORT_SCHEMA);
  const [{ events }] = (await sql<{ events: string }>(`SELECT count(*) AS events FROM "${schema}".events`)) as [{ events: string }];
  const logEvents = Number(events);
  const raw = await rawOrderedRead(schema);

  const batchSize = flag('batch-size', '');
  const registry = await openRegistry(schema, batchSize ? Number(batchSize) : undefined);
  const disposable = registry.runtime.projector.projections.filter(isDisposable);
  const projections: Record<string, { eventsApplied: number; doneAfterSeconds?: number }> = {};
  for (const projection of disposable) {
    const [{ applied }] = (await sql<{ applied: string }>(countFor(schema, projection.filter))) as [{ applied: string }];
    projections[projection.name] = { eventsApplied: Number(applied) };
  }
  const startedAt = process.hrtime.bigint();
  try {
    // As `registry rebuild` does: every disposable projection at once.
    await registry.runtime.projector.rebuild(disposable, {
      onProgress: ({ projection }) => void (projections[projection]!.doneAfterSeconds = round(seconds(startedAt), 2)),
    });
  } finally {
    await registry.close().catch(() => undefined);
  }
  const rebuildSeconds = seconds(startedAt);
  const notary = await notaryCatchUp(schema);
  const rate = logEvents / rebuildSeconds;
  const applied = Object.values(projections).reduce((sum, { eventsApplied }) => sum + eventsApplied, 0);
  report('rebuild', {
    storage: `PostgreSQL, schema ${schema}`,
    logEvents,
    seconds: round(rebuildSeconds, 2),
    logEventsPerSecond: round(rate, 0),
    eventsAppliedPerSecond: round(applied / rebuildSeconds, 0),
    projections,
    baseline: { what: 'raw ordered read of the whole events table (keyset pages of 1000, all columns)', seconds: round(raw.seconds, 2), eventsPerSecond: round(raw.eventsPerSecond, 0) },
    ratio: round(rate / raw.eventsPerSecond, 3),
    ratioNote: 'log events rebuilt per second / raw ordered-read rate; projections read only their categories (key claims are skipped by index)',
    notary: { ...notary, note: 'never rebuilt (evidence, not a read model): its first catch-up over the imported log, not part of the ratio' },
    targets: { ratioAtLeast: 0.5, met: rate / raw.eventsPerSecond >= 0.5 },
  });
};

/** The notary hashes every event of the log into its chain; after an import it catches up once. */
const notaryCatchUp = async (schema: string): Promise<{ seconds: number; eventsPerSecond: number } | { skipped: string }> => {
  const registry = await openRegistry(schema);
  try {
    const notary = registry.runtime.projector.projections.find((projection) => projection.name === 'notary');
    if (!notary) return { skipped: 'no notary projection' };
    await registry.runtime.readModels.query(`TRUNCATE ${notary.tables.join(', ')}`);
    await registry.runtime.readModels.query(`DELETE FROM projection_checkpoint WHERE projection = 'notary'`);
    const [{ events }] = (await sql<{ events: string }>(`SELECT count(*) AS events FROM "${schema}".events`)) as [{ events: string }];
    const startedAt = process.hrtime.bigint();
    await registry.runtime.projector.catchUp([notary]);
    const elapsed = seconds(startedAt);
    return { seconds: round(elapsed, 2), eventsPerSecond: round(Number(events) / elapsed, 0) };
  } finally {
    await registry.close();
  }
};

const countFor = (schema: string, filter: { streamCategories?: readonly string[]; eventTypes?: readonly string[] }): string => {
  const conditions = [
    ...(filter.streamCategories?.length ? [`category IN (${filter.streamCategories.map((c) => `'${c}'`).join(', ')})`] : []),
    ...(filter.eventTypes?.length ? [`type IN (${filter.eventTypes.map((t) => `'${t}'`).join(', ')})`] : []),
  ];
  return `SELECT count(*) AS applied FROM "${schema}".events${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
