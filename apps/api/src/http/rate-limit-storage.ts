import type { ThrottlerStorage } from '@nestjs/throttler';

/** One client's hits on one route under one throttler. */
interface HitWindow {
  /** When each hit in the window expires, oldest first; entries before `head` have expired. */
  expirations: number[];
  head: number;
  expiresAt: number;
  isBlocked: boolean;
  blockExpiresAt: number;
}

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Idle windows are forgotten this often (as @nestjs/throttler's own storage does), on the next hit. */
const SWEEP_EVERY_MS = 60_000;
/** Expired entries are cut from the front of a window's list once there are this many and they are half of it. */
const COMPACT_AT = 1024;

/**
 * The rate limit's counts, with the same answers as @nestjs/throttler's in-memory storage (a hit counts for `ttl`
 * after it; over the limit, a client is refused for `blockDuration`), at a constant cost a hit. That storage copies
 * the client's whole list of unexpired hits on every request: at the 1,200 a minute allowed by default this is
 * nothing, but with RATE_LIMIT_PER_MINUTE raised for a busy client (the API benchmark allows ten million) every
 * request copied tens of thousands of entries, and a server under steady load became slower by the minute (1,507
 * refusals a second on a fresh server, 438 after 15 s of writes and 310 ten seconds later). Here expired hits are
 * skipped by moving an index, and the list is compacted now and then (ADR 0015). One answer differs, and the guard
 * never reads it: for a client that is not blocked, `timeToBlockExpire` is 0 here, a stale value there.
 */
export class RateLimitStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, HitWindow>();
  private nextSweepAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    return Promise.resolve(this.hit(`${key}\u0000${throttlerName}`, ttl, limit, blockDuration));
  }

  private hit(id: string, ttl: number, limit: number, blockDuration: number): ThrottlerStorageRecord {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(id);
    if (!window) {
      window = { expirations: [], head: 0, expiresAt: now + ttl, isBlocked: false, blockExpiresAt: 0 };
      this.windows.set(id, window);
    }
    dropExpired(window, now);
    if (window.expiresAt <= now) window.expiresAt = now + ttl;
    const timeToExpire = secondsUntil(window.expiresAt, now);

    if (blockDuration <= 0) {
      // No blocking: refused while the window holds `limit` hits, admitted again as soon as the oldest expires.
      const isBlocked = hitsIn(window) >= limit;
      if (!isBlocked) record(window, now + ttl);
      const oldest = window.expirations[window.head];
      return {
        totalHits: hitsIn(window) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (oldest === undefined ? timeToExpire : secondsUntil(oldest, now)) : 0,
      };
    }
    if (!window.isBlocked) record(window, now + ttl);
    if (!window.isBlocked && hitsIn(window) > limit) {
      window.isBlocked = true;
      window.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = secondsUntil(window.blockExpiresAt, now);
    if (window.isBlocked && timeToBlockExpire <= 0) {
      // The block is over: the window starts afresh with this hit.
      window.isBlocked = false;
      window.expirations = [];
      window.head = 0;
      record(window, now + ttl);
    }
    const { isBlocked } = window;
    return { totalHits: hitsIn(window), timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToBlockExpire : 0 };
  }

  /** Forgets the windows with nothing left to count or block. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [id, window] of this.windows) {
      dropExpired(window, now);
      const stillBlocked = window.isBlocked && window.blockExpiresAt > now;
      const idle = hitsIn(window) === 0 && window.expiresAt <= now && !stillBlocked;
      if (idle) this.windows.delete(id);
    }
  }
}

const secondsUntil = (at: number, now: number): number => Math.ceil((at - now) / 1000);

const hitsIn = (window: HitWindow): number => window.expirations.length - window.head;

const dropExpired = (window: HitWindow, now: number): void => {
  const { expirations } = window;
  while (window.head < expirations.length && expirations[window.head]! <= now) window.head++;
  if (window.head >= COMPACT_AT && window.head * 2 >= expirations.length) {
    window.expirations = expirations.slice(window.head);
    window.head = 0;
  }
};

/** Keeps the list in order of expiry: a key's ttl does not change, so this appends, except if someone changes it. */
const record = (window: HitWindow, expiresAt: number): void => {
  const { expirations } = window;
  if (expirations.length === window.head || expirations.at(-1)! <= expiresAt) {
    expirations.push(expiresAt);
    return;
  }
  let low = window.head;
  let high = expirations.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (expirations[middle]! <= expiresAt) low = middle + 1;
    else high = middle;
  }
  expirations.splice(low, 0, expiresAt);
};
