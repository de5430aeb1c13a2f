import { Client, Pool } from 'pg';
import {
  createTestDatabase,
  describeEventStoreContract,
  eventually,
  newEvent,
  sleep,
  uniqueStream,
  type HeldTransaction,
  type TestDatabase,
} from '@registry/testing';
import { PrecedingAppendFailed, WrongExpectedRevision } from '../errors';
import { ExpectedRevision, readStreams, type AppendResult, type NewEvent, type StreamAppend } from '../event-store';
import { decodeLogPosition } from './log-position';
import { PostgresEventStore } from './postgres-event-store';

// PGlite when DATABASE_URL is unset, else the server; each run in a schema of its own.
describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 4, pollIntervalMs: 25 });

  const holdOpenTransaction = async (streamName: string, event: NewEvent): Promise<HeldTransaction> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "${database.schema}".events (stream_name, stream_revision, event_id, type, data, metadata)
       VALUES ($1, 0, $2, $3, $4, $5)`,
      [streamName, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
    );
    return {
      commit: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  };

  return {
    store,
    holdOpenTransaction,
    cleanup: async () => {
      await store.close();
      await database.close();
    },
  };
});

describe('PostgresEventStore bulk appends', () => {
  it('writes events larger than a COPY chunk (a megabyte) whole, among small ones', async () => {
    const database = await createTestDatabase();
    const pool = new Pool({ connectionString: database.url, max: 2 });
    await PostgresEventStore.migrate(pool, database.schema);
    // A threshold of one: this append goes through COPY on a server (PGlite always inserts in a transaction).
    const store = new PostgresEventStore({ pool, schema: database.schema, copyThreshold: 1 });
    try {
      const big = (n: number) => `${'é😀\t\\'.repeat(n)}${'x'.repeat(1_100_000)}`;
      const appends = [0, 1, 2, 3].map((index) => ({
        streamName: uniqueStream(),
        events: [newEvent('SomethingBig', { text: big(index) }), newEvent()],
        expectedRevision: ExpectedRevision.noStream,
      }));

      await store.appendToStreams(appends);

      const read = await readStreams(store, appends.map((append) => append.streamName));
      expect(appends.map((append) => read.get(append.streamName)?.map((event) => event.data))).toEqual(
        appends.map((append) => append.events.map((event) => event.data)),
      );
    } finally {
      await store.close();
      await pool.end();
      await database.close();
    }
  }, 60_000);
});

describe('PostgresEventStore migration', () => {
  it('drops the index by type of earlier versions (ADR 0014); type filters still read in log order', async () => {
    const database = await createTestDatabase();
    const pool = new Pool({ connectionString: database.url, max: 2 });
    const schema = `"${database.schema}"`;
    const indexes = async () => {
      const query = `SELECT indexname FROM pg_indexes WHERE schemaname = $1`;
      const { rows } = await pool.query<{ indexname: string }>(query, [database.schema]);
      return rows.map((row) => row.indexname).sort();
    };
    const store = new PostgresEventStore({ pool, schema: database.schema });
    try {
      await PostgresEventStore.migrate(pool, database.schema);
      await pool.query(`CREATE INDEX events_type_order ON ${schema}.events (type, transaction_id, global_position)`);

      await PostgresEventStore.migrate(pool, database.schema);

      const expected = ['events_category_order', 'events_event_id_key', 'events_log_order', 'events_pkey'];
      expect(await indexes()).toEqual([...expected, 'events_stream_revision_key'].sort());
      const streams = [uniqueStream(), uniqueStream()];
      for (const [index, name] of streams.entries()) {
        await store.appendToStream(name, [newEvent('Wanted', { index }), newEvent('Other')], ExpectedRevision.noStream);
      }
      const { events } = await store.readAll({ filter: { eventTypes: ['Wanted'] } });
      expect(events.map((event) => event.data)).toEqual([{ index: 0 }, { index: 1 }]);
    } finally {
      await store.close();
      await pool.end();
      await database.close();
    }
  }, 60_000);
});

describe('PostgresEventStore statistics', () => {
  it('analyses the events table once a thousand events were appended, by statements as well as by COPY', async () => {
    const database = await createTestDatabase();
    const store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 2 });
    const pool = new Pool({ connectionString: database.url, max: 1 });
    // -1 until the table was first analysed (or vacuumed); the planner has no statistics before.
    const estimatedRows = async () => {
      const { rows } = await pool.query<{ reltuples: number }>(
        `SELECT reltuples FROM pg_class WHERE oid = $1::regclass`,
        [`"${database.schema}".events`],
      );
      return Number(rows[0]!.reltuples);
    };
    try {
      expect(await estimatedRows()).toBe(-1);
      for (let append = 0; append < 10; append++) {
        // 100 events a stream: below the COPY threshold, so these go in as INSERT statements.
        const events = Array.from({ length: 100 }, () => newEvent());
        const streamName = uniqueStream();
        await store.appendToStreams([{ streamName, events, expectedRevision: ExpectedRevision.noStream }]);
      }
      await eventually(async () => expect(await estimatedRows()).toBe(1_000), 20_000);
    } finally {
      await store.close();
      await pool.end();
      await database.close();
    }
  }, 60_000);
});

// Concurrent callers' appends share a statement only on a server (PGlite writes each caller alone).
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('PostgresEventStore group commits', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 4 });
  });

  afterEach(async () => {
    await store.close();
    await database.close();
  });

  const appendNew = (streamName = uniqueStream(), event = newEvent()) =>
    store.appendToStreams([{ streamName, events: [event], expectedRevision: ExpectedRevision.noStream }]);

  /** Submits `callers` together behind one append in flight, so that they go out as one group. */
  const asOneGroup = async <T>(callers: () => T): Promise<T> => {
    const inFlight = appendNew();
    const submitted = callers();
    await inFlight;
    return submitted;
  };

  const transactionsOf = (written: readonly AppendResult[][]) =>
    new Set(written.map(([result]) => decodeLogPosition(result!.position).transactionId));

  it('writes the rest of a group refused by one caller together, and that caller alone', async () => {
    const taken = uniqueStream();
    await appendNew(taken);

    const { fresh, conflicting } = await asOneGroup(() => ({
      fresh: [0, 1, 2, 3].map(() => appendNew()),
      conflicting: appendNew(taken),
    }));

    await expect(conflicting).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(transactionsOf(await Promise.all(fresh)).size).toBe(1);
  }, 30_000);

  it('answers a repeat of a stored append as stored, and writes the rest of its group together', async () => {
    const streamName = uniqueStream();
    const event = newEvent();
    const [stored] = await appendNew(streamName, event);

    const { fresh, repeat } = await asOneGroup(() => ({
      fresh: [0, 1, 2].map(() => appendNew()),
      repeat: appendNew(streamName, event),
    }));

    expect(await repeat).toEqual([stored]);
    expect(transactionsOf(await Promise.all(fresh)).size).toBe(1);
  }, 30_000);

  it('of two callers in a group creating one stream, writes the first with the group, refuses the second', async () => {
    const contested = uniqueStream();

    const { first, second, fresh } = await asOneGroup(() => ({
      first: appendNew(contested),
      second: appendNew(contested),
      fresh: [0, 1].map(() => appendNew()),
    }));

    await expect(second).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(transactionsOf([await first, ...(await Promise.all(fresh))]).size).toBe(1);
  }, 30_000);
});

onServer('PostgresEventStore connections', () => {
  it('keeps the connection of an append that a unique index refused', async () => {
    const database = await createTestDatabase();
    const pool = new Pool({ connectionString: database.url, max: 1 });
    try {
      await PostgresEventStore.migrate(pool, database.schema);
      const store = new PostgresEventStore({ pool, schema: database.schema });
      let connections = 0;
      pool.on('connect', () => connections++);
      const streamName = uniqueStream();
      const create = () =>
        store.appendToStreams([{ streamName, events: [newEvent()], expectedRevision: ExpectedRevision.noStream }]);
      await create();
      const opened = connections;

      // Refused twice: by its one statement, then stream by stream in a transaction (which tells why).
      await expect(create()).rejects.toBeInstanceOf(WrongExpectedRevision);

      expect(connections).toBe(opened);
      await store.close();
    } finally {
      await pool.end();
      await database.close();
    }
  }, 30_000);
});

onServer('PostgresEventStore append chains', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;
  /** Other sessions' transactions: a test that fails while one is open must not leave the store's waiting. */
  let openSessions: Client[];

  beforeEach(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 6 });
    await PostgresEventStore.migrate(pool, database.schema);
    // A threshold of one: every append that fixes its revisions goes in by COPY, beside the one before it.
    store = new PostgresEventStore({ pool, schema: database.schema, copyThreshold: 1 });
    openSessions = [];
  });

  afterEach(async () => {
    await Promise.all(openSessions.map((client) => client.end()));
    await store.close();
    await pool.end();
    await database.close();
  });

  const created = (streamName: string): StreamAppend => ({
    streamName,
    events: [newEvent()],
    expectedRevision: ExpectedRevision.noStream,
  });

  /** Another session's uncommitted row at revision 0 of `streamName`: a COPY that writes it waits for that session. */
  const holdRevisionZero = async (streamName: string) => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    openSessions.push(client);
    await client.query('BEGIN');
    const event = newEvent();
    await client.query(
      `INSERT INTO "${database.schema}".events (stream_name, stream_revision, event_id, type, data, metadata)
       VALUES ($1, 0, $2, $3, $4, $5)`,
      [streamName, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
    );
    const end = async (how: 'COMMIT' | 'ROLLBACK') => {
      await client.query(how);
      openSessions.splice(openSessions.indexOf(client), 1);
      await client.end();
    };
    return { commit: () => end('COMMIT'), rollBack: () => end('ROLLBACK') };
  };

  /** Sessions whose transaction copied rows and now waits, uncommitted, for the append before it. */
  const copiesWaitingToCommit = async (): Promise<number> => {
    const { rows } = await pool.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE 'COPY %'`,
    );
    return rows[0]!.waiting;
  };

  it('writes an append beside the one before it, commits it after that one, and logs it after that one', async () => {
    const [shared, held, own] = [uniqueStream(), uniqueStream(), uniqueStream()];
    const blocker = await holdRevisionZero(held);
    const chain = store.appendChain();

    const first = chain.append([created(shared), created(held)]);
    // Expects the revision the first append writes: its guard must look only once the first committed.
    const next = { streamName: shared, events: [newEvent()], expectedRevision: ExpectedRevision.exact(0) };
    const second = chain.append([next, created(own)]);
    await eventually(async () => expect(await copiesWaitingToCommit()).toBe(1));
    expect(await store.readStream(own)).toEqual([]);

    await blocker.rollBack();
    const [firstResults, secondResults] = await Promise.all([first, second]);
    const order = (results: AppendResult[]) => decodeLogPosition(results.at(-1)!.position);
    expect(order(secondResults).transactionId).toBeGreaterThan(order(firstResults).transactionId);
    expect((await store.readStream(shared)).map((event) => event.streamRevision)).toEqual([0, 1]);
    const log = await store.readAll({ maxCount: 10 });
    expect(log.events.map((event) => event.streamName)).toEqual([shared, held, shared, own]);
  }, 30_000);

  it('writes nothing of the appends after one that failed, and says why', async () => {
    const [held, own, later] = [uniqueStream(), uniqueStream(), uniqueStream()];
    const blocker = await holdRevisionZero(held);
    const chain = store.appendChain();

    const first = chain.append([created(held)]);
    const second = chain.append([created(own)]);
    await eventually(async () => expect(await copiesWaitingToCommit()).toBe(1));
    await blocker.commit();

    await expect(first).rejects.toBeInstanceOf(WrongExpectedRevision);
    await expect(second).rejects.toBeInstanceOf(PrecedingAppendFailed);
    await expect(chain.append([created(later)])).rejects.toBeInstanceOf(PrecedingAppendFailed);
    expect(await store.readStream(own)).toEqual([]);
    expect(await store.readStream(later)).toEqual([]);
  }, 30_000);

  it('refuses the append after one that was answered in another transaction than its own (a repeat)', async () => {
    const stored = created(uniqueStream());
    const [original] = await store.appendToStreams([stored]);
    const chain = store.appendChain();

    const repeat = chain.append([stored]);
    const next = chain.append([created(uniqueStream())]);

    expect(await repeat).toEqual([original]);
    await expect(next).rejects.toBeInstanceOf(PrecedingAppendFailed);
  }, 30_000);
});

onServer('PostgresEventStore events held back by a transaction open elsewhere', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  /** Another session on the server, as an operator's psql or another schema's data load would be. */
  let holder: Client;

  beforeEach(async () => {
    database = await createTestDatabase();
    store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 2 });
    holder = new Client({ connectionString: database.url });
    await holder.connect();
  });

  afterEach(async () => {
    await holder.end();
    await store.close();
    await database.close();
  });

  const appendNew = () => store.appendToStream(uniqueStream(), [newEvent()], ExpectedRevision.noStream);

  it('counts the committed events it hides, up to the limit, and says how long it has been open', async () => {
    const readable = await appendNew();
    await eventually(async () => expect((await store.readAll()).events).toHaveLength(1));
    await holder.query('BEGIN');
    await holder.query('SELECT pg_current_xact_id()');
    await sleep(1_100);

    for (let i = 0; i < 3; i++) await appendNew();

    const heldBack = await store.heldBackEvents(1_000);
    expect(heldBack).toMatchObject({ count: 3, readableEnd: readable.globalPosition });
    expect(heldBack.oldestOpenTransactionSeconds).toBeGreaterThanOrEqual(1);
    expect((await store.heldBackEvents(2)).count).toBe(2);
    expect((await store.readAll()).events).toHaveLength(1);

    await holder.query('ROLLBACK');
    await eventually(async () => expect((await store.heldBackEvents(1_000)).count).toBe(0), 20_000);
    expect((await store.readAll()).events).toHaveLength(4);
  }, 30_000);
});

// One backend session serves every connection of PGlite's socket, one transaction at a time: nothing can hold it back.
const embeddedOnly = process.env.DATABASE_URL ? describe.skip : describe;

embeddedOnly('PostgresEventStore events held back on PGlite', () => {
  it('holds none back, and names the last event as the readable end', async () => {
    const database = await createTestDatabase();
    const store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 1 });
    try {
      const nothing = { count: 0, readableEnd: null, oldestOpenTransactionSeconds: null };
      expect(await store.heldBackEvents(1_000)).toEqual(nothing);
      await store.appendToStream(uniqueStream(), [newEvent()], ExpectedRevision.noStream);
      const last = await store.appendToStream(uniqueStream(), [newEvent()], ExpectedRevision.noStream);

      expect(await store.heldBackEvents(1_000)).toEqual({ ...nothing, readableEnd: last.globalPosition });
    } finally {
      await store.close();
      await database.close();
    }
  }, 30_000);
});
