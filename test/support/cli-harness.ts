import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { RegistryRuntime } from '@registry/application';
import { createTestDatabase } from '@registry/testing';
import { configFrom } from '../../apps/cli/src/cli-runtime';
import { main } from '../../apps/cli/src/main';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `registry …` in-process and captures what it prints. Both the raw streams and `console` are captured:
 * jest replaces `console` with its own buffer, so console.log output never reaches process.stdout here.
 */
export const runCli = async (argv: readonly string[]): Promise<CliRun> => {
  const out: string[] = [];
  const err: string[] = [];
  const into =
    (sink: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      // write(chunk, [encoding], [callback]): callers awaiting the callback must not hang.
      const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
      callback?.();
      return true;
    };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(into(out)),
    jest.spyOn(process.stderr, 'write').mockImplementation(into(err)),
    jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(`${format(...args)}\n`)),
    jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(`${format(...args)}\n`)),
  ];
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: withoutTestRunnerWarnings(err.join('')) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
};

/**
 * The test script runs node with --experimental-vm-modules (for PGlite under jest), and node warns about it
 * on stderr the first time PGlite loads; `node bin/registry.js` never prints it, so it is not the CLI's output.
 */
const withoutTestRunnerWarnings = (stderr: string): string =>
  stderr.replace(/^\(node:\d+\) ExperimentalWarning: VM Modules.*\n(\(Use `node --trace-warnings.*\n)?/m, '');

export interface CliStorage {
  /** A scratch directory for input files (and, embedded, the data directory beside them). */
  readonly workDir: string;
  /** `--data-dir DIR` for the embedded database; empty on a server, where DATABASE_URL/DATABASE_SCHEMA apply. */
  readonly storageArgs: readonly string[];
  /** Events in the whole log, read through the same configuration the CLI uses. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Storage for CLI runs: with DATABASE_URL a fresh schema on that server (set in DATABASE_SCHEMA for this
 * process, restored on close); otherwise an embedded PGlite data directory that every CLI call opens anew.
 */
export const openCliStorage = async (): Promise<CliStorage> => {
  const workDir = await mkdtemp(join(tmpdir(), 'registry-cli-'));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase();
    const previousSchema = process.env.DATABASE_SCHEMA;
    process.env.DATABASE_SCHEMA = database.schema;
    return {
      workDir,
      storageArgs: [],
      eventCount: () => countEvents({}),
      close: async () => {
        if (previousSchema === undefined) delete process.env.DATABASE_SCHEMA;
        else process.env.DATABASE_SCHEMA = previousSchema;
        await database.close();
        // The keys in ./data serve every test schema; the notary's record of its latest seal is this schema's alone.
        await rm(join(configFrom({}).security!.dataDir, `notary-seal-${database.schema}.json`), { force: true });
        await removeWorkDir();
      },
    };
  }
  const dataDir = join(workDir, 'data');
  return {
    workDir,
    storageArgs: ['--data-dir', dataDir],
    eventCount: () => countEvents({ dataDir }),
    close: removeWorkDir,
  };
};

const countEvents = async (flags: { dataDir?: string }): Promise<number> => {
  const runtime = await RegistryRuntime.open(configFrom(flags), { projections: 'none' });
  try {
    const { events } = await runtime.store.readAll({ maxCount: 1_000_000 });
    return events.length;
  } finally {
    await runtime.close();
  }
};

/** Reads the JSON lines a command printed. */
export const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
