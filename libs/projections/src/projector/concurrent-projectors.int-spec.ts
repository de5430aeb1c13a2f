import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type NewEvent, type RecordedEvent } from '@registry/event-store';
import { createTestDatabase, newEvent, type TestDatabase } from '@registry/testing';
import { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { NotaryKey } from '../notary/notary-key';
import { NotaryProjection } from '../notary/notary.projection';
import { openReadModels } from '../read-model-data-source';
import type { Projection } from './projection';
import { Projector } from './projector';

/**
 * Counts every event it is given: applied twice, an event counts twice. Registry projections are written to be
 * idempotent, but the notary's chain is not (it must not be) and neither is this.
 */
const tally: Projection = {
  name: 'tally',
  filter: { streamCategories: ['report'] },
  tables: ['tally'],
  apply: async (events: readonly RecordedEvent[], manager: EntityManager) => {
    const positions = events.map((event) => event.globalPosition.toString());
    await manager.query('INSERT INTO tally (global_position) SELECT unnest($1::bigint[])', [positions]);
  },
};

const CREATE_TALLY = 'CREATE TABLE tally (global_position bigint NOT NULL)';

const reportReceived = (reportId: string): NewEvent =>
  newEvent('ReportReceived', { reportId, memberState: 'NL', receivedAt: '2024-03-01T10:00:00.000Z' });

/**
 * Two processes that project the same schema at once: `registry stats` or `registry import` catching up beside a
 * running `registry serve`, or a projector restarted before the old one ended. Each batch applies only what the
 * stored checkpoint does not cover yet, so every event is applied once, whoever applies it.
 */
describe('projectors of the same schema in two processes', () => {
  let database: TestDatabase;
  const pools: Pool[] = [];
  const readModelSources: DataSource[] = [];
  let store: PostgresEventStore;
  const reports = 60;

  /** What a second process would open: its own pool and read-model connections (one session on PGlite). */
  const openProcess = async (): Promise<{ store: PostgresEventStore; readModels: DataSource }> => {
    const shared = database.kind === 'pglite' ? pools[0] : undefined;
    const pool = shared ?? new Pool({ connectionString: database.url, max: 4 });
    if (!shared) pools.push(pool);
    const readModels = await openReadModels(database.url, database.schema, shared);
    readModelSources.push(readModels);
    return { store: new PostgresEventStore({ pool, schema: database.schema }), readModels };
  };

  const projectorIn = ({ store, readModels }: { store: PostgresEventStore; readModels: DataSource }) =>
    new Projector(store, readModels, [tally, new NotaryProjection(NotaryKey.ephemeral(), { sealEveryEvents: 7 })], {
      batchSize: 4,
    });

  const appendReport = async (): Promise<void> => {
    const reportId = randomUUID();
    await store.appendToStream(`report-${reportId}`, [reportReceived(reportId)], { kind: 'noStream' });
  };

  /** Two processes over one schema whose read models have the tally's table. */
  const twoProcesses = async () => {
    const [first, second] = [await openProcess(), await openProcess()];
    await first.readModels.query(CREATE_TALLY);
    return [first, second] as const;
  };

  /** Runs `work` while the first process's projector follows the log live; checks it never stopped on an error. */
  const whileLive = async (owner: Awaited<ReturnType<typeof openProcess>>, work: () => Promise<void>) => {
    const live = projectorIn(owner);
    await live.start();
    try {
      await live.waitUntilCaughtUp();
      await work();
      await live.waitUntilCaughtUp();
      expect((await live.status()).map(({ projection, error }) => ({ projection, error }))).toEqual([
        { projection: 'tally', error: null },
        { projection: 'notary', error: null },
      ]);
    } finally {
      await live.stop();
    }
  };

  beforeEach(async () => {
    database = await createTestDatabase();
    pools.push(new Pool({ connectionString: database.url, max: database.kind === 'pglite' ? 1 : 4 }));
    await PostgresEventStore.migrate(pools[0]!, database.schema);
    store = new PostgresEventStore({ pool: pools[0]!, schema: database.schema });
    for (let report = 0; report < reports; report++) await appendReport();
  }, 60_000);

  afterEach(async () => {
    for (const readModels of readModelSources.splice(0)) await readModels.destroy();
    for (const pool of pools.splice(0)) await pool.end();
    await database.close();
  });

  /** Events in the tally (each applied event is a row) and links in the notary's chain, with distinct events. */
  const applied = async (readModels: DataSource) => {
    const [row] = await readModels.query<{ tally: string; distinct: string; chain: string }[]>(
      `SELECT (SELECT count(*) FROM tally) AS tally, (SELECT count(DISTINCT global_position) FROM tally) AS distinct,
              (SELECT count(*) FROM notary_chain) AS chain`,
    );
    return { tally: Number(row!.tally), distinct: Number(row!.distinct), chain: Number(row!.chain) };
  };

  it('apply every event once when both catch up at the same time', async () => {
    const [first, second] = await twoProcesses();

    await Promise.all([projectorIn(first).catchUp(), projectorIn(second).catchUp()]);

    expect(await applied(first.readModels)).toEqual({ tally: reports, distinct: reports, chain: reports });
  }, 60_000);

  it('keep a live projector running while another process catches up beside it', async () => {
    const [first, second] = await twoProcesses();

    await whileLive(first, async () => {
      await Promise.all([projectorIn(second).catchUp(), appendReport()]);
      await projectorIn(second).catchUp();
    });

    expect(await applied(first.readModels)).toEqual({ tally: reports + 1, distinct: reports + 1, chain: reports + 1 });
  }, 60_000);

  it('follow a rebuild by another process: the live projector goes on from where the rebuild stands', async () => {
    const [first, second] = await twoProcesses();

    await whileLive(first, async () => {
      await Promise.all([projectorIn(second).rebuild([tally]), appendReport(), appendReport()]);
      await appendReport();
    });

    expect(await applied(first.readModels)).toEqual({ tally: reports + 3, distinct: reports + 3, chain: reports + 3 });
  }, 60_000);
});
