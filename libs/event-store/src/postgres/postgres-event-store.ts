import { Pool } from 'pg';
import {
  START_OF_LOG,
  type AppendChain,
  type AppendResult,
  type BatchHandler,
  type EventStore,
  type ExpectedRevision,
  type HeldBackEvents,
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
import { Coalescer, GROUPS_IN_FLIGHT } from '../coalescer';
import { PostgresAppender } from './appender';
import { comparePositions, decodeLogPosition, encodeLogPosition } from './log-position';
import { toRecordedEvent, type EventRow } from './row-mapping';
import {
  heldBackEventsSql,
  logPositionOfSql,
  migrationSql,
  readAllQuery,
  selectStreamSql,
  selectStreamsSql,
} from './sql';
import { surviveSocketErrors } from './socket-errors';
import { ServerTraits } from './server-traits';
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

interface ReadAllRow extends Partial<EventRow> {
  readonly tail_transaction_id: string;
  readonly tail_global_position: string;
}

interface HeldBackRow {
  readonly held_back: number;
  readonly readable_end: string | null;
  readonly holder_open_seconds: number | null;
}

/** The event store on PostgreSQL (server or PGlite through its socket): one `events` table per schema. */
export class PostgresEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: true } as const;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly pollIntervalMs: number;
  private readonly wakeup = new Wakeup();
  private readonly subscriptions = new Set<Subscription>();
  private readonly traits: ServerTraits;
  private readonly appender: PostgresAppender;
  private ownsPool = false;
  private isClosed = false;

  constructor({ pool, schema = 'public', pollIntervalMs = 50, copyThreshold = 500 }: PostgresEventStoreOptions) {
    this.pool = pool;
    this.schema = schema;
    this.pollIntervalMs = pollIntervalMs;
    this.traits = new ServerTraits(pool);
    this.appender = new PostgresAppender(pool, this.traits, schema, copyThreshold, (appends) => this.wakeup.notify(appends));
  }

  /** Creates (and on `close()` ends) its own pool, and migrates unless told not to. */
  static async connect(url: string, options: PostgresConnectOptions = {}): Promise<PostgresEventStore> {
    const pool = surviveSocketErrors(new Pool(postgresPoolConfig(url, options)));
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
    const { rows } = await this.pool.query<EventRow>(await this.traits.statement(selectStreamSql(this.schema), [streamName, fromRevision]));
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
    return this.appender.append(appends);
  }

  appendChain(): AppendChain {
    return this.appender.chain();
  }

  /** Concurrent callers' stream reads, read in one statement per group (each caller gets its own arrays). */
  private readonly reads = new Coalescer<readonly string[], Map<string, RecordedEvent[]>>(
    async (groups) => {
      const all = await this.selectStreams(groups.flat());
      return groups.map((names) => new Map(names.map((name) => [name, [...(all.get(name) ?? [])]])));
    },
    (names) => this.selectStreams(names),
    GROUPS_IN_FLIGHT,
  );

  private async selectStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamNames.map((name) => [name, []]));
    if (streams.size === 0) return streams;
    const { rows } = await this.pool.query<EventRow>(await this.traits.statement(selectStreamsSql(this.schema), [[...streams.keys()]]));
    for (const row of rows) streams.get(row.stream_name)?.push(toRecordedEvent(row));
    return streams;
  }

  async readAll({ after = START_OF_LOG, maxCount = DEFAULT_MAX_COUNT, filter = {} }: ReadAllOptions = {}): Promise<ReadAllResult> {
    const from = decodeLogPosition(after);
    const limit = Math.max(1, maxCount);
    // One row more than asked tells whether the page ended the readable log.
    const { text, values } = readAllQuery(this.schema, from, limit + 1, filter);
    const { rows } = await this.pool.query<ReadAllRow>(await this.traits.statement(text, values));
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

  /** One statement: cheap enough for /health to ask at every poll (a few index entries, ADR 0001 addendum). */
  async heldBackEvents(limit: number): Promise<HeldBackEvents> {
    const statement = await this.traits.statement(heldBackEventsSql(this.schema), [limit]);
    const { rows } = await this.pool.query<HeldBackRow>(statement);
    const row = rows[0];
    return {
      count: row?.held_back ?? 0,
      readableEnd: row?.readable_end != null ? BigInt(row.readable_end) : null,
      oldestOpenTransactionSeconds: row?.holder_open_seconds ?? null,
    };
  }

  /** Stops the subscriptions; ends the pool only if `connect()` created it. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsPool) await this.pool.end();
  }


}
