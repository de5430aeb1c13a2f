import { DuplicateEventId, WrongExpectedRevision } from '../errors';
import {
  START_OF_LOG,
  readStreams,
  type AppendChain,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
  type StreamAppend,
} from '../event-store';

/** A stream as the batch sees it: what the store held when it was read, then the batch's own appends. */
interface StreamView {
  readonly stored: readonly RecordedEvent[];
  readonly pending: RecordedEvent[];
}

/**
 * A unit of work over many commands: their reads come from one view (each stream as read once from the
 * store, plus what earlier commands of the batch appended to it), their appends are checked against that
 * view as the store would check them, and `flush()` writes them all with one `appendToStreams` (one
 * transaction on PostgreSQL) in the order they were made. Nothing is written before the flush, so events
 * appended in the batch have no log position yet (START_OF_LOG, global position -1).
 *
 * A batch may follow batches whose writes its reads may have missed: batches still being written, or whose
 * flush committed only after this batch read (it may read ahead, before they were even decided). It then
 * sees their appends as if they were stored, whether its reads saw them or not. It must not be flushed
 * unless their flushes succeeded.
 */
export class WriteBatch {
  private streams = new Map<string, StreamView>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly appends: StreamAppend[] = [];
  /** The streams of the batches followed, oldest first: their views hold no further batches, so no chain builds up. */
  private followed: readonly ReadonlyMap<string, StreamView>[] = [];
  private eventCount = 0;
  private queue: { readonly names: Set<string>; readonly loaded: Promise<void> } | undefined;

  constructor(
    private readonly store: EventStore,
    after?: WriteBatch,
  ) {
    if (after) this.follow([after]);
  }

  /** Events appended and not yet flushed. */
  get size(): number {
    return this.eventCount;
  }

  /**
   * The earlier batches (oldest first) whose appends count as stored for this one: those whose flush had not
   * committed when this batch read. Said before this batch's first command; replaces what was said before.
   */
  follow(earlier: readonly WriteBatch[]): void {
    // Looked up per stream when read: copying every stream the earlier batches appended to, for the few this
    // batch shares with them, was a good part of an import's garbage. Their appends no longer change: they
    // were decided, and a discarded batch starts a new map (discard()).
    this.followed = earlier.map((batch) => batch.streams);
  }

  /** Reads the streams the coming commands will read, in one round trip where the store can. */
  async prefetch(streamNames: readonly string[]): Promise<void> {
    if (streamNames.every((name) => this.streams.has(name))) return;
    const names = [...new Set(streamNames)];
    const missing = names.filter((name) => !this.streams.has(name) && !this.inFlight.has(name));
    if (missing.length > 0) {
      const reading = readStreams(this.store, missing)
        .then((histories) => {
          for (const name of missing) if (!this.streams.has(name)) this.streams.set(name, { stored: histories.get(name) ?? [], pending: [] });
        })
        .finally(() => missing.forEach((name) => this.inFlight.delete(name)));
      for (const name of missing) this.inFlight.set(name, reading);
    }
    // Usually one read covers them all: wait for each read once, not once per name.
    await Promise.all(new Set(names.flatMap((name) => this.inFlight.get(name) ?? [])));
  }

  async readStream(streamName: string, { fromRevision = 0 }: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    await this.load(streamName);
    return this.eventsOf(streamName).filter((event) => event.streamRevision >= fromRevision);
  }

  async readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    await this.prefetch(streamNames);
    return new Map(streamNames.map((name) => [name, this.eventsOf(name)]));
  }

  /** Checks every expectation first (all or nothing, as the store does), then keeps the events for the flush. */
  async append(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    await Promise.all(appends.map(({ streamName }) => this.load(streamName)));
    const tips = new Map<string, number>();
    const kept: StreamAppend[] = [];
    const results = appends.map((append): AppendResult => {
      const events = this.eventsOf(append.streamName);
      const repeat = repeatOf(events, append);
      if (repeat) return repeat;
      const current = tips.get(append.streamName) ?? events.at(-1)?.streamRevision ?? -1;
      if (!meets(append.expectedRevision, current)) {
        throw new WrongExpectedRevision(append.streamName, describe(append.expectedRevision), current);
      }
      tips.set(append.streamName, current + append.events.length);
      if (append.events.length > 0) kept.push(append);
      return { nextExpectedRevision: current + append.events.length, globalPosition: -1n, position: START_OF_LOG };
    });
    for (const append of kept) this.keep(append);
    return results;
  }

  /**
   * Runs one command. If it throws, the events it appended are dropped again: a rejected command adds
   * nothing, as without the batch.
   */
  async command<T>(work: () => Promise<T>): Promise<T> {
    const mark = this.appends.length;
    try {
      return await work();
    } catch (error) {
      for (const dropped of this.appends.splice(mark).reverse()) {
        this.streams.get(dropped.streamName)?.pending.splice(-dropped.events.length);
        this.eventCount -= dropped.events.length;
      }
      throw error;
    }
  }

  /**
   * Writes everything in one `appendToStreams`, or as the next append of `chain` (the batches it follows being
   * the chain's earlier appends). If someone else wrote one of the streams since the batch read it, this
   * rejects with the store's error and nothing is written. The batch goes on showing what it wrote, to itself
   * and to the batches that follow it.
   */
  async flush(chain?: AppendChain): Promise<void> {
    if (this.appends.length > 0) {
      const appends = [...this.appends];
      await (chain ? chain.append(appends) : this.store.appendToStreams(appends));
    }
    this.appends.length = 0;
    this.eventCount = 0;
  }

  /** Forgets every read and append. */
  discard(): void {
    this.appends.length = 0;
    this.eventCount = 0;
    this.streams = new Map();
    this.followed = [];
  }

  /** A stream as the store held it when read, with the appends of the batches followed that the read missed. */
  private storedOf(streamName: string, view: StreamView): readonly RecordedEvent[] {
    const carried = this.carriedOf(streamName);
    if (!carried) return view.stored;
    const last = view.stored.at(-1)?.streamRevision ?? -1;
    return [...view.stored, ...carried.filter((event) => event.streamRevision > last)];
  }

  /** What the batches followed appended to a stream, oldest first; undefined (and no array made) for most. */
  private carriedOf(streamName: string): readonly RecordedEvent[] | undefined {
    let carried: readonly RecordedEvent[] | undefined;
    for (const streams of this.followed) {
      const pending = streams.get(streamName)?.pending;
      if (pending && pending.length > 0) carried = carried ? [...carried, ...pending] : pending;
    }
    return carried;
  }

  private keep(append: StreamAppend): void {
    const view = this.streams.get(append.streamName)!;
    const last = view.pending.at(-1)?.streamRevision ?? this.storedOf(append.streamName, view).at(-1)?.streamRevision ?? -1;
    append.events.forEach(({ type, data, metadata }, index) =>
      view.pending.push({ streamName: append.streamName, streamRevision: last + 1 + index, globalPosition: -1n, position: START_OF_LOG, type, data, metadata }),
    );
    this.appends.push(append);
    this.eventCount += append.events.length;
  }

  private eventsOf(streamName: string): RecordedEvent[] {
    const view = this.streams.get(streamName);
    return view ? [...this.storedOf(streamName, view), ...view.pending] : [];
  }

  /**
   * A stream nobody prefetched. Reads issued together (a handler's `Promise.all`) wait for one microtask
   * and go to the store as one read.
   */
  private load(streamName: string): Promise<void> {
    if (this.streams.has(streamName)) return Promise.resolve();
    const inFlight = this.inFlight.get(streamName);
    if (inFlight) return inFlight;
    if (!this.queue) {
      const names = new Set<string>();
      const loaded = new Promise<void>((resolve, reject) =>
        queueMicrotask(() => {
          this.queue = undefined;
          this.prefetch([...names]).then(resolve, reject);
        }),
      );
      this.queue = { names, loaded };
    }
    this.queue.names.add(streamName);
    return this.queue.loaded;
  }
}

const meets = (expected: ExpectedRevision, current: number): boolean => {
  switch (expected.kind) {
    case 'any':
      return true;
    case 'noStream':
      return current === -1;
    case 'streamExists':
      return current >= 0;
    case 'exact':
      return current === expected.revision;
  }
};

const describe = (expected: ExpectedRevision): string => (expected.kind === 'exact' ? String(expected.revision) : expected.kind);

/**
 * The same events again (same ids, types and data, in order, already in the stream): the store answers with
 * the first result and writes nothing. Any other reuse of a stored id is a DuplicateEventId, as in the store.
 */
const repeatOf = (events: readonly RecordedEvent[], { events: appended }: StreamAppend): AppendResult | undefined => {
  const firstId = appended[0]?.metadata.eventId.toLowerCase();
  const start = firstId === undefined ? -1 : events.findIndex((event) => event.metadata.eventId.toLowerCase() === firstId);
  if (start < 0) return undefined;
  const isRepeat = appended.every((event, index) => {
    const stored = events[start + index];
    return stored?.metadata.eventId.toLowerCase() === event.metadata.eventId.toLowerCase() && stored.type === event.type && sameJson(stored.data, event.data);
  });
  if (!isRepeat) throw new DuplicateEventId(appended[0]!.metadata.eventId);
  const last = events[start + appended.length - 1]!;
  return { nextExpectedRevision: last.streamRevision, globalPosition: last.globalPosition, position: last.position };
};

/** Equal as JSON values (as jsonb compares them): key order and undefined members do not matter. */
const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const left = Object.entries(a).filter(([, value]) => value !== undefined);
  const right = Object.entries(b).filter(([, value]) => value !== undefined);
  const rightByKey = new Map(right);
  return left.length === right.length && left.every(([key, value]) => rightByKey.has(key) && sameJson(value, rightByKey.get(key)));
};
