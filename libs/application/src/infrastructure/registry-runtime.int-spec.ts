import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import { RegistryRuntime } from './registry-runtime';

/**
 * Processes that start together on a fresh database: an API and its projector, replicas, a `registry stats`
 * beside them. Only a server admits several; the embedded database has one process per data directory.
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('registries that open a fresh schema at the same time', () => {
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

  it('all open, one setting the schema up while the others wait', async () => {
    const open = () =>
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
        { projections: 'none' },
      );

    const opened = await Promise.allSettled([open(), open(), open(), open()]);

    const runtimes = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    await Promise.all(runtimes.map((runtime) => runtime.close()));
    expect(opened.map((result) => (result.status === 'rejected' ? String(result.reason) : 'opened'))).toEqual(
      Array(4).fill('opened'),
    );
  }, 60_000);
});
