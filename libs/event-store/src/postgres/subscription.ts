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

/**
 * The longest an idle subscription sleeps between polls. A poll that finds nothing doubles the next sleep, from
 * the store's poll interval up to this; a page with events starts again from the interval. Writes through the same
 * store wake it at once whatever the sleep; those of other processes are seen within this once it idles. Polling
 * every 50 ms, the embedded registry's seven projections kept a fifth of a core busy doing nothing.
 */
export const MAX_IDLE_POLL_MS = 1_000;

/**
 * The sleep after `idlePolls` polls in a row found nothing new: the poll interval after none or one, twice as long
 * with each one more, up to MAX_IDLE_POLL_MS (never below the interval).
 */
export const idlePollSleepMs = (pollIntervalMs: number, idlePolls: number): number => {
  const doublings = Math.min(Math.max(idlePolls - 1, 0), 30);
  return Math.max(pollIntervalMs, Math.min(MAX_IDLE_POLL_MS, pollIntervalMs * 2 ** doublings));
};

/**
 * Catch-up and live are one loop: read a page; if it was the end, sleep until woken or the poll interval, which
 * grows while nothing comes (idlePollSleepMs).
 */
export const startPollingSubscription = (
  handler: BatchHandler,
  { after = START_OF_LOG, filter, batchSize = DEFAULT_BATCH_SIZE }: SubscribeOptions,
  { readAll, wakeup, pollIntervalMs, onEnd }: PollingSubscriptionDeps,
): Subscription => {
  let isStopped = false;

  const run = async (): Promise<void> => {
    let position = after;
    let idlePolls = 0;
    while (!isStopped) {
      const page = await readAll({ after: position, filter, maxCount: batchSize });
      if (isStopped) return;
      if (page.events.length > 0) await handler(page.events, page.next);
      idlePolls = page.events.length > 0 ? 0 : idlePolls + 1;
      position = page.next;
      if (page.isEnd && !isStopped) await wakeup.sleep(idlePollSleepMs(pollIntervalMs, idlePolls));
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
