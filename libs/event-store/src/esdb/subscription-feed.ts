import type { ResolvedEvent } from '@eventstore/db-client';

/**
 * The part of the client's subscription stream used here. The client is typed against its own copy of
 * @types/node 16, whose Readable does not match ours, so the feed names what it needs.
 */
export interface EventStream {
  read(): unknown;
  on(event: 'error' | 'readable' | 'end' | 'close', listener: (error?: Error) => void): unknown;
}

/** The server ended a subscription it should have kept open; the caller resubscribes as after a drop. */
export class SubscriptionEnded extends Error {
  constructor() {
    super('EventStoreDB ended the subscription');
  }
}

/**
 * Pulls batches out of the client's subscription stream. Reading with `read()` instead of 'data' events
 * keeps the stream paused while the handler works, so gRPC flow control holds the server back rather than
 * memory filling up. An error listener is attached for the stream's whole life: an 'error' emitted while
 * the handler runs would otherwise crash the process.
 */
export class SubscriptionFeed {
  private failure: Error | undefined;
  private isEnded = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly stream: EventStream) {
    stream.on('error', (error) => {
      this.failure ??= error ?? new Error('The subscription failed');
      this.wake();
    });
    stream.on('readable', () => this.wake());
    stream.on('end', () => this.end());
    stream.on('close', () => this.end());
  }

  /** Up to `max` events; buffered events are handed out before a failure is reported. [] once `isStopped()`. */
  async next(max: number, isStopped: () => boolean): Promise<ResolvedEvent[]> {
    for (;;) {
      if (isStopped()) return [];
      const batch: ResolvedEvent[] = [];
      for (let item: unknown; batch.length < max && (item = this.stream.read()) !== null;)
        batch.push(item as ResolvedEvent);
      if (batch.length > 0) return batch;
      if (this.failure !== undefined) throw this.failure;
      if (this.isEnded) throw new SubscriptionEnded();
      // Nothing can be emitted between the empty read above and this wait: both run in one tick.
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Lets a pending `next` look at the stop flag (or the stream) again. */
  wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private end(): void {
    this.isEnded = true;
    this.wake();
  }
}
