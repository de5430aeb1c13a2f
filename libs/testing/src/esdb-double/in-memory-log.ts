import { randomUUID } from 'node:crypto';

/**
 * The double's storage: one ordered log with per-stream views, kept in memory. It follows the server's
 * write rules that our adapter depends on: optimistic concurrency on the stream revision, and idempotency by
 * event id *within one stream* only (EventStoreDB has no store-wide unique event id).
 */

export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: LogPosition;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly createdTicks: bigint;
}

/** `revision` is the revision of the stream's last event the writer expects (ESDB's expected version). */
export type Expected =
  { readonly kind: 'any' | 'noStream' | 'streamExists' } | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | { readonly kind: 'success'; readonly currentRevision: bigint; readonly position?: LogPosition }
  | { readonly kind: 'wrongExpectedVersion'; readonly currentRevision: bigint };

/** Appended events in log order; listeners run synchronously inside `append`, so none can miss an event. */
export type AppendListener = (events: readonly StoredEvent[]) => void;

const NO_STREAM = -1n;
/** Positions are byte offsets on a real server: they are neither dense nor start at 0, and nor do ours. */
const RECORD_OVERHEAD = 96n;

export class InMemoryLog {
  readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<AppendListener>();
  private nextLogPosition = 1024n;

  constructor() {
    // A real log never starts with user events; readers must skip these system events themselves.
    this.write('$epoch-information', [systemEvent('$epoch-information')]);
    this.write('$scavenges', [systemEvent('$scavengeIndexInitialized')]);
  }

  streamEvents(streamName: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamName);
  }

  currentRevision(streamName: string): bigint {
    return BigInt(this.streams.get(streamName)?.length ?? 0) - 1n;
  }

  /** The end of the log: the position the next event will get. */
  get endPosition(): bigint {
    return this.nextLogPosition;
  }

  /**
   * Index in `all` of the event at `commit`, `all.length` at or beyond the end, 0 for the start (0); undefined
   * for a position inside a record, which the server rejects as an invalid position.
   */
  indexOfPosition(commit: bigint): number | undefined {
    if (commit === 0n) return 0;
    if (commit >= this.nextLogPosition) return this.all.length;
    let [low, high] = [0, this.all.length - 1];
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = this.all[middle]!.position.commit;
      if (found === commit) return middle;
      if (found < commit) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  onAppended(listener: AppendListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  append(streamName: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const current = this.currentRevision(streamName);
    const repeat = this.idempotentRepeat(streamName, expected, events, current);
    if (repeat) return repeat;
    const isExpected =
      expected.kind === 'any' ||
      (expected.kind === 'noStream' && current === NO_STREAM) ||
      (expected.kind === 'streamExists' && current !== NO_STREAM) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!isExpected) return { kind: 'wrongExpectedVersion', currentRevision: current };
    if (events.length === 0) return { kind: 'success', currentRevision: current };
    const stored = this.write(streamName, events);
    const last = stored[stored.length - 1]!;
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  }

  /**
   * The server's idempotency check: the same event ids again at the revisions the expectation points to
   * (for `any`/`streamExists`: wherever the first id sits) answer the earlier write instead of writing.
   * A partial match is "corrupted idempotency", which the server reports as a wrong expected version.
   */
  private idempotentRepeat(
    streamName: string,
    expected: Expected,
    events: readonly ProposedEvent[],
    current: bigint,
  ): AppendOutcome | undefined {
    const stream = this.streams.get(streamName) ?? [];
    const first = events[0];
    if (!first) return undefined;
    let start: number;
    if (expected.kind === 'any' || expected.kind === 'streamExists') {
      start = stream.findIndex((event) => event.id === first.id);
      if (start < 0) return undefined;
    } else {
      start = Number((expected.kind === 'revision' ? expected.revision : NO_STREAM) + 1n);
      if (BigInt(start) > current) return undefined;
    }
    const matched = events.filter((event, index) => stream[start + index]?.id === event.id).length;
    if (matched === 0) return undefined;
    if (matched < events.length) return { kind: 'wrongExpectedVersion', currentRevision: current };
    const last = stream[start + events.length - 1]!;
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  }

  private write(streamName: string, events: readonly ProposedEvent[]): StoredEvent[] {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    // Like the server's implicit transactions: every event keeps its own commit position, and all events of
    // one write report the transaction's first position as their prepare position.
    const transactionPosition = this.nextLogPosition;
    const createdTicks = BigInt(Date.now()) * 10_000n;
    const stored = events.map((event): StoredEvent => {
      const commit = this.nextLogPosition;
      this.nextLogPosition +=
        RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length + event.type.length);
      const record = {
        ...event,
        streamName,
        revision: BigInt(stream.length),
        position: { commit, prepare: transactionPosition },
        createdTicks,
      };
      stream.push(record);
      this.all.push(record);
      return record;
    });
    for (const listener of [...this.listeners]) listener(stored);
    return stored;
  }
}

const systemEvent = (type: string): ProposedEvent => ({
  id: randomUUID(),
  type,
  contentType: 'application/json',
  data: Buffer.from('{}'),
  customMetadata: new Uint8Array(),
});
