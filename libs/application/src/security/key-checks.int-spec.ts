import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotaryKey } from '@registry/projections';
import { createTestDatabase, newEvent, type TestDatabase } from '@registry/testing';
import { ConfigurationError } from '../config/registry-config';
import { RegistryRuntime } from '../infrastructure/registry-runtime';
import type { SecurityConfig } from './security-config';

/**
 * Processes that share a database but not its key files (another host, another directory): each must use the
 * master and notary keys the database was written with, or refuse to start (docs/adr/0005, addendum).
 */
describe('key checks: the master and notary keys a database was written with', () => {
  let database: TestDatabase;
  let scratch: string;

  beforeEach(async () => {
    database = await createTestDatabase();
    scratch = await mkdtemp(join(tmpdir(), 'registry-key-checks-'));
  });
  afterEach(async () => {
    await database.close();
    await rm(scratch, { recursive: true, force: true });
  });

  /** Settings as the environment gives them: a master key or a data directory, and a notary key file. */
  const settings = (given: { masterKey?: Buffer; dataDir?: string; notaryKeyFile?: string }): SecurityConfig => ({
    dataDir: given.dataDir ?? join(scratch, 'data'),
    masterKey: given.masterKey ?? null,
    auth: { kind: 'embedded' },
    rateLimitPerMinute: 1_000,
    corsOrigins: [],
    notaryKeyFile: given.notaryKeyFile ?? join(scratch, 'notary.pem'),
  });
  const open = (security: SecurityConfig) =>
    RegistryRuntime.open(
      {
        storage: {
          kind: 'postgres',
          url: database.url,
          schema: database.schema,
          isSingleSession: database.kind === 'pglite',
        },
        port: 0,
        eventStoreUrl: null,
        security,
      },
      { projections: 'none' },
    );
  const openAndClose = async (security: SecurityConfig): Promise<void> => (await open(security)).close();
  const refusal = (security: SecurityConfig): Promise<unknown> =>
    open(security).then(
      async (runtime) => {
        await runtime.close();
        return 'opened';
      },
      (error: unknown) => (error instanceof ConfigurationError ? error.message : error),
    );
  /** What a database written before the key checks holds: the same data, no check values. */
  const forgetCheckValues = async (): Promise<void> => {
    const runtime = await open(settings({ masterKey: keyA }));
    try {
      await runtime.readModels.query(`DELETE FROM "${database.schema}".key_check`);
    } finally {
      await runtime.close();
    }
  };
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);
  const otherNotaryKeyFile = async (): Promise<string> => {
    const file = join(scratch, `other-${randomUUID()}.pem`);
    await writeFile(file, NotaryKey.generatePem(), { mode: 0o600 });
    return file;
  };

  describe('the master key', () => {
    it('is recorded with the notary’s by the first process as check values, and both accepted again', async () => {
      await openAndClose(settings({ masterKey: keyA }));
      await expect(refusal(settings({ masterKey: keyA }))).resolves.toBe('opened');
      const runtime = await open(settings({ masterKey: keyA }));
      const rows = await runtime.readModels.query<{ secret: string; check_value: string }[]>(
        `SELECT secret, check_value FROM "${database.schema}".key_check ORDER BY secret`,
      );
      await runtime.close();
      expect(rows.map((row) => row.secret)).toEqual(['master-key', 'notary-key']);
      const masterCheck = rows[0]!.check_value;
      expect(masterCheck).toMatch(/^[0-9a-f]{64}$/);
      expect(masterCheck).not.toContain(keyA.toString('hex'));
    });

    it('refuses another REGISTRY_MASTER_KEY, naming it', async () => {
      await openAndClose(settings({ masterKey: keyA }));
      await expect(refusal(settings({ masterKey: keyB }))).resolves.toBe(
        'REGISTRY_MASTER_KEY: the database was written with another master key than the one in REGISTRY_MASTER_KEY',
      );
    });

    it('refuses a data directory holding another master key, naming REGISTRY_DATA_DIR and the file', async () => {
      await openAndClose(settings({ dataDir: join(scratch, 'first') }));
      const other = join(scratch, 'other');
      await mkdir(join(other, 'secrets'), { recursive: true });
      const otherFile = join(other, 'secrets', 'master.key');
      await writeFile(otherFile, `${keyB.toString('base64')}\n`);
      await expect(refusal(settings({ dataDir: other }))).resolves.toBe(
        `REGISTRY_DATA_DIR: the database was written with another master key than the one at ${otherFile}`,
      );
      await expect(refusal(settings({ dataDir: join(scratch, 'first') }))).resolves.toBe('opened');
    });

    it('refuses, creating none, where the key file is missing but the database was written with a key', async () => {
      await openAndClose(settings({ dataDir: join(scratch, 'first') }));
      const elsewhere = join(scratch, 'elsewhere');
      await expect(refusal(settings({ dataDir: elsewhere }))).resolves.toBe(
        `REGISTRY_DATA_DIR: no master key at ${join(elsewhere, 'secrets', 'master.key')}, ` +
          'though the database was written with one: restore it from a backup',
      );
      expect(existsSync(elsewhere)).toBe(false);
    });

    it('is recorded on first opening a database written before the checks, if it opens its subject keys', async () => {
      const runtime = await open(settings({ masterKey: keyA }));
      await runtime.personalData.seal({ subjectId: randomUUID(), memberState: 'NL', kind: 'REPORT' }, 'acct-1');
      await runtime.close();
      await forgetCheckValues();

      await expect(refusal(settings({ masterKey: keyB }))).resolves.toBe(
        'REGISTRY_MASTER_KEY: the database was written with another master key than the one in REGISTRY_MASTER_KEY',
      );
      const elsewhere = join(scratch, 'elsewhere');
      await expect(refusal(settings({ dataDir: elsewhere }))).resolves.toMatch(/^REGISTRY_DATA_DIR: no master key at/);
      expect(existsSync(elsewhere)).toBe(false);
      await expect(refusal(settings({ masterKey: keyA }))).resolves.toBe('opened');
      // Recorded now: another key is refused by its check value, whatever the subject keys.
      await expect(refusal(settings({ masterKey: keyB }))).resolves.toMatch(/^REGISTRY_MASTER_KEY: the database was/);
    });
  });

  describe('the notary key', () => {
    it('refuses another NOTARY_KEY_FILE, naming it', async () => {
      await openAndClose(settings({ masterKey: keyA }));
      const other = await otherNotaryKeyFile();
      await expect(refusal(settings({ masterKey: keyA, notaryKeyFile: other }))).resolves.toBe(
        `NOTARY_KEY_FILE: the database was written with another notary key than the one at ${other}`,
      );
    });

    it('refuses, creating none, where the key file is missing but the database was written with a key', async () => {
      await openAndClose(settings({ masterKey: keyA }));
      const missing = join(scratch, 'elsewhere', 'notary.pem');
      await expect(refusal(settings({ masterKey: keyA, notaryKeyFile: missing }))).resolves.toBe(
        `NOTARY_KEY_FILE: no notary key at ${missing}, though the database was written with one: ` +
          'restore it from a backup',
      );
      expect(existsSync(missing)).toBe(false);
    });

    it('names REGISTRY_DATA_DIR where the key file is the default one', async () => {
      const first = settings({ masterKey: keyA, dataDir: join(scratch, 'first') });
      await openAndClose({ ...first, notaryKeyFile: undefined });
      const elsewhere = join(scratch, 'elsewhere');
      await expect(
        refusal({ ...settings({ masterKey: keyA, dataDir: elsewhere }), notaryKeyFile: undefined }),
      ).resolves.toBe(
        `REGISTRY_DATA_DIR: no notary key at ${join(elsewhere, 'notary-ed25519.pem')}, ` +
          'though the database was written with one: restore it from a backup',
      );
    });

    it('is recorded on the first open of a database written before the checks, if it signed its seals', async () => {
      const runtime = await open(settings({ masterKey: keyA }));
      await runtime.store.appendToStream(`test-${randomUUID()}`, [newEvent()], { kind: 'noStream' });
      await runtime.projector.catchUp();
      const [seals] = await runtime.readModels.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM notary_seal`);
      await runtime.close();
      expect(seals).toEqual({ n: 1 });
      await forgetCheckValues();

      const other = await otherNotaryKeyFile();
      await expect(refusal(settings({ masterKey: keyA, notaryKeyFile: other }))).resolves.toBe(
        `NOTARY_KEY_FILE: the database was written with another notary key than the one at ${other}`,
      );
      const missing = join(scratch, 'elsewhere', 'notary.pem');
      await expect(refusal(settings({ masterKey: keyA, notaryKeyFile: missing }))).resolves.toMatch(
        /^NOTARY_KEY_FILE: no notary key at/,
      );
      expect(existsSync(missing)).toBe(false);
      await expect(refusal(settings({ masterKey: keyA }))).resolves.toBe('opened');
    });
  });

  const onServer = process.env.DATABASE_URL ? it : it.skip;
  onServer(
    'lets one of two processes that first open a database at once with different keys record its own',
    async () => {
      const outcomes = await Promise.all([
        refusal(settings({ masterKey: keyA, notaryKeyFile: await otherNotaryKeyFile() })),
        refusal(settings({ masterKey: keyB, notaryKeyFile: await otherNotaryKeyFile() })),
      ]);
      expect(outcomes.filter((outcome) => outcome === 'opened')).toHaveLength(1);
      expect(outcomes.find((outcome) => outcome !== 'opened')).toMatch(
        /^(REGISTRY_MASTER_KEY|NOTARY_KEY_FILE): the database was written with another/,
      );
    },
  );
});
