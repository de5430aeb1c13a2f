import { ThrottlerStorageService } from '@nestjs/throttler';
import { RateLimitStorage } from './rate-limit-storage';

describe('RateLimitStorage', () => {
  let clock = 0;
  const storage = () => new RateLimitStorage(() => clock);

  beforeEach(() => (clock = 1_000_000));

  it('counts the last ttl of hits, blocks a client over the limit for blockDuration, then starts afresh', async () => {
    const limits = storage();
    const hit = () => limits.increment('client', 60_000, 2, 30_000, 'default');
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    clock += 10_000;
    expect(await hit()).toMatchObject({ totalHits: 2, timeToExpire: 50, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 30 });
    clock += 29_000;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 1 });
    clock += 1_000;
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps clients, routes and throttlers apart', async () => {
    const limits = storage();
    await limits.increment('client-a', 60_000, 1, 60_000, 'default');
    expect(await limits.increment('client-a', 60_000, 1, 60_000, 'default')).toMatchObject({ isBlocked: true });
    expect(await limits.increment('client-b', 60_000, 1, 60_000, 'default')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
    expect(await limits.increment('client-a', 60_000, 1, 60_000, 'burst')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('lets a hit with a shorter ttl expire first, though it came after hits that expire later', async () => {
    const limits = storage();
    await limits.increment('client', 60_000, 100, 60_000, 'default');
    await limits.increment('client', 1_000, 100, 60_000, 'default');
    clock += 2_000;
    // The first hit still counts, the short one has expired: this one makes two.
    expect(await limits.increment('client', 60_000, 100, 60_000, 'default')).toMatchObject({ totalHits: 2 });
  });

  it('lets a hit expire on its own after ttl, however many came after it', async () => {
    const limits = storage();
    for (let second = 0; second < 3_000; second++, clock += 1_000) {
      await limits.increment('client', 60_000, 10_000, 60_000, 'default');
    }
    // A hit a second: those of the last 59 seconds count with this one; the 2,941 before them have expired.
    expect(await limits.increment('client', 60_000, 10_000, 60_000, 'default')).toMatchObject({
      totalHits: 60,
      isBlocked: false,
    });
  });

  describe("answers as @nestjs/throttler's own in-memory storage does", () => {
    beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
    afterEach(() => jest.useRealTimers());

    it.each([1, 2, 3, 4])('for a random sequence of hits (seed %i)', async (seed) => {
      const random = xorshift(seed);
      const theirs = new ThrottlerStorageService();
      const ours = new RateLimitStorage();
      // A route's settings do not change between its hits; each client/route pair is a key.
      const routes = [
        { key: 'reports', ttl: 60_000, limit: 5, blockDuration: 60_000 },
        { key: 'imports', ttl: 2_000, limit: 3, blockDuration: 5_000 },
        { key: 'stats', ttl: 3_000, limit: 4, blockDuration: 0 },
      ];
      try {
        for (let step = 0; step < 3_000; step++) {
          // Time runs on (their storage sweeps idle clients every minute, as in a server); about half of the
          // answers are refusals, on every route.
          jest.advanceTimersByTime(Math.floor(random() * random() * 600));
          const { key, ttl, limit, blockDuration } = routes[Math.floor(random() * routes.length)]!;
          const client = `${key}-${Math.floor(random() * 2)}`;
          const expected = await theirs.increment(client, ttl, limit, blockDuration, 'default');
          // The guard reads timeToBlockExpire only when blocked (Retry-After); theirs leaves a stale value otherwise.
          const comparable = { ...expected, timeToBlockExpire: expected.isBlocked ? expected.timeToBlockExpire : 0 };
          expect({ step, ...(await ours.increment(client, ttl, limit, blockDuration, 'default')) }).toEqual({
            step,
            ...comparable,
          });
        }
      } finally {
        theirs.onApplicationShutdown();
      }
    });
  });
});

/** A repeatable sequence in [0, 1) (xorshift32). */
const xorshift = (seed: number) => {
  let state = seed * 2_654_435_761;
  return (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
};
