import { QueryBus } from '@nestjs/cqrs';
import { buildArt8Document, GetArt8DocumentQuery, GetCohortQuery } from '@registry/application';
import type { MemberState } from '@registry/domain';
import { currentMoment } from '@registry/projections';
import { DataSource } from 'typeorm';
import { IMPORT_SCHEMA, flag, openRegistry, percentile, report, round, seconds, sql } from './bench-support';

/**
 * Benchmark 4: `stats art8` and `stats cohort` at the size benchmark 1 imported (read models from benchmark
 * 3), as in-process queries through the QueryBus (what the CLI and the HTTP routes run), repeated; and
 * `--as-of` a global position half way through the log. The QueryBus serves a document whose statistics state
 * it computed before from memory (Art8DocumentMemo), so the computation itself is timed on its own as well:
 * what the first request after a change pays.
 */
const main = async (): Promise<void> => {
  const schema = flag('schema', IMPORT_SCHEMA);
  const runs = Number(flag('runs', '50'));
  const memberState = flag('ms', 'DE') as MemberState;
  const year = 2024;
  const [{ reports, last }] = (await sql<{ reports: string; last: string }>(
    `SELECT (SELECT count(*) FROM "${schema}".stat_report WHERE valid_to IS NULL) AS reports, (SELECT max(global_position) FROM "${schema}".events) AS last`,
  )) as [{ reports: string; last: string }];
  const registry = await openRegistry(schema);
  try {
    const bus = registry.app.get(QueryBus);
    const art8 = await timed(runs, () => bus.execute(new GetArt8DocumentQuery(memberState, year, { disclosure: 'exact' })));
    const readModels = registry.app.get(DataSource);
    const art8Computed = await timed(runs, () =>
      readModels.transaction('REPEATABLE READ', async (manager) => buildArt8Document(manager, memberState, year, await currentMoment(manager), 'exact')),
    );
    const cohort = await timed(runs, () => bus.execute(new GetCohortQuery(memberState, year)));
    const asOf = (BigInt(last) / 2n).toString();
    // Each run a thousand events earlier (another statistics state), so that every one is computed.
    let asOfRun = 0n;
    const asOfRuns = await timed(3, () => bus.execute(new GetArt8DocumentQuery(memberState, year, { asOf: (BigInt(asOf) - 1000n * asOfRun++).toString(), disclosure: 'exact' })), 0);
    const art8P95 = percentile(art8, 95);
    const asOfMax = Math.max(...asOfRuns);
    report('stats', {
      storage: `PostgreSQL, schema ${schema}`,
      reportsInReadModels: Number(reports),
      query: { memberState, year },
      art8Ms: summary(art8),
      art8ComputedMs: summary(art8Computed),
      art8Note: 'art8Ms: through the QueryBus, as the API and CLI answer (a statistics state already computed is served from memory); art8ComputedMs: the figures and quality read from the statistics tables, as for the first request after an event is applied',
      cohortMs: summary(cohort),
      asOf: { position: asOf, runsMs: asOfRuns.map((ms) => round(ms, 0)) },
      targets: { art8P95MsAtMost: 20, asOfMsAtMost: 5000, met: art8P95 <= 20 && asOfMax <= 5000 },
    });
  } finally {
    await registry.close();
  }
};

/** Milliseconds of each run, sorted, after `warmup` unmeasured runs. */
const timed = async (runs: number, query: () => Promise<unknown>, warmup = 3): Promise<number[]> => {
  for (let run = 0; run < warmup; run++) await query();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const startedAt = process.hrtime.bigint();
    await query();
    times.push(seconds(startedAt) * 1000);
  }
  return times.sort((a, b) => a - b);
};

const summary = (sortedMs: readonly number[]) => ({
  runs: sortedMs.length,
  p50: round(percentile(sortedMs, 50)),
  p95: round(percentile(sortedMs, 95)),
  max: round(sortedMs.at(-1) ?? NaN),
});

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
