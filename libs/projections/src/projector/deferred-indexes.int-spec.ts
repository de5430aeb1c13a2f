import { randomUUID } from 'node:crypto';
import type { PostgresEventStore, RecordedEvent } from '@registry/event-store';
import { createTestDatabase, newEvent, type TestDatabase } from '@registry/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessLogProjection } from '../access-log/access-log.projection';
import { registryProjections } from '../registry-projections';
import { openTestStorage, type TestStorage } from '../testing/test-storage';
import type { Projection } from './projection';
import { ProjectionFeed } from './projection-feed';
import { Projector } from './projector';

/** One row per report event; `tally_received` is a way in for queries only, `apply` never reads through it. */
const tally: Projection = {
  name: 'tally',
  filter: { streamCategories: ['report'] },
  tables: ['tally'],
  queryIndexes: ['tally_received'],
  apply: async (events: readonly RecordedEvent[], manager: EntityManager) => {
    const positions = events.map((event) => event.globalPosition.toString());
    const dates = events.map((event) => (event.data as { receivedAt: string }).receivedAt);
    await manager.query(
      'INSERT INTO tally (global_position, received_at) SELECT * FROM unnest($1::bigint[], $2::date[])',
      [positions, dates],
    );
  },
};

/**
 * A rebuild drops the indexes only queries read and builds them once at its end (ADR 0023). What must hold: the
 * index is back, exactly as it was, after a rebuild, and after one that failed or whose process ended before it
 * could build them, as soon as a projector next starts or catches up.
 */
describe('query indexes deferred by a rebuild', () => {
  let database: TestDatabase;
  let storage: TestStorage;
  let readModels: DataSource;
  let store: PostgresEventStore;
  const reports = 30;

  beforeEach(async () => {
    database = await createTestDatabase();
    storage = await openTestStorage(database);
    ({ store, readModels } = storage);
    await readModels.query('CREATE TABLE tally (global_position bigint PRIMARY KEY, received_at date NOT NULL)');
    await readModels.query(
      'CREATE INDEX tally_received ON tally (received_at DESC) WHERE received_at > $$2020-01-01$$',
    );
    for (let report = 0; report < reports; report++) {
      const reportId = randomUUID();
      const receivedAt = `2024-03-${String(1 + (report % 28)).padStart(2, '0')}`;
      await store.appendToStream(`report-${reportId}`, [newEvent('ReportReceived', { reportId, receivedAt })], {
        kind: 'noStream',
      });
    }
  }, 60_000);

  afterEach(async () => {
    await storage.close();
    await database.close();
  });

  /** The index's definition as the catalogue gives it, or undefined while it is dropped. */
  const definitionOf = async (name: string, on: EntityManager = readModels.manager): Promise<string | undefined> => {
    const [row] = await on.query<{ indexdef: string }[]>(
      'SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2',
      [database.schema, name],
    );
    return row?.indexdef;
  };
  const deferred = async (on: EntityManager = readModels.manager): Promise<string[]> =>
    (await on.query<{ index_name: string }[]>('SELECT index_name FROM projection_deferred_index')).map(
      (row) => row.index_name,
    );
  const tallied = async (): Promise<number> =>
    Number((await readModels.query<{ count: string }[]>('SELECT count(*) AS count FROM tally'))[0]!.count);

  it('are dropped while the tables are refilled and built again, unchanged, at the end', async () => {
    await new Projector(store, readModels, [tally], { batchSize: 7 }).catchUp();
    const before = await definitionOf('tally_received');
    const seenByFirstBatch: { index: string | undefined; deferred: string[] }[] = [];
    const looking: Projection = {
      ...tally,
      apply: async (events, manager) => {
        if (seenByFirstBatch.length === 0)
          seenByFirstBatch.push({
            index: await definitionOf('tally_received', manager),
            deferred: await deferred(manager),
          });
        await tally.apply(events, manager);
      },
    };

    const indexBuilds: { projection: string; index: string }[] = [];

    await new Projector(store, readModels, [looking], { batchSize: 7 }).rebuild([looking], {
      onIndexBuild: (step) => indexBuilds.push(step),
    });

    expect(before).toContain('tally_received');
    expect(seenByFirstBatch).toEqual([{ index: undefined, deferred: ['tally_received'] }]);
    expect(indexBuilds).toEqual([{ projection: 'tally', index: 'tally_received' }]);
    expect(await definitionOf('tally_received')).toBe(before);
    expect(await deferred()).toEqual([]);
    expect(await tallied()).toBe(reports);
  }, 60_000);

  it('are built when a projector next catches up, after a rebuild that failed', async () => {
    const projector = new Projector(store, readModels, [tally], { batchSize: 7 });
    await projector.catchUp();
    const before = await definitionOf('tally_received');
    const stopped = new AbortController();

    const rebuilding = projector.rebuild([tally], {
      signal: stopped.signal,
      onProgress: () => stopped.abort(new Error('stopped by the operator')),
    });

    await expect(rebuilding).rejects.toThrow('stopped by the operator');
    expect(await definitionOf('tally_received')).toBeUndefined();
    expect(await deferred()).toEqual(['tally_received']);
    await new Projector(store, readModels, [tally], { batchSize: 7 }).catchUp();
    expect(await definitionOf('tally_received')).toBe(before);
    expect(await deferred()).toEqual([]);
    expect(await tallied()).toBe(reports);
  }, 60_000);

  it('are built when a projector next starts, after a process that ended in the middle of a rebuild', async () => {
    const before = await definitionOf('tally_received');
    // What a killed `registry rebuild` leaves: tables emptied, index dropped and its definition stored.
    const killed = new ProjectionFeed(store, readModels, tally, 7);
    await killed.reset();
    await killed.deferQueryIndexes();
    // A second rebuild that does not get as far either: the definition stored first is kept.
    await killed.deferQueryIndexes();
    expect(await definitionOf('tally_received')).toBeUndefined();

    const projector = new Projector(store, readModels, [tally], { batchSize: 7 });
    await projector.start();
    try {
      await projector.waitUntilCaughtUp();
    } finally {
      await projector.stop();
    }

    expect(await definitionOf('tally_received')).toBe(before);
    expect(await deferred()).toEqual([]);
    expect(await tallied()).toBe(reports);
  }, 60_000);

  it("are built in a version switch's new tables before those go live, and left out of a verify", async () => {
    for (let read = 0; read < 12; read++) {
      const event = newEvent('RecordRead', {
        data: 'report',
        subject: randomUUID(),
        memberState: 'NL',
        purpose: 'case work',
        channel: 'api',
      });
      await store.appendToStream(`access-${randomUUID()}`, [event], { kind: 'noStream' });
    }
    await new Projector(store, readModels, [new AccessLogProjection()], { batchSize: 5 }).catchUp();
    const indexes = new AccessLogProjection().queryIndexes;
    const before = await Promise.all(indexes.map((name) => definitionOf(name)));
    const nextVersion = Object.assign(new AccessLogProjection(), { version: 2 });
    const projector = new Projector(store, readModels, [nextVersion], { batchSize: 5 });

    const [verified] = await projector.verify([nextVersion]);
    await projector.catchUp();

    expect(verified!.differences).toEqual([]);
    expect(before.every((definition) => definition?.includes(` ON ${database.schema}.access_log `))).toBe(true);
    expect(await Promise.all(indexes.map((name) => definitionOf(name)))).toEqual(before);
    expect((await projector.status())[0]).toMatchObject({ version: 2, globalPosition: expect.any(String) });
    expect(await deferred()).toEqual([]);
    const [logged] = await readModels.query<{ count: string }[]>('SELECT count(*) AS count FROM access_log');
    expect(Number(logged!.count)).toBe(12);
  }, 60_000);

  it('are named by the registry projections as indexes the migrations create, none of them unique', async () => {
    const named = registryProjections().flatMap((projection) => projection.queryIndexes ?? []);
    const indexes = await readModels.query<{ indexname: string; indexdef: string }[]>(
      'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = ANY($2::text[])',
      [database.schema, named],
    );

    expect(indexes.map((index) => index.indexname).sort()).toEqual([...named].sort());
    expect(indexes.filter((index) => index.indexdef.startsWith('CREATE UNIQUE'))).toEqual([]);
  }, 60_000);
});
