import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createTestDatabase, eventually, type TestDatabase } from '@registry/testing';
import { Client } from 'pg';
import { ReadModelsInUse } from './read-model-use';
import { RegistryRuntime, type RuntimeOptions } from './registry-runtime';

/**
 * Processes that share a schema (ADR 0019): an API and its projector, replicas, a `registry stats` or a rebuild
 * beside them. Only a server admits several; the embedded database has one process per data directory.
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

const once = (work: () => Promise<void>): (() => Promise<void>) => {
  let done: Promise<void> | undefined;
  return () => (done ??= work());
};

onServer('registries that share a schema', () => {
  let database: TestDatabase;
  let secretsDir: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    secretsDir = await mkdtemp(join(tmpdir(), 'registry-runtime-secrets-'));
  });

  afterEach(async () => {
    await database.close();
    await rm(secretsDir, { recursive: true, force: true });
  });

  const open = (options: RuntimeOptions = { projections: 'none' }) =>
    RegistryRuntime.open(
      {
        storage: { kind: 'postgres', url: database.url, schema: database.schema },
        port: 0,
        eventStoreUrl: null,
        security: {
          dataDir: secretsDir,
          masterKey: Buffer.alloc(32, 7),
          auth: { kind: 'embedded' },
          rateLimitPerMinute: 1_000,
          corsOrigins: [],
        },
      },
      options,
    );
  const serving: RuntimeOptions = { projections: 'none', readModelUse: 'serving' };
  const projecting: RuntimeOptions = { projections: 'none', readModelUse: 'projecting' };
  const rebuilding: RuntimeOptions = { projections: 'none', readModelUse: 'rebuilding' };

  it('all open a fresh schema at the same time, one setting it up while the others wait', async () => {
    const opened = await Promise.allSettled([open(), open(), open(), open()]);

    const runtimes = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    await Promise.all(runtimes.map((runtime) => runtime.close()));
    expect(opened.map((result) => (result.status === 'rejected' ? String(result.reason) : 'opened'))).toEqual(
      Array(4).fill('opened'),
    );
  }, 60_000);

  it('refuses a rebuild while servers or projectors use the read models, naming them; allows it after', async () => {
    const servers = [await open(serving), await open(serving), await open(projecting)];
    try {
      const refused = await open(rebuilding).then(
        (runtime) => runtime.close().then(() => undefined),
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ReadModelsInUse);
      // Two servers in one process share a name; a projector is named as one.
      expect((refused as ReadModelsInUse).holders).toEqual([
        expect.stringMatching(new RegExp(`^registry projecting \\(pid ${process.pid} on `)),
        expect.stringMatching(new RegExp(`^registry serving \\(pid ${process.pid} on `)),
      ]);
      expect((refused as Error).message).toContain(`the read models of schema ${database.schema} are in use by`);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
    const rebuild = await open(rebuilding);
    await rebuild.close();
  }, 60_000);

  it('refuses a second rebuild, and a server that starts during a rebuild waits for it', async () => {
    const rebuild = await open(rebuilding);
    const endRebuild = once(() => rebuild.close());
    let server: RegistryRuntime | undefined;
    try {
      await expect(open(rebuilding)).rejects.toBeInstanceOf(ReadModelsInUse);
      const starting = open(serving).then((runtime) => (server = runtime));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server).toBeUndefined();
      await endRebuild();
      await starting;
      expect(server).toBeDefined();
    } finally {
      await endRebuild();
      await server?.close();
    }
  }, 60_000);

  /** Ends this process's lock session for `use` from outside, as a database restart or a network break would. */
  const loseSessionOf = async (use: 'serving' | 'rebuilding'): Promise<void> => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE starts_with(application_name, $1)`,
        [`registry ${use} (pid ${process.pid} `],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
  };

  /** Tries a rebuild until one is refused: something has announced its use of the read models again. */
  const untilRebuildsAreRefused = () =>
    eventually(async () => {
      const refused = await open(rebuilding).then(
        (runtime) => runtime.close().then(() => undefined),
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ReadModelsInUse);
    }, 20_000);

  it('announces a server again after its session was lost, so that rebuilds are refused again', async () => {
    const server = await open(serving);
    try {
      await loseSessionOf('serving');
      await untilRebuildsAreRefused();
    } finally {
      await server.close();
    }
  }, 60_000);

  /** Runs `meanwhile` beside a rebuild whose lock session was lost, with the warnings logged so far; then ends it. */
  const afterARebuildLostItsSession = async (meanwhile: (warnings: () => string[]) => Promise<void>) => {
    const warnings = jest.spyOn(Logger.prototype, 'warn');
    const rebuild = await open(rebuilding);
    const endRebuild = once(() => rebuild.close());
    try {
      await loseSessionOf('rebuilding');
      await meanwhile(() => warnings.mock.calls.map(([message]) => String(message)));
    } finally {
      warnings.mockRestore();
      await endRebuild();
    }
  };

  it('announces a rebuild again after its session was lost, naming a server that started meanwhile', async () => {
    await afterARebuildLostItsSession(async (warnings) => {
      const server = await open(serving);
      try {
        const namesTheServer = new RegExp(
          `^registry serving \\(pid ${process.pid} .*started on the read models of schema ${database.schema} while ` +
            'this rebuild had lost its lock',
        );
        await eventually(() => expect(warnings()).toContainEqual(expect.stringMatching(namesTheServer)), 20_000);
      } finally {
        await server.close();
      }
      // With the server gone the rebuild takes its lock again, and a second rebuild is refused.
      await untilRebuildsAreRefused();
    });
  }, 60_000);

  it('tells a rebuild that lost its session when another rebuild started meanwhile, as a rebuild', async () => {
    await afterARebuildLostItsSession(async (warnings) => {
      const secondRebuild = await open(rebuilding);
      try {
        const namesTheRebuild = new RegExp(
          `^registry rebuilding \\(pid ${process.pid} .*started on the read models of schema ${database.schema} ` +
            'while this rebuild had lost its lock, and emptied them again',
        );
        await eventually(() => {
          expect(warnings()).toContainEqual(expect.stringMatching(namesTheRebuild));
          expect(warnings()).not.toContainEqual(expect.stringContaining('answer from half-rebuilt tables'));
        }, 20_000);
      } finally {
        await secondRebuild.close();
      }
    });
  }, 60_000);
});
