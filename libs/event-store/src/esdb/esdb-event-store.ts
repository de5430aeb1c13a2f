import { EventStoreDBClient } from '@eventstore/db-client';
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
import { appendEvents } from './append';
import { toRecordedEvent } from './event-mapping';
import { logPositionAt, readAllPage } from './read-all';
import { withRetry } from './esdb-errors';
import { collect, readStreamFrom } from './stream-reads';
import { startEsdbSubscription } from './subscription';

// What callers may catch when EventStoreDB stays unreachable through every retry.
export { EventStoreUnavailable } from './esdb-errors';

const DEFAULT_MAX_COUNT = 1000;

/**
 * The event store on EventStoreDB (client 6.2.1, gRPC). Streams map one to one; `$all` is the global log,
 * without system events. What EventStoreDB does not do itself is added here: store-wide unique event ids
 * (event-id-claims.ts), and retries across dropped connections, leader changes and dropped subscriptions.
 * Appends to several streams are not atomic: EventStoreDB has no multi-stream transaction.
 */
export class EsdbEventStore implements EventStore {
  readonly capabilities = { atomicMultiStreamAppend: false } as const;
  private readonly subscriptions = new Set<Subscription>();
  private isClosed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    /** Only a client created by `connect()` is disposed on `close()`. */
    private readonly ownsClient = false,
  ) {}

  /**
   * e.g. `esdb://localhost:2113?tls=false`, or a cluster's `esdb+discover://…` string. Reads one event of
   * `$all` before it returns, so a wrong address or missing rights fail at startup rather than at the first
   * command (reading `$all` needs the admin role on a secured server, as every projection does anyway).
   */
  static async connect(connectionString: string): Promise<EsdbEventStore> {
    const client = EventStoreDBClient.connectionString(connectionString);
    try {
      await withRetry('connect', () => collect(client.readAll({ maxCount: 1 })));
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return new EsdbEventStore(client, true);
  }

  async readStream(streamName: string, { fromRevision = 0 }: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    const resolved = await readStreamFrom(this.client, streamName, fromRevision);
    return resolved.flatMap((event) => toRecordedEvent(event) ?? []);
  }

  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    return appendEvents(this.client, streamName, events, expectedRevision);
  }

  /** One stream after the other: a failure leaves the earlier streams written (capabilities say so). */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const { streamName, events, expectedRevision } of appends)
      results.push(await this.appendToStream(streamName, events, expectedRevision));
    return results;
  }

  readAll({ after = START_OF_LOG, maxCount = DEFAULT_MAX_COUNT, filter }: ReadAllOptions = {}): Promise<ReadAllResult> {
    return readAllPage(this.client, after, maxCount, filter);
  }

  subscribeToAll(handler: BatchHandler, options: SubscribeOptions = {}): Subscription {
    if (this.isClosed) throw new Error('The event store is closed');
    const subscription = startEsdbSubscription(this.client, handler, options, (ended) =>
      this.subscriptions.delete(ended),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  logPositionOf(globalPosition: bigint): Promise<LogPosition | undefined> {
    return logPositionAt(this.client, globalPosition);
  }

  /** Stops the subscriptions; disposes the client only if `connect()` created it. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    if (this.ownsClient) await this.client.dispose();
  }
}
