import { Pool, type PoolClient } from 'pg';
import { WrongExpectedRevision } from '../errors';
import {
  START_OF_LOG,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedRevision,
  type LogPosition,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import { postgresPoolConfig, type PostgresConnectOptions } from './pool-config';
import { RevisionConflict, appendInTransaction, describeExpected, isRetryable, readCurrentRevision } from './append';
import { appendPlanned, planBulkAppend } from './bulk-append';
import { Coalescer } from '../coalescer';
import { comparePositions, decodeLogPosition, encodeLogPosition } from './log-position';
import { toRecordedEvent, type EventRow } from './row-mapping';
import { logPositionOfSql, migrationSql, quoteIdent, readAllQuery, selectStreamSql, selectStreamsSql } from './sql';
import { Wakeup, startPollingSubscription } from './subscription';

export interface PostgresEventStoreOptions {
  /** Owned by the caller: `close()` leaves it open. Its connections should set idle_in_transaction_session_timeout. */
  readonly pool: Pool;
  readonly schema?: string;
  /** How often an idle subscription looks for events appended by other processes. */
  readonly pollIntervalMs?: number;
  /**
   * Appends of at least this many events go in with COPY (default 500). PGlite's socket does not speak
   * the COPY sub-protocol, so on PGlite (found by `version()`) they are always an INSERT.
   */
  readonly copyThreshold?: number;
}

const DEFAULT_MAX_COUNT = 1000;
/** Groups of concurrent reads and appends in flight at once (the pool has more connections for the rest). */
const READ_GROUPS = 3;
const APPEND_GROUPS = 3;
/** `any`/`streamExists` appends that keep losing races give up after this many attempts. */
const MAX_APPEND_ATTEMPTS = 5;

interface ReadAllRow extends Partial<EventRow> {
  readonly tail_transaction_id: string;
  readonly tail_global_position: string;
}

/** The event store on PostgreSQL (server or PGlite through its socket): one `events` table per schema. */
export class PostgresEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: true } as const;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly pollIntervalMs: number;
  private readonly wakeup = new Wakeup();
  private readonly subscriptions = new Set<Subscription>();
  private readonly copyThreshold: number;
  private isPgliteServer: Promise<boolean> | undefined;
  private copiedRows = 0;
  private analyzeAtRows = 100_000;
  private ownsPool = false;
  private isClosed = false;

  constructor({ pool, schema = 'public', pollIntervalMs = 50, copyThreshold = 500 }: PostgresEventStoreOptions) {
    this.pool = pool;
    this.schema = schema;
    this.pollIntervalMs = pollIntervalMs;
    this.copyThreshold = copyThreshold;
  }

  /** Creates (and on `close()` ends) its own pool, and migrates unless told not to. */
  static async connect(url: string, options: PostgresConnectOptions = {}): Promise<PostgresEventStore> {
    const pool = new Pool(postgresPoolConfig(url, options));
    // An idle client that loses its connection emits 'error' on the pool; unhandled, that would end the process.
    pool.on('error', () => undefined);
    const store = new PostgresEventStore({ pool, schema: options.schema, pollIntervalMs: options.pollIntervalMs });
    store.ownsPool = true;
    try {
      if (options.migrate ?? true) await PostgresEventStore.migrate(pool, options.schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  /** Idempotent; an advisory lock keeps concurrent migrations (parallel test files, replicas) from racing. */
  static async migrate(pool: Pool, schema = 'public'): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`registry.events:${schema}`]);
      for (const statement of migrationSql(schema)) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async readStream(streamName: string, { fromRevision = 0 }: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    if (fromRevision === 0) return (await this.reads.submit([streamName])).get(streamName) ?? [];
    const { rows } = await this.pool.query<EventRow>(selectStreamSql(this.schema), [streamName, fromRevision]);
    return rows.map(toRecordedEvent);
  }

  readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    return this.reads.submit(streamNames);
  }

  async appendToStream(streamName: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamName, events, expectedRevision }]);
    if (!result) throw new Error('appendToStreams returned no result');
    return result;
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.appends.submit(appends);
  }

  /** Concurrent callers' stream reads, read in one statement per group (each caller gets its own arrays). */
  private readonly reads = new Coalescer<readonly string[], Map<string, RecordedEvent[]>>(
    async (groups) => {
      const all = await this.selectStreams(groups.flat());
      return groups.map((names) => new Map(names.map((name) => [name, [...(all.get(name) ?? [])]])));
    },
    (names) => this.selectStreams(names),
    READ_GROUPS,
  );

  /**
   * Concurrent callers' appends with fixed revisions, written in one statement per group (one transaction: a
   * group commit). If the group is refused, each caller's appends are written alone and meet their own fate.
   */
  private readonly appends = new Coalescer<readonly StreamAppend[], AppendResult[]>(
    async (groups) => {
      const plan = planBulkAppend(groups.flat());
      if (!plan || (await this.isPglite())) return groups.map(() => undefined);
      const results = await appendPlanned(this.pool, this.schema, plan, plan.streamNames.length >= this.copyThreshold ? 'copy' : 'statement');
      if (!results) return groups.map(() => undefined);
      this.wakeup.notify();
      let start = 0;
      return groups.map((appends) => results.slice(start, (start += appends.length)));
    },
    (appends) => this.appendAlone(appends),
    APPEND_GROUPS,
  );

  private async selectStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamNames.map((name) => [name, []]));
    if (streams.size === 0) return streams;
    const { rows } = await this.pool.query<EventRow>(selectStreamsSql(this.schema), [[...streams.keys()]]);
    for (const row of rows) streams.get(row.stream_name)?.push(toRecordedEvent(row));
    return streams;
  }

  private async appendAlone(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    // Most appends fix their revisions in advance: one statement (or one COPY) then writes them all. When
    // that is refused, the general path below repeats the append and tells a repeat from a conflict.
    const plan = planBulkAppend(appends);
    if (plan) {
      const write = (await this.isPglite()) ? 'transaction' : plan.streamNames.length >= this.copyThreshold ? 'copy' : 'statement';
      const results = await appendPlanned(this.pool, this.schema, plan, write);
      if (results) {
        this.wakeup.notify();
        if (write === 'copy') this.keepStatisticsFresh(plan.streamNames.length);
        return results;
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.inTransaction(async (client) => {
          const done: AppendResult[] = [];
          for (const append of appends) done.push(await appendInTransaction(client, this.schema, append));
          return done;
        });
        this.wakeup.notify();
        return results;
      } catch (error) {
        if (!(error instanceof RevisionConflict)) throw error;
        if (isRetryable(error.expected) && attempt < MAX_APPEND_ATTEMPTS) continue;
        const actual = await readCurrentRevision(this.pool, this.schema, error.streamName);
        throw new WrongExpectedRevision(error.streamName, describeExpected(error.expected), actual);
      }
    }
  }

  async readAll({ after = START_OF_LOG, maxCount = DEFAULT_MAX_COUNT, filter = {} }: ReadAllOptions = {}): Promise<ReadAllResult> {
    const from = decodeLogPosition(after);
    const limit = Math.max(1, maxCount);
    // One row more than asked tells whether the page ended the readable log.
    const { rows } = await this.pool.query<ReadAllRow>(readAllQuery(this.schema, from, limit + 1, filter));
    const events = rows.filter((row): row is ReadAllRow & EventRow => row.global_position != null).map(toRecordedEvent);
    const lastReturned = events[limit - 1];
    if (events.length > limit && lastReturned) return { events: events.slice(0, limit), next: lastReturned.position, isEnd: false };
    // The whole readable rest was scanned: move past it, filtered-out events included.
    const tailRow = rows[0];
    if (!tailRow) return { events, next: after, isEnd: true };
    const tail = { transactionId: BigInt(tailRow.tail_transaction_id), globalPosition: BigInt(tailRow.tail_global_position) };
    return { events, next: comparePositions(tail, from) > 0 ? encodeLogPosition(tail) : after, isEnd: true };
  }

  subscribeToAll(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    if (this.isClosed) throw new Error('The event store is closed');
    const subscription = startPollingSubscription(handler, options, {
      readAll: (readOptions) => this.readAll(readOptions),
      wakeup: this.wakeup,
      pollIntervalMs: this.pollIntervalMs,
      onEnd: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async logPositionOf(globalPosition: bigint): Promise<LogPosition | undefined> {
    const { rows } = await this.pool.query<{ txid: string }>(logPositionOfSql(this.schema), [globalPosition.toString()]);
    const row = rows[0];
    return row ? encodeLogPosition({ transactionId: BigInt(row.txid), globalPosition }) : undefined;
  }

  /** Stops the subscriptions; ends the pool only if `connect()` created it. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsPool) await this.pool.end();
  }

  /**
   * Bulk loads outrun autovacuum's ANALYZE: with statistics of a much smaller table the planner reads a
   * category's page by sorting every later event of it, and a rebuild turns quadratic. So every time COPY has
   * doubled what it wrote since this store opened (from 100 000 rows), the table is analysed in the background.
   */
  private keepStatisticsFresh(copied: number): void {
    this.copiedRows += copied;
    if (this.copiedRows < this.analyzeAtRows) return;
    this.analyzeAtRows = this.copiedRows * 2;
    this.pool.query(`ANALYZE ${quoteIdent(this.schema)}.events`).catch(() => undefined);
  }

  private isPglite(): Promise<boolean> {
    this.isPgliteServer ??= this.pool
      .query<{ version: string }>('SELECT version()')
      .then(({ rows }) => /PGlite/i.test(rows[0]?.version ?? ''))
      .catch((error: unknown) => {
        this.isPgliteServer = undefined;
        throw error;
      });
    return this.isPgliteServer;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection is unusable: hand it back as broken so the pool drops it.
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
