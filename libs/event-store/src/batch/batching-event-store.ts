import { AsyncLocalStorage } from 'node:async_hooks';
import {
  appendChain,
  readStreams,
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
import { WriteBatch } from './write-batch';

/**
 * An EventStore that passes everything through, except inside `inBatch(work)`: there, the stream reads and
 * appends of `work` (and of everything it awaits, e.g. command handlers) go to a WriteBatch, which the
 * caller flushes. The command handlers stay unaware: they read, decide and append as always, and the
 * batch turns a thousand commands into a few reads and one transaction.
 */
export class BatchingEventStore implements EventStore {
  private readonly scope = new AsyncLocalStorage<WriteBatch>();

  /** The store underneath's, where it has one: a store without a horizon has none to report. */
  readonly heldBackEvents?: (limit: number) => Promise<HeldBackEvents>;

  constructor(readonly inner: EventStore) {
    this.heldBackEvents = inner.heldBackEvents?.bind(inner);
  }

  get capabilities(): EventStore['capabilities'] {
    return this.inner.capabilities;
  }

  /** Batched reads need a store whose multi-stream appends are atomic; others get one batch per command. */
  get canBatch(): boolean {
    return this.inner.capabilities.atomicMultiStreamAppend;
  }

  /** A batch over the store underneath; `after`: a batch whose flush has not finished yet (see WriteBatch). */
  createBatch(after?: WriteBatch): WriteBatch {
    return new WriteBatch(this.inner, after);
  }

  /** Runs `work` (and everything it awaits) with its reads and appends going to `batch`. */
  inBatch<T>(batch: WriteBatch, work: () => Promise<T>): Promise<T> {
    return this.scope.run(batch, work);
  }

  /** Runs `work` outside any batch (the plain store), e.g. to repeat a failed batch one command at a time. */
  outsideBatch<T>(work: () => Promise<T>): Promise<T> {
    return this.scope.exit(work);
  }

  readStream(streamName: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]> {
    const batch = this.scope.getStore();
    return batch ? batch.readStream(streamName, options) : this.inner.readStream(streamName, options);
  }

  readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const batch = this.scope.getStore();
    return batch ? batch.readStreams(streamNames) : readStreams(this.inner, streamNames);
  }

  async appendToStream(streamName: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const batch = this.scope.getStore();
    if (!batch) return this.inner.appendToStream(streamName, events, expectedRevision);
    const [result] = await batch.append([{ streamName, events, expectedRevision }]);
    return result!;
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    const batch = this.scope.getStore();
    return batch ? batch.append(appends) : this.inner.appendToStreams(appends);
  }

  /** The store underneath's chain: its appends never go to a batch. */
  appendChain(): AppendChain {
    return appendChain(this.inner);
  }

  readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    return this.inner.readAll(options);
  }

  /** Never inside a batch: the subscription's own reads would otherwise inherit the batch's scope. */
  subscribeToAll(handler: BatchHandler, options?: SubscribeOptions): Subscription {
    return this.scope.exit(() => this.inner.subscribeToAll(handler, options));
  }

  logPositionOf(globalPosition: bigint): Promise<LogPosition | undefined> {
    return this.inner.logPositionOf(globalPosition);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
