import { PrecedingAppendFailed } from './errors';

/**
 * The EventStore port. Every adapter (PostgreSQL/PGlite, EventStoreDB) passes the same contract suite in
 * libs/testing. Streams are named `<category>-<id>`; revisions count from 0 within a stream; the global
 * log has one total order that every reader sees the same way.
 */

/** Who did it, for whom, and why: stamped on every event by the application layer, never by the domain. */
export interface EventMetadata {
  readonly eventId: string;
  /** Server time of recording; business time is a field of the event's data. */
  readonly recordedAt: string;
  readonly actor: { readonly userId: string; readonly role: string };
  readonly memberState: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly schemaVersion: number;
  /** Who imported the event, when its import line named another actor (who recorded it originally). */
  readonly importedBy?: { readonly userId: string; readonly role: string };
}

export interface NewEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> {
  readonly streamName: string;
  readonly streamRevision: number;
  /** A number that identifies the event in the whole log (for people: history, --as-of, audit). */
  readonly globalPosition: bigint;
  /** Opaque, adapter-defined checkpoint: read on from here with `readAll({ after })`. */
  readonly position: LogPosition;
  readonly type: string;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/**
 * A position in the log as the adapter orders it. On PostgreSQL this is (transaction id, global position),
 * because sequence values are handed out before commit and a plain `position > n` reader would skip events
 * whose transaction commits late (stack-notes: "never skip in-flight transactions").
 */
export type LogPosition = string;
/** Before the first event. */
export const START_OF_LOG: LogPosition = '';

/**
 * Every adapter writes a position as `<major>/<minor>` (PostgreSQL: transaction id / global position;
 * EventStoreDB: commit / prepare), and the log's order is the numeric order of that pair. Read models that
 * must compare positions (as-of queries) use this key; nothing else should look inside a position.
 */
export const logPositionSortKey = (position: LogPosition): readonly [bigint, bigint] => {
  if (position === START_OF_LOG) return [0n, 0n];
  const match = /^(\d+)\/(\d+)$/.exec(position);
  if (!match?.[1] || !match[2]) throw new Error(`Not a log position: "${position}"`);
  return [BigInt(match[1]), BigInt(match[2])];
};

export type ExpectedRevision =
  | { readonly kind: 'noStream' }
  | { readonly kind: 'any' }
  | { readonly kind: 'streamExists' }
  | { readonly kind: 'exact'; readonly revision: number };

export const ExpectedRevision = {
  noStream: { kind: 'noStream' } as ExpectedRevision,
  any: { kind: 'any' } as ExpectedRevision,
  streamExists: { kind: 'streamExists' } as ExpectedRevision,
  exact: (revision: number): ExpectedRevision => ({ kind: 'exact', revision }),
  /** The expected revision of a stream whose last known revision is `revision` (-1: no events). */
  after: (revision: number): ExpectedRevision => (revision < 0 ? ExpectedRevision.noStream : ExpectedRevision.exact(revision)),
} as const;

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  readonly nextExpectedRevision: number;
  /** Position of the last event written (or of the existing events, for an idempotent repeat). */
  readonly position: LogPosition;
  readonly globalPosition: bigint;
}

export interface StreamAppend {
  readonly streamName: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface ReadAllOptions {
  /** Read events strictly after this position; START_OF_LOG for the beginning. */
  readonly after?: LogPosition;
  readonly maxCount?: number;
  readonly filter?: LogFilter;
}

/** Server-side filter for reads of the whole log. Both lists are ORed within, ANDed with each other. */
export interface LogFilter {
  readonly eventTypes?: readonly string[];
  readonly streamCategories?: readonly string[];
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /**
   * Where to continue. It may lie beyond the last returned event when filtered-out events were skipped,
   * so a filtered reader never rescans them.
   */
  readonly next: LogPosition;
  /** True when nothing readable lies beyond `next` at the time of the read. */
  readonly isEnd: boolean;
}

export interface SubscribeOptions {
  readonly after?: LogPosition;
  readonly filter?: LogFilter;
  /** Largest batch handed to the handler. */
  readonly batchSize?: number;
}

/**
 * Handles a batch of events in log order. The subscription waits for the returned promise before it
 * delivers the next batch; if it rejects, the subscription stops and reports the error.
 */
export type BatchHandler = (events: readonly RecordedEvent[], next: LogPosition) => Promise<void>;

export interface Subscription {
  /** Resolves when the subscription stops: after `stop()`, or rejects with the handler's or store's error. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Committed events that readers cannot see yet: a transaction open anywhere on the database server holds the
 * log's readable end, and every projection and "now" read stops there until it ends (ADR 0001).
 */
export interface HeldBackEvents {
  /** Committed events beyond the readable end, counted up to the limit asked for. */
  readonly count: number;
  /** The global position of the last readable event (what `--as-of` takes); null when none is readable yet. */
  readonly readableEnd: bigint | null;
  /** Whole seconds the transaction at the horizon has been open; null when none is or the server does not say. */
  readonly oldestOpenTransactionSeconds: number | null;
}

export interface EventStore {
  /** All events of a stream, oldest first; empty when the stream does not exist. */
  readStream(streamName: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]>;
  /**
   * Optional: several whole streams in one round trip, each as `readStream` would answer (every name is a
   * key; unknown streams are empty). Call it through `readStreams()`, which falls back to one read each.
   */
  readStreams?(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /**
   * Appends atomically with optimistic concurrency: throws `WrongExpectedRevision` when the stream is not at
   * the expected revision. Re-appending events whose eventIds are already stored in that stream, in the same
   * order, is an idempotent no-op that answers the original result.
   */
  appendToStream(streamName: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams in one transaction where the store supports it (PostgreSQL); adapters that
   * cannot (EventStoreDB) append one stream after another and say so in `capabilities`.
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
  /**
   * Optional: a chain of appends that may each be written while the one before it still is (an import's
   * batches). Call it through `appendChain()`, which falls back to one append after another.
   */
  appendChain?(): AppendChain;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  /** Catch-up then live: delivers every event after `after` in log order, then new ones as they commit. */
  subscribeToAll(handler: BatchHandler, options?: SubscribeOptions): Subscription;
  /** The log position of the event at a global position (for `--as-of POSITION`); undefined if none. */
  logPositionOf(globalPosition: bigint): Promise<LogPosition | undefined>;
  /**
   * Optional, for stores whose readers stop below a horizon (PostgreSQL, ADR 0001): what the log's readable end
   * leaves out, committed events counted up to `limit`. A store without one (EventStoreDB) leaves it out.
   */
  heldBackEvents?(limit: number): Promise<HeldBackEvents>;
  readonly capabilities: { readonly atomicMultiStreamAppend: boolean };
  close(): Promise<void>;
}

/**
 * Appends made one after another, each decided on top of the one before it, that the store may write at
 * once. Each answers as `appendToStreams` would, with one more guarantee: it commits only after the append
 * before it in the chain committed, and comes after it in the log. When that one failed, it writes nothing
 * and rejects with `PrecedingAppendFailed`; so does every later append of the chain, which is then spent. A
 * store may also refuse it so when the append before it could not be written in its turn (PostgreSQL: a
 * refused COPY that then succeeded in another transaction).
 */
export interface AppendChain {
  append(appends: readonly StreamAppend[]): Promise<AppendResult[]>;
}

/** A new chain of appends (see AppendChain): the store's own, else one that waits for each append in turn. */
export const appendChain = (store: EventStore): AppendChain => store.appendChain?.() ?? new AppendsInTurn(store);

class AppendsInTurn implements AppendChain {
  private last: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  append(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const appending = this.last.then(
      () => this.store.appendToStreams(appends),
      () => {
        throw new PrecedingAppendFailed();
      },
    );
    this.last = appending;
    appending.catch(() => undefined); // the caller has it; the next append only looks at whether it failed
    return appending;
  }
}

/** Several streams at once: in one round trip where the adapter can, else one `readStream` each. */
export const readStreams = async (store: EventStore, streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> => {
  if (store.readStreams) return store.readStreams(streamNames);
  const unique = [...new Set(streamNames)];
  const histories = await Promise.all(unique.map((name) => store.readStream(name)));
  return new Map(unique.map((name, index) => [name, histories[index] ?? []]));
};
