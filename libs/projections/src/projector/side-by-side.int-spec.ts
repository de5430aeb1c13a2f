import { randomUUID } from 'node:crypto';
import type { NewEvent, PostgresEventStore, RecordedEvent } from '@registry/event-store';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { NotaryKey } from '../notary/notary-key';
import { NotaryProjection } from '../notary/notary.projection';
import { openReadModels } from '../read-model-data-source';
import { ReportDetailProjection } from '../report-detail/report-detail.projection';
import { testMetadata } from '../testing/test-events';
import { openTestStorage, type TestStorage } from '../testing/test-storage';
import { Projector, ProjectionNotDisposable } from './projector';

const reportEvents = (reportId: string): NewEvent[] => [
  {
    type: 'ReportReceived',
    data: {
      reportId,
      memberState: 'NL',
      receivedAt: '2024-03-01T10:00:00.000Z',
      reporterKind: 'PROVIDER',
      sourceChannel: 'NCMEC',
      contentCategory: 'KNOWN_CSAM',
      countUnit: 'REPORT',
      provider: { name: 'Example', providerType: 'SOCIAL_MEDIA', serviceName: null },
    },
    metadata: testMetadata(),
  },
  {
    type: 'ReportAssessed',
    data: { reportId, actionable: true, reasonIfNot: null, assessedAt: '2024-03-02T09:00:00.000Z' },
    metadata: testMetadata(),
  },
];

/** The next version of the report detail: writes something the first did not. */
class ReportDetailV2 extends ReportDetailProjection {
  readonly version = 2;
  override async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    await super.apply(events, manager);
    await manager.query(`UPDATE report_detail SET withdrawn_reason = 'v2' WHERE withdrawn_reason IS NULL`);
  }
}

/** Cases that need processes of their own on one database: embedded PGlite admits one process. */
const onServer = process.env.DATABASE_URL ? it : it.skip;

describe('projections rebuilt side by side', () => {
  let database: TestDatabase;
  let storage: TestStorage;
  let pool: Pool;
  let store: PostgresEventStore;
  let readModels: DataSource;
  const reportIds = Array.from({ length: 6 }, () => randomUUID());
  const notary = new NotaryProjection(NotaryKey.ephemeral(), { sealEveryEvents: 5 });

  beforeEach(async () => {
    database = await createTestDatabase();
    storage = await openTestStorage(database);
    ({ pool, store, readModels } = storage);
    for (const reportId of reportIds)
      await store.appendToStream(`report-${reportId}`, reportEvents(reportId), { kind: 'noStream' });
    await new Projector(store, readModels, [new ReportDetailProjection(), notary], { batchSize: 4 }).catchUp();
  }, 60_000);

  afterEach(async () => {
    await storage.close();
    await database.close();
  });

  const count = async (table: string) =>
    Number((await readModels.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const leftoverSchemas = async () =>
    (
      await readModels.query<{ nspname: string }[]>(
        `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) AND nspname ~ '_(verify|next|retired)_'`,
        [`${database.schema}_`],
      )
    ).map((row) => row.nspname);

  it('rebuilds every read model but leaves the notary alone, and refuses to rebuild it by name', async () => {
    const chain = await readModels.query<unknown[]>(`SELECT * FROM notary_chain ORDER BY sequence`);
    const projector = new Projector(store, readModels, [new ReportDetailProjection(), notary]);
    await projector.rebuild();
    expect(await count('report_detail')).toBe(6);
    expect(await readModels.query(`SELECT * FROM notary_chain ORDER BY sequence`)).toEqual(chain);
    await expect(projector.rebuild([notary])).rejects.toThrow(ProjectionNotDisposable);
    await expect(projector.verify([notary])).rejects.toThrow(ProjectionNotDisposable);
  });

  it('finds no difference between the live tables and a rebuild beside them', async () => {
    const [result] = await new Projector(store, readModels, [new ReportDetailProjection()]).verify();
    expect(result).toMatchObject({ projection: 'report-detail', differences: [] });
    expect(await leftoverSchemas()).toEqual([]);
  });

  it('names the read-model row that differs from the rebuild', async () => {
    const corrupted = reportIds[3]!;
    await readModels.query(`UPDATE report_detail SET member_state = 'DE' WHERE report_id = $1`, [corrupted]);
    const [result] = await new Projector(store, readModels, [new ReportDetailProjection()]).verify();
    expect(result!.differences).toEqual([
      {
        table: 'report_detail',
        liveOnly: { count: 1, sample: [expect.objectContaining({ report_id: corrupted, member_state: 'DE' })] },
        rebuiltOnly: { count: 1, sample: [expect.objectContaining({ report_id: corrupted, member_state: 'NL' })] },
      },
    ]);
    expect(await leftoverSchemas()).toEqual([]);
  });

  /**
   * Ends `session` as a killed process's ends, and waits until the server has seen it go: the server releases the
   * session's locks only then, a moment after the socket closes.
   */
  const endSession = async (session: PoolClient): Promise<void> => {
    const { rows } = await session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    session.release(true);
    const stillThere = async () =>
      (await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0]!.pid])).rowCount !== 0;
    while (await stillThere()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  /** What `rebuild --verify` leaves when its process is killed: its shadow schema, named after that process. */
  const leaveVerificationOfKilledProcess = async (): Promise<string> => {
    const name = `${database.schema}_verify_99999_report_detail`;
    await readModels.query(`CREATE SCHEMA "${name}"`);
    await readModels.query(`CREATE TABLE "${name}".report_detail (report_id uuid PRIMARY KEY)`);
    return name;
  };

  it('drops the schema a killed verification left when the next one runs', async () => {
    await leaveVerificationOfKilledProcess();
    const [result] = await new Projector(store, readModels, [new ReportDetailProjection()]).verify();
    expect(result).toMatchObject({ projection: 'report-detail', differences: [] });
    expect(await leftoverSchemas()).toEqual([]);
  });

  it('drops the schema a killed verification left when a projector starts', async () => {
    await leaveVerificationOfKilledProcess();
    const projector = new Projector(store, readModels, [new ReportDetailProjection()]);
    await projector.start();
    await projector.stop();
    expect(await leftoverSchemas()).toEqual([]);
  });

  onServer('leaves the schema of a verification that another process is still running', async () => {
    const name = await leaveVerificationOfKilledProcess();
    // The session lock that other process holds while it verifies.
    const otherProcess = await pool.connect();
    await otherProcess.query('SELECT pg_advisory_lock(hashtext($1))', [`registry.verify:${name}`]);
    try {
      await new Projector(store, readModels, [new ReportDetailProjection()]).verify();
      expect(await leftoverSchemas()).toEqual([name]);
    } finally {
      await endSession(otherProcess);
    }
    await new Projector(store, readModels, [new ReportDetailProjection()]).verify();
    expect(await leftoverSchemas()).toEqual([]);
  });

  onServer('holds its schema against another process while it verifies', async () => {
    let reached!: () => void;
    const applying = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    /** Stops in its first batch until released: the verification is running then. */
    class HeldReportDetail extends ReportDetailProjection {
      override async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
        reached();
        await released;
        await super.apply(events, manager);
      }
    }
    const verifying = new Projector(store, readModels, [new HeldReportDetail()]).verify();
    const shadow = `${database.schema}_verify_${process.pid}_report_detail`;
    // Another process's sweep tries the lock (in this process a list of its own verifications spares it too).
    const otherProcess = await pool.connect();
    try {
      await applying;
      const { rows } = await otherProcess.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [`registry.verify:${shadow}`],
      );
      expect(rows).toEqual([{ locked: false }]);
      expect(await leftoverSchemas()).toEqual([shadow]);
    } finally {
      release();
      otherProcess.release(true);
    }
    expect((await verifying)[0]!.differences).toEqual([]);
  });

  it('builds a new projection version beside the old tables and switches over when caught up', async () => {
    const projector = new Projector(store, readModels, [new ReportDetailV2(), notary], { batchSize: 4 });
    await projector.start();
    const later = randomUUID();
    await store.appendToStream(`report-${later}`, reportEvents(later), { kind: 'noStream' });
    await projector.waitUntilCaughtUp();
    await projector.stop();
    expect(await readModels.query(`SELECT DISTINCT withdrawn_reason FROM report_detail`)).toEqual([
      { withdrawn_reason: 'v2' },
    ]);
    expect(await count('report_detail')).toBe(7);
    expect(
      await readModels.query(`SELECT version FROM projection_checkpoint WHERE projection = 'report-detail'`),
    ).toEqual([{ version: 2 }]);
    expect(await leftoverSchemas()).toEqual([]);
    const [verified] = await projector.verify([new ReportDetailV2()]);
    expect(verified!.differences).toEqual([]);
  });

  it('switches versions in a one-off catch-up too (CLI commands)', async () => {
    await new Projector(store, readModels, [new ReportDetailV2()]).catchUp();
    expect(
      await readModels.query(`SELECT count(*)::int AS n FROM report_detail WHERE withdrawn_reason = 'v2'`),
    ).toEqual([{ n: 6 }]);
    expect(await leftoverSchemas()).toEqual([]);
  });

  it('switches a version once when two processes find it old at once (a CLI beside a deployed server)', async () => {
    const other = await openReadModels(database.url, database.schema, database.kind === 'pglite' ? pool : undefined);
    try {
      await Promise.all(
        [readModels, other].map((dataSource) =>
          new Projector(store, dataSource, [new ReportDetailV2()], { batchSize: 2 }).catchUp(),
        ),
      );
    } finally {
      await other.destroy();
    }
    expect(
      await readModels.query(`SELECT count(*)::int AS n FROM report_detail WHERE withdrawn_reason = 'v2'`),
    ).toEqual([{ n: 6 }]);
    expect(
      await readModels.query(`SELECT version FROM projection_checkpoint WHERE projection = 'report-detail'`),
    ).toEqual([{ version: 2 }]);
    expect(await leftoverSchemas()).toEqual([]);
  });

  onServer('waits while another process switches the same projection version', async () => {
    // The session lock another process's switch holds (ADR 0019); in one process a queue serializes switches too,
    // so only a lock taken from outside shows that processes wait for each other.
    const otherProcess = await pool.connect();
    const lockKey = `registry.switch:${database.schema}:report-detail`;
    await otherProcess.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    let switched = false;
    const switching = new Projector(store, readModels, [new ReportDetailV2()]).catchUp().then(() => (switched = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(switched).toBe(false);
      expect(await leftoverSchemas()).toEqual([]);
    } finally {
      await otherProcess.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      otherProcess.release();
    }
    await switching;
    expect(
      await readModels.query(`SELECT count(*)::int AS n FROM report_detail WHERE withdrawn_reason = 'v2'`),
    ).toEqual([{ n: 6 }]);
  });

  it("commits a read model's batches without waiting for the disk, and the notary's evidence waiting for it", async () => {
    const seen = new Map<string, string>();
    const spy = (name: string, isDisposable: boolean) => ({
      name,
      filter: new ReportDetailProjection().filter,
      tables: [],
      isDisposable,
      apply: async (_events: readonly RecordedEvent[], manager: EntityManager) => {
        const [{ synchronous_commit: setting }] =
          await manager.query<[{ synchronous_commit: string }]>('SHOW synchronous_commit');
        seen.set(name, setting);
      },
    });
    await new Projector(store, readModels, [spy('read-model-spy', true), spy('evidence-spy', false)]).catchUp();
    expect(Object.fromEntries(seen)).toEqual({ 'read-model-spy': 'off', 'evidence-spy': 'on' });
    // The setting held for those transactions only.
    expect(await readModels.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
  });
});
