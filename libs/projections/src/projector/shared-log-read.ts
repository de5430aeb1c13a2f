import {
  categoryOf,
  type EventStore,
  type LogFilter,
  type LogPosition,
  type ReadAllResult,
  type RecordedEvent,
} from '@registry/event-store';

/** How a feed reads the log: the page after a position. */
export type LogReader = (after: LogPosition) => Promise<ReadAllResult>;

/** A reader of its own: one store read per page, filtered by the store. */
export const storeReader =
  (store: EventStore, filter: LogFilter, batchSize: number): LogReader =>
  (after) =>
    store.readAll({ after, filter, maxCount: batchSize });

/** How far the fastest reader may run ahead of the slowest, in pages (each at most a batch of events). */
const PAGES_AHEAD = 4;

interface SharedPage {
  readonly result: Promise<ReadAllResult>;
  /** Readers that have not taken the page yet. */
  readonly waiting: Set<SharedReader>;
}

interface SharedReader {
  readonly read: LogReader;
  /** Call when the reader stops, whether it read to the end or failed: the others no longer wait for it. */
  leave(): void;
}

/**
 * One read of the log for several feeds that go through it from the same position at the same time (a rebuild
 * of every projection): each page is read once with the union of their filters and handed to each feed
 * filtered to its own, instead of every feed reading, and PostgreSQL and pg parsing, the same events.
 *
 * Pages are kept until every reader took them, and the fastest reader waits while it is PAGES_AHEAD pages ahead
 * of the slowest, so memory stays a few pages. A reader that asks for a position off the shared sequence (it
 * started elsewhere) reads on its own, never waiting for the others.
 */
export class SharedLogRead {
  private readonly pages = new Map<LogPosition, SharedPage>();
  private readonly readers = new Set<SharedReader>();
  private readonly filter: LogFilter | undefined;
  private released: (() => void)[] = [];

  constructor(
    private readonly store: EventStore,
    filters: readonly LogFilter[],
    private readonly batchSize: number,
  ) {
    this.filter = unionOf(filters);
  }

  /** A reader for a feed with this filter; `leave()` it when the feed stops. */
  join(filter: LogFilter): SharedReader {
    const reader: SharedReader = {
      read: async (after) => keepMatching(await this.take(reader, after), filter),
      leave: () => {
        this.readers.delete(reader);
        for (const [after, page] of this.pages) this.untake(after, page, reader);
      },
    };
    this.readers.add(reader);
    return reader;
  }

  private async take(reader: SharedReader, after: LogPosition): Promise<ReadAllResult> {
    let page = this.pages.get(after);
    if (!page) {
      if ([...this.pages.values()].some((held) => held.waiting.has(reader))) {
        return this.store.readAll({ after, filter: this.filter, maxCount: this.batchSize }); // off the sequence
      }
      while (this.pages.size >= PAGES_AHEAD && !this.pages.has(after))
        await new Promise<void>((resolve) => this.released.push(resolve));
      page = this.pages.get(after) ?? this.open(after);
    }
    this.untake(after, page, reader);
    return page.result;
  }

  private open(after: LogPosition): SharedPage {
    const result = this.store.readAll({ after, filter: this.filter, maxCount: this.batchSize });
    result.catch(() => undefined); // each reader that takes the page sees the failure
    const page: SharedPage = { result, waiting: new Set(this.readers) };
    this.pages.set(after, page);
    return page;
  }

  private untake(after: LogPosition, page: SharedPage, reader: SharedReader): void {
    page.waiting.delete(reader);
    if (page.waiting.size > 0) return;
    this.pages.delete(after);
    const waking = this.released;
    this.released = [];
    for (const wake of waking) wake();
  }
}

/** One filter that lets through every event any of the filters would (possibly more). */
const unionOf = (filters: readonly LogFilter[]): LogFilter | undefined => {
  const only = (list: 'eventTypes' | 'streamCategories', other: 'eventTypes' | 'streamCategories') =>
    filters.every((filter) => (filter[list]?.length ?? 0) > 0 && !filter[other]?.length)
      ? [...new Set(filters.flatMap((filter) => filter[list] ?? []))]
      : undefined;
  const categories = only('streamCategories', 'eventTypes');
  if (categories) return { streamCategories: categories };
  const types = only('eventTypes', 'streamCategories');
  return types ? { eventTypes: types } : undefined;
};

/** The page as a store read with `filter` would give it: the same `next`, only the events the filter lets through. */
const keepMatching = (page: ReadAllResult, filter: LogFilter): ReadAllResult => ({
  ...page,
  events: page.events.filter((event) => matches(event, filter)),
});

const matches = (event: RecordedEvent, { eventTypes, streamCategories }: LogFilter): boolean =>
  (!eventTypes?.length || eventTypes.includes(event.type)) &&
  (!streamCategories?.length || streamCategories.includes(categoryOf(event.streamName)));
