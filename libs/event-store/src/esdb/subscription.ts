import { START, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import {
  START_OF_LOG,
  type BatchHandler,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store';
import { matchesFilter, toRecordedEvent } from './event-mapping';
import { isTransient } from './esdb-errors';
import { decodeLogPosition, encodeLogPosition, isAfter } from './log-position';
import { serverFilter } from './server-filter';
import { SubscriptionEnded, SubscriptionFeed } from './subscription-feed';

const DEFAULT_BATCH_SIZE = 500;
/** Reconnect backoff after a dropped subscription: doubling from the first delay up to the cap, forever. */
const FIRST_RETRY_DELAY_MS = 25;
const MAX_RETRY_DELAY_MS = 2000;

/** Marks the handler's own failure, which ends the subscription instead of triggering a resubscribe. */
class HandlerFailed extends Error {
  constructor(readonly error: unknown) {
    super('The subscription handler failed');
  }
}

/**
 * Catch-up then live over one server subscription to `$all` (the server switches from history to live
 * itself). When the connection drops, it resubscribes from the last position it has handed to the handler,
 * and since a subscription starts *after* its position, every event is delivered exactly once, in order.
 */
export const startEsdbSubscription = (
  client: EventStoreDBClient,
  handler: BatchHandler,
  { after = START_OF_LOG, filter, batchSize = DEFAULT_BATCH_SIZE }: SubscribeOptions,
  onEnd: (subscription: Subscription) => void,
): Subscription => {
  const matches = matchesFilter(filter);
  let resumeAfter = decodeLogPosition(after);
  let isStopped = false;
  let feed: SubscriptionFeed | undefined;
  let stopCurrent: (() => Promise<void>) | undefined;

  /** Hands one batch to the handler; everything read so far counts as seen, delivered or filtered out. */
  const deliver = async (raw: readonly { position: Position; event: RecordedEvent | undefined }[]): Promise<void> => {
    const fresh = raw.filter(({ position }) => isAfter(position, resumeAfter));
    const last = fresh.at(-1);
    if (!last) return;
    const events = fresh.flatMap(({ event }) => (event && matches(event) ? [event] : []));
    if (events.length > 0) {
      try {
        await handler(events, encodeLogPosition(last.position));
      } catch (error) {
        throw new HandlerFailed(error);
      }
    }
    resumeAfter = last.position;
  };

  const follow = async (): Promise<void> => {
    // The stream buffers up to one batch (default: 16 events), so a slow handler still gets full batches.
    const stream = client.subscribeToAll(
      { fromPosition: resumeAfter ?? START, filter: serverFilter(filter) },
      { highWaterMark: Math.max(1, batchSize) },
    );
    feed = new SubscriptionFeed(stream);
    stopCurrent = () => stream.unsubscribe();
    try {
      for (;;) {
        const batch = await feed.next(Math.max(1, batchSize), () => isStopped);
        if (isStopped) return;
        await deliver(
          batch.flatMap((resolved) =>
            resolved.event?.position ? [{ position: resolved.event.position, event: toRecordedEvent(resolved) }] : [],
          ),
        );
      }
    } finally {
      await stream.unsubscribe();
    }
  };

  const run = async (): Promise<void> => {
    for (let failures = 0; !isStopped;) {
      const seen = resumeAfter;
      try {
        return await follow();
      } catch (error) {
        if (error instanceof HandlerFailed) throw error.error;
        if (isStopped) return;
        if (!(error instanceof SubscriptionEnded) && !isTransient(error)) throw error;
        // Progress since the last drop means the connection worked: start the backoff over.
        failures = resumeAfter === seen ? failures + 1 : 1;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS * 2 ** (failures - 1))),
        );
      }
    }
  };

  const done = run().finally(() => {
    isStopped = true;
    onEnd(subscription);
  });
  // `done` is the caller's to observe; without this, a handler error nobody awaits would crash the process.
  done.catch(() => undefined);

  const subscription: Subscription = {
    done,
    async stop() {
      isStopped = true;
      feed?.wake();
      await stopCurrent?.();
      await done.catch(() => undefined);
    },
  };
  return subscription;
};
