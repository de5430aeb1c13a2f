import type { EventStore } from '@registry/event-store';

/** How often a live projector looks at the log's readable end: one small statement (ADR 0001, addendum). */
const CHECK_INTERVAL_MS = 15_000;
/** Longer than an append in flight or a batch of a projection ever takes: a transaction was left open. */
const WARN_AFTER_MS = 60_000;

export interface HeldBackWatchOptions {
  /** Events counted at most, as for lag. */
  readonly limit: number;
  readonly now?: () => number;
}

/**
 * Watches, for a live projector, whether committed events wait beyond the log's readable end: a transaction open
 * anywhere on the database server holds it (ADR 0001), and no projection sees them or counts them as lag until it
 * ends. Warns once when events have waited behind the same end for over a minute, and says once when it moved on;
 * never at every check. Logs counts and seconds, no record data.
 */
export class HeldBackWatch {
  private held: { readonly end: bigint | null; readonly since: number } | undefined;
  private hasWarned = false;
  private isWatching = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly limit: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<EventStore, 'heldBackEvents'>,
    private readonly logger: { warn(message: string): void; log(message: string): void },
    { limit, now = Date.now }: HeldBackWatchOptions,
  ) {
    this.limit = limit;
    this.now = now;
  }

  /** Nothing to watch on a store without such an end (EventStoreDB). */
  start(): void {
    if (this.isWatching || !this.store.heldBackEvents) return;
    this.isWatching = true;
    this.scheduleCheck();
  }

  stop(): void {
    this.isWatching = false;
    clearTimeout(this.timer);
  }

  /** One look; one that fails says nothing (a database in trouble shows in the projections and /health). */
  async check(): Promise<void> {
    const heldBack = await this.store.heldBackEvents?.(this.limit).catch(() => undefined);
    if (!heldBack) return;
    const now = this.now();
    if (this.held && (heldBack.count === 0 || heldBack.readableEnd !== this.held.end)) this.released(now);
    if (heldBack.count === 0) return;
    this.held ??= { end: heldBack.readableEnd, since: now };
    if (this.hasWarned || now - this.held.since < WARN_AFTER_MS) return;
    this.hasWarned = true;
    const count = heldBack.count >= this.limit ? `${this.limit}+` : String(heldBack.count);
    const age = heldBack.oldestOpenTransactionSeconds;
    const openFor = age === null ? 'for a time the server does not show' : `for ${age} s`;
    this.logger.warn(
      `log held back: ${count} committed events have waited beyond its readable end for at least ` +
        `${wholeSeconds(now - this.held.since)} s, unseen by every projection; a transaction open on the database ` +
        `server ${openFor} holds it (ADR 0001)`,
    );
  }

  private released(now: number): void {
    if (this.hasWarned && this.held) {
      const heldFor = wholeSeconds(now - this.held.since);
      this.logger.log(`log released: its readable end moved on after at least ${heldFor} s held back`);
    }
    this.held = undefined;
    this.hasWarned = false;
  }

  private scheduleCheck(): void {
    this.timer = setTimeout(() => {
      void this.check().finally(() => {
        if (this.isWatching) this.scheduleCheck();
      });
    }, CHECK_INTERVAL_MS);
    // A projector that is otherwise done must not be kept alive by its watch.
    this.timer.unref();
  }
}

const wholeSeconds = (ms: number): number => Math.round(ms / 1000);
