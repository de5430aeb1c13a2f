import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RegistryModule, RegistryRuntime, type Actor } from '@registry/application';
import { Client } from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const RESULTS_DIR = join(__dirname, 'results');
export const WORK_DIR = join(tmpdir(), 'registry-bench');
/** The schema benchmark 1 imports into and benchmarks 3 and 4 read (so they run at the imported size). */
export const IMPORT_SCHEMA = 'bench_import';
export const BENCH_ACTOR: Actor = { userId: 'bench', role: 'admin', memberStates: 'all' };

/** `--name value` from the command line, or the default. */
export const flag = (name: string, fallback: string): string => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
};

export const seconds = (startedAt: bigint): number => Number(process.hrtime.bigint() - startedAt) / 1e9;

export const percentile = (sortedMs: readonly number[], p: number): number =>
  sortedMs[Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1))] ?? NaN;

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

export const peakRssMiB = (): number => round(process.resourceUsage().maxRSS / 1024);

export const sql = async <T>(statements: string | readonly string[], url = DATABASE_URL): Promise<T[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    let rows: T[] = [];
    for (const statement of typeof statements === 'string' ? [statements] : statements) rows = (await client.query(statement)).rows as T[];
    return rows;
  } finally {
    await client.end();
  }
};

/**
 * An empty schema, and no record of a notary seal for it in `dataDir`: the notary would refuse a database without the
 * seal a run before recorded (ADR 0029), as it must refuse a log that lost its seals.
 */
export const freshSchema = async (schema: string, dataDir = WORK_DIR): Promise<void> => {
  await sql([`DROP SCHEMA IF EXISTS "${schema}" CASCADE`, `CREATE SCHEMA "${schema}"`]);
  rmSync(join(dataDir, `notary-seal-${schema}.json`), { force: true });
};

/** psql's `\copy`: the client streams the file, the server parses it: the fastest way in, our baseline. */
export const psqlCopy = (command: string): void => {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', DATABASE_URL, '-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
};

export const hasPsql = (): boolean => spawnSync('psql', ['--version']).status === 0;

/** The registry's runtime and application layer on the bench server, as the CLI opens them. */
export const openRegistry = async (schema: string, projectorBatchSize?: number): Promise<{ app: INestApplicationContext; runtime: RegistryRuntime; close(): Promise<void> }> => {
  mkdirSync(WORK_DIR, { recursive: true });
  const runtime = await RegistryRuntime.open(
    {
      storage: { kind: 'postgres', url: DATABASE_URL, schema },
      port: 0,
      eventStoreUrl: null,
      ...(projectorBatchSize === undefined ? {} : { projectorBatchSize }),
      security: { dataDir: WORK_DIR, masterKey: Buffer.alloc(32, 42), auth: { kind: 'embedded' }, rateLimitPerMinute: 1_000_000, corsOrigins: [] },
    },
    { projections: 'none' },
  );
  const app = await NestFactory.createApplicationContext(RegistryModule.forRuntime(runtime), { logger: ['error', 'warn'] });
  return {
    app,
    runtime,
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
};

export const machine = () => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  memoryGiB: round(totalmem() / 2 ** 30),
  node: process.version,
  loadAverageAtEnd: loadavg().map((value) => round(value, 2)),
});

/** Prints the figure, the baseline and the ratio, and writes bench/results/<name>.json. */
export const report = (name: string, result: Record<string, unknown>): void => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const document = { benchmark: name, measuredAt: new Date().toISOString(), machine: machine(), ...result };
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(document, null, 2)}\n`);
  console.log(`\n[${name}] ${JSON.stringify(result, null, 2)}`);
};

export const exists = existsSync;
