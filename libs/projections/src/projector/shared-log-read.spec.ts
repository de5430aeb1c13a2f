import {
  categoryOf,
  START_OF_LOG,
  type EventStore,
  type LogFilter,
  type ReadAllOptions,
  type ReadAllResult,
  type RecordedEvent,
} from '@registry/event-store';
import { SharedLogRead, storeReader, type LogReader } from './shared-log-read';

/** A log of `size` events over three categories, read as a store reads it: filtered, in pages, `next` past skipped events. */
const logOf = (size: number) => {
  const categories = ['report', 'reportKey', 'reportKey', 'child', 'reportKey'];
  const events = Array.from({ length: size }, (_, index): RecordedEvent => {
    const category = categories[index % categories.length]!;
    return {
      streamName: `${category}-${index}`,
      type: `${category}Happened`,
      position: String(index),
      globalPosition: BigInt(index),
    } as unknown as RecordedEvent;
  });
  const reads: LogFilter[] = [];
  const store = {
    readAll: ({ after = START_OF_LOG, filter = {}, maxCount = 10 }: ReadAllOptions): Promise<ReadAllResult> => {
      reads.push(filter);
      const page: RecordedEvent[] = [];
      let index = after === START_OF_LOG ? 0 : Number(after) + 1;
      let next = after;
      for (; index < events.length && page.length < maxCount; index++) {
        const event = events[index]!;
        if (!filter.streamCategories || filter.streamCategories.includes(categoryOf(event.streamName)))
          page.push(event);
        next = event.position;
      }
      return Promise.resolve({ events: page, next, isEnd: index >= events.length });
    },
  } as unknown as EventStore;
  return { store, reads };
};

/** Reads to the end as a feed does (asking for the next page before using this one), applying each page for `work` ms. */
const readToEnd = async (read: LogReader, work = 0): Promise<string[]> => {
  const seen: string[] = [];
  let page = await read(START_OF_LOG);
  for (;;) {
    const ahead = page.isEnd ? undefined : read(page.next);
    seen.push(...page.events.map((event) => event.streamName));
    await new Promise((resolve) => setTimeout(resolve, work));
    if (!ahead) return seen;
    page = await ahead;
  }
};

describe('SharedLogRead', () => {
  const reports: LogFilter = { streamCategories: ['report'] };
  const children: LogFilter = { streamCategories: ['child', 'report'] };

  it('gives each reader exactly what its own filtered read gives, reading every page once for all of them', async () => {
    const { store, reads } = logOf(1000);
    const alone = await Promise.all([reports, children].map((filter) => readToEnd(storeReader(store, filter, 10))));
    reads.length = 0;
    await readToEnd(storeReader(store, { streamCategories: ['report', 'child'] }, 10));
    const unionPages = reads.length;
    reads.length = 0;

    const shared = new SharedLogRead(store, [reports, children], 10);
    const readers = [reports, children].map((filter) => shared.join(filter));
    const together = await Promise.all(
      readers.map((reader, index) => readToEnd(reader.read, index).finally(() => reader.leave())),
    );

    expect(together).toEqual(alone);
    expect(together[0]).toHaveLength(200);
    // One read per page of the union (report and child: 400 events, 10 a page, and the empty end), none per reader.
    expect(reads).toHaveLength(unionPages);
    expect(unionPages).toBe(41);
    expect(new Set(reads.map((filter) => JSON.stringify(filter)))).toEqual(
      new Set([JSON.stringify({ streamCategories: ['report', 'child'] })]),
    );
  });

  it('keeps the fastest reader at most a few pages ahead of the slowest', async () => {
    const { store } = logOf(400);
    const shared = new SharedLogRead(store, [reports, reports], 10);
    const [fast, slow] = [shared.join(reports), shared.join(reports)];
    let fastPages = 0;
    let slowPages = 0;
    let furthestAhead = 0;
    const counting =
      (read: LogReader, count: () => void): LogReader =>
      async (after) => {
        const page = await read(after);
        count();
        furthestAhead = Math.max(furthestAhead, fastPages - slowPages);
        return page;
      };
    await Promise.all([
      readToEnd(counting(fast.read, () => fastPages++)).finally(() => fast.leave()),
      readToEnd(
        counting(slow.read, () => slowPages++),
        5,
      ).finally(() => slow.leave()),
    ]);
    expect(fastPages).toBe(slowPages);
    expect(furthestAhead).toBeGreaterThan(0);
    expect(furthestAhead).toBeLessThanOrEqual(5);
  });

  it('does not hold the others back once a reader has left (a projection that failed)', async () => {
    const { store } = logOf(400);
    const shared = new SharedLogRead(store, [reports, reports], 10);
    const [failing, going] = [shared.join(reports), shared.join(reports)];
    await failing.read(START_OF_LOG);
    failing.leave();
    const seen = await readToEnd(going.read);
    expect(seen).toHaveLength(80);
  });

  it('serves a reader asking off the shared sequence from the store, without waiting', async () => {
    const { store, reads } = logOf(100);
    const shared = new SharedLogRead(store, [reports, reports], 10);
    const [first, second] = [shared.join(reports), shared.join(reports)];
    await first.read(START_OF_LOG); // second has not taken this page yet
    const elsewhere = await second.read('49');
    expect(elsewhere.events[0]?.streamName).toBe('report-50');
    expect(reads).toHaveLength(2);
  });
});
