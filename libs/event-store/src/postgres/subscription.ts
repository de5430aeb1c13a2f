import { START_OF_LOG, type BatchHandler, type ReadAllOptions, type ReadAllResult, type SubscribeOptions, type Subscription } from '../event-store';

/**
 * Wakes sleeping subscribers early. Appends through the same store call `notify()` after their commit, so
 * in-process readers see new events at once; appends from other processes are found by polling.
 */
export class Wakeup {
  private readonly sleepers = new Set<() => void>();

  notify(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

export interface PollingSubscriptionDeps {
  readonly readAll: (options: ReadAllOptions) => Promise<ReadAllResult>;
  readonly wakeup: Wakeup;
  readonly pollIntervalMs: number;
  readonly onEnd: (subscription: Subscription) => void;
}

const DEFAULT_BATCH_SIZE = 500;

/** Catch-up and live are one loop: read a page; if it was the end, sleep until woken or the poll interval. */
export const startPollingSubscription = (
  handler: BatchHandler,
  { after = START_OF_LOG, filter, batchSize = DEFAULT_BATCH_SIZE }: SubscribeOptions,
  { readAll, wakeup, pollIntervalMs, onEnd }: PollingSubscriptionDeps,
): Subscription => {
  let isStopped = false;

  const run = async (): Promise<void> => {
    let position = after;
    while (!isStopped) {
      const page = await readAll({ after: position, filter, maxCount: batchSize });
      if (isStopped) return;
      if (page.events.length > 0) await handler(page.events, page.next);
      position = page.next;
      if (page.isEnd && !isStopped) await wakeup.sleep(pollIntervalMs);
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
      // Wakes the store's other subscriptions too; they merely poll once early.
      wakeup.notify();
      await done.catch(() => undefined);
    },
  };
  return subscription;
};
