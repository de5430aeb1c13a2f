import {
  ExpectedRevision,
  type LogFilter,
  type ReadAllResult,
  type RecordedEvent,
  type StreamAppend,
} from '../event-store';
import {
  MAX_IDLE_POLL_MS,
  Wakeup,
  concerns,
  idlePollSleepMs,
  startPollingSubscription,
  writtenBy,
} from './subscription';

/** Records each sleep and returns at once, so that a test runs the loop without waiting. */
class RecordingWakeup extends Wakeup {
  readonly sleeps: number[] = [];

  override sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return Promise.resolve();
  }
}

const event = (globalPosition: number): RecordedEvent => ({
  streamName: 'report-1',
  streamRevision: globalPosition - 1,
  globalPosition: BigInt(globalPosition),
  position: `1/${globalPosition}`,
  type: 'ReportReceived',
  data: {},
  metadata: {
    eventId: `00000000-0000-4000-8000-00000000000${globalPosition}`,
    recordedAt: '2026-12-03T00:00:00.000Z',
    actor: { userId: 'test', role: 'recorder' },
    memberState: 'NL',
    correlationId: 'test',
    causationId: 'test',
    schemaVersion: 1,
  },
});

describe('idlePollSleepMs', () => {
  it('doubles from the poll interval with each idle poll, up to the most an idle subscription sleeps', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 60].map((idlePolls) => idlePollSleepMs(50, idlePolls))).toEqual([
      50,
      50,
      100,
      200,
      400,
      800,
      MAX_IDLE_POLL_MS,
      MAX_IDLE_POLL_MS,
      MAX_IDLE_POLL_MS,
    ]);
  });

  it('never sleeps less than the poll interval, even when that is longer than the idle ceiling', () => {
    expect(idlePollSleepMs(5_000, 0)).toBe(5_000);
    expect(idlePollSleepMs(5_000, 10)).toBe(5_000);
  });
});

describe('startPollingSubscription', () => {
  it('sleeps longer after each poll that finds nothing, and polls at the interval again once events come', async () => {
    const empty: ReadAllResult = { events: [], next: '1/0', isEnd: true };
    const pages: ReadAllResult[] = [
      ...Array.from({ length: 6 }, () => empty),
      { events: [event(1), event(2)], next: '1/2', isEnd: true },
      empty,
      empty,
    ];
    const wakeup = new RecordingWakeup();
    const handled: bigint[] = [];
    const subscription = startPollingSubscription(
      (events) => {
        handled.push(...events.map(({ globalPosition }) => globalPosition));
        return Promise.resolve();
      },
      {},
      {
        readAll: () => {
          const page = pages.shift();
          if (!page) void subscription.stop();
          return Promise.resolve(page ?? empty);
        },
        wakeup,
        pollIntervalMs: 50,
        onEnd: () => undefined,
      },
    );
    await subscription.done;
    expect(handled).toEqual([1n, 2n]);
    expect(wakeup.sleeps).toEqual([50, 100, 200, 400, 800, 1_000, 50, 50, 100]);
  });

  it('is woken at once by a write through the same store, however long it sleeps', async () => {
    const wakeup = new Wakeup();
    const { polls, subscription } = await sleepingSubscription(wakeup);
    expect(polls()).toBe(1);
    wakeup.notify([append('report-1', 'ReportReceived')]);
    await new Promise(setImmediate);
    expect(polls()).toBe(2);
    await subscription.stop();
  });

  it('is not woken by a write of categories its filter does not read, and is by one that it reads', async () => {
    const wakeup = new Wakeup();
    const { polls, subscription } = await sleepingSubscription(wakeup, { streamCategories: ['investigation'] });
    expect(polls()).toBe(1);
    wakeup.notify([append('report-1', 'ReportReceived')]);
    await new Promise(setImmediate);
    expect(polls()).toBe(1);
    wakeup.notify([append('report-2', 'ReportReceived'), append('investigation-1', 'InvestigationOpened')]);
    await new Promise(setImmediate);
    expect(polls()).toBe(2);
    await subscription.stop();
  });
});

/** A subscription that has polled once, found nothing, and sleeps for a minute unless woken. */
const sleepingSubscription = async (wakeup: Wakeup, filter?: LogFilter) => {
  let polls = 0;
  const subscription = startPollingSubscription(
    () => Promise.resolve(),
    { filter },
    {
      readAll: () => {
        polls++;
        return Promise.resolve({ events: [], next: '1/0', isEnd: true });
      },
      wakeup,
      pollIntervalMs: 60_000,
      onEnd: () => undefined,
    },
  );
  await new Promise(setImmediate);
  return { polls: () => polls, subscription };
};

const append = (streamName: string, type: string): StreamAppend => ({
  streamName,
  expectedRevision: ExpectedRevision.noStream,
  events: [{ type, data: {}, metadata: event(1).metadata }],
});

describe('which sleepers a write wakes', () => {
  const written = writtenBy([append('report-1', 'ReportReceived'), append('reportkey-a', 'ReportKeyClaimed')]);

  it.each<[string, LogFilter | undefined, boolean]>([
    ['no filter', undefined, true],
    ['empty lists (as readAll: everything)', { streamCategories: [], eventTypes: [] }, true],
    ['one of its categories', { streamCategories: ['investigation', 'report'] }, true],
    ['none of its categories', { streamCategories: ['investigation', 'child'] }, false],
    ['one of its types', { eventTypes: ['ReportKeyClaimed'] }, true],
    ['none of its types', { eventTypes: ['InvestigationOpened'] }, false],
    ['a category and a type it reads', { streamCategories: ['report'], eventTypes: ['ReportReceived'] }, true],
    ['a category it reads, but no type', { streamCategories: ['report'], eventTypes: ['InvestigationOpened'] }, false],
  ])('%s', (_case, filter, woken) => {
    expect(concerns(filter, written)).toBe(woken);
  });

  it('wakes every sleeper when no write is named (a subscription stopping)', async () => {
    const wakeup = new Wakeup();
    const slept = wakeup.sleep(60_000, { streamCategories: ['investigation'] });
    wakeup.notify();
    await expect(slept).resolves.toBeUndefined();
  });
});
