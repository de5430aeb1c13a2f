import { createTestDatabase, newEvent, uniqueStream, type TestDatabase } from '@registry/testing';
import { DuplicateEventId, WrongExpectedRevision } from '../errors';
import { ExpectedRevision, type EventStore } from '../event-store';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { BatchingEventStore } from './batching-event-store';
import type { WriteBatch } from './write-batch';

/** Counts the round trips the batch makes to the store underneath. */
const counting = (store: EventStore) => {
  const calls = { readStream: 0, readStreams: 0, appendToStreams: 0 };
  const counted: EventStore = Object.assign(Object.create(store) as EventStore, {
    readStream: (...args: Parameters<EventStore['readStream']>) => (calls.readStream++, store.readStream(...args)),
    readStreams: (names: readonly string[]) => (calls.readStreams++, store.readStreams!(names)),
    appendToStreams: (...args: Parameters<EventStore['appendToStreams']>) => (calls.appendToStreams++, store.appendToStreams(...args)),
  });
  return { counted, calls };
};

describe('BatchingEventStore', () => {
  let database: TestDatabase;
  let plain: PostgresEventStore;
  let calls: ReturnType<typeof counting>['calls'];
  let store: BatchingEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    plain = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 1 });
  }, 60_000);
  beforeEach(() => {
    const spy = counting(plain);
    calls = spy.calls;
    store = new BatchingEventStore(spy.counted);
  });
  const inBatch = async (work: (batch: WriteBatch) => Promise<unknown>, after?: WriteBatch): Promise<WriteBatch> => {
    const batch = store.createBatch(after);
    await store.inBatch(batch, () => work(batch));
    return batch;
  };

  afterAll(async () => {
    await plain.close();
    await database.close();
  });

  it('outside a batch, reads and appends go straight to the store', async () => {
    const stream = uniqueStream();
    await store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream);
    expect(await plain.readStream(stream)).toHaveLength(1);
    expect(calls.appendToStreams).toBe(1);
  });

  it('shows a batch its own appends, writes nothing before the flush, then all of it in one transaction', async () => {
    const [one, two] = [uniqueStream(), uniqueStream()];
    const events = [newEvent(), newEvent(), newEvent()];
    await inBatch(async (batch) => {
      await store.appendToStream(one, [events[0]!], ExpectedRevision.noStream);
      await store.appendToStreams([
        { streamName: one, events: [events[1]!], expectedRevision: ExpectedRevision.exact(0) },
        { streamName: two, events: [events[2]!], expectedRevision: ExpectedRevision.noStream },
      ]);
      expect((await store.readStream(one)).map((event) => [event.streamRevision, event.metadata.eventId])).toEqual([
        [0, events[0]!.metadata.eventId],
        [1, events[1]!.metadata.eventId],
      ]);
      expect(await plain.readStream(one)).toEqual([]);
      expect(batch.size).toBe(3);
      await batch.flush();
    });

    const written = [...(await plain.readStream(one)), ...(await plain.readStream(two))];
    expect(written.map((event) => event.metadata.eventId)).toEqual(events.map((event) => event.metadata.eventId));
    expect(new Set(written.map((event) => event.position.split('/')[0])).size).toBe(1);
    expect(calls.appendToStreams).toBe(1);
  });

  it('checks expected revisions against the batch view, as the store would', async () => {
    const stream = uniqueStream();
    await plain.appendToStream(stream, [newEvent()], ExpectedRevision.noStream);
    await inBatch(async () => {
      await expect(store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream)).rejects.toBeInstanceOf(WrongExpectedRevision);
      await store.appendToStream(stream, [newEvent()], ExpectedRevision.exact(0));
      await expect(store.appendToStream(stream, [newEvent()], ExpectedRevision.exact(0))).rejects.toMatchObject({ actual: 1 });
    });
  });

  it('answers a repeat with the first result and rejects an event id reused for something else', async () => {
    const stream = uniqueStream();
    const event = newEvent();
    await inBatch(async () => {
      const first = await store.appendToStream(stream, [event], ExpectedRevision.noStream);
      expect(await store.appendToStream(stream, [event], ExpectedRevision.noStream)).toEqual(first);
      await expect(store.appendToStream(stream, [{ ...event, data: { other: true } }], ExpectedRevision.exact(0))).rejects.toBeInstanceOf(DuplicateEventId);
    });
  });

  it('drops the appends of a command that throws, and keeps the others', async () => {
    const [kept, dropped] = [uniqueStream(), uniqueStream()];
    await inBatch(async (batch) => {
      await batch.command(() => store.appendToStream(kept, [newEvent()], ExpectedRevision.noStream));
      await expect(
        batch.command(async () => {
          await store.appendToStream(dropped, [newEvent()], ExpectedRevision.noStream);
          await store.appendToStream(kept, [newEvent()], ExpectedRevision.exact(0));
          throw new Error('rejected');
        }),
      ).rejects.toThrow('rejected');
      expect(await store.readStream(dropped)).toEqual([]);
      expect(await store.readStream(kept)).toHaveLength(1);
      await batch.flush();
    });
    expect(await plain.readStream(kept)).toHaveLength(1);
    expect(await plain.readStream(dropped)).toEqual([]);
  });

  it('reads prefetched streams without asking the store again, and reads issued together in one round trip', async () => {
    const streams = [uniqueStream(), uniqueStream(), uniqueStream()];
    await plain.appendToStream(streams[0]!, [newEvent()], ExpectedRevision.noStream);
    await inBatch(async (batch) => {
      await batch.prefetch([streams[0]!]);
      expect(await store.readStream(streams[0]!)).toHaveLength(1);
      expect(calls.readStreams).toBe(1);
      await Promise.all([store.readStream(streams[1]!), store.readStream(streams[2]!), store.readStream(streams[1]!)]);
      expect(calls.readStreams).toBe(2);
      expect(calls.readStream).toBe(0);
    });
  });

  it('fails the flush as a whole when another writer got there first', async () => {
    const [one, two] = [uniqueStream(), uniqueStream()];
    await inBatch(async (batch) => {
      await store.appendToStream(one, [newEvent()], ExpectedRevision.noStream);
      await store.appendToStream(two, [newEvent()], ExpectedRevision.noStream);
      await plain.appendToStream(two, [newEvent()], ExpectedRevision.noStream);
      await expect(batch.flush()).rejects.toBeInstanceOf(WrongExpectedRevision);
    });
    expect(await plain.readStream(one)).toEqual([]);
    expect(await plain.readStream(two)).toHaveLength(1);
  });

  it('lets a batch follow one whose flush is still running, and see its appends either way', async () => {
    const [one, two] = [uniqueStream(), uniqueStream()];
    const first = await inBatch(async () => {
      await store.appendToStream(one, [newEvent()], ExpectedRevision.noStream);
      await store.appendToStream(two, [newEvent()], ExpectedRevision.noStream);
    });
    const firstFlush = first.flush();
    const second = await inBatch(async () => {
      // Read before the first flush is known to have committed…
      expect(await store.readStream(one)).toHaveLength(1);
      await store.appendToStream(one, [newEvent()], ExpectedRevision.exact(0));
      await firstFlush;
      // …and after: the same view, nothing twice.
      expect(await store.readStream(two)).toHaveLength(1);
      await store.appendToStream(two, [newEvent()], ExpectedRevision.exact(0));
    }, first);
    await second.flush();
    expect((await plain.readStream(one)).map((event) => event.streamRevision)).toEqual([0, 1]);
    expect((await plain.readStream(two)).map((event) => event.streamRevision)).toEqual([0, 1]);
  });

  it('lets a batch that read ahead follow the batches it may have missed, written or not, oldest first', async () => {
    const [one, two] = [uniqueStream(), uniqueStream()];
    const ahead = store.createBatch();
    // Reads ahead, before the batches it follows were even decided.
    await store.inBatch(ahead, () => ahead.prefetch([one, two]));
    const first = await inBatch(() => store.appendToStream(one, [newEvent()], ExpectedRevision.noStream));
    await first.flush();
    const second = await inBatch(async () => {
      await store.appendToStream(one, [newEvent()], ExpectedRevision.exact(0));
      await store.appendToStream(two, [newEvent()], ExpectedRevision.noStream);
    }, first);
    ahead.follow([first, second]);
    await store.inBatch(ahead, async () => {
      expect((await store.readStream(one)).map((event) => event.streamRevision)).toEqual([0, 1]);
      expect((await store.readStream(two)).map((event) => event.streamRevision)).toEqual([0]);
      await store.appendToStream(one, [newEvent()], ExpectedRevision.exact(1));
    });
    await second.flush();
    await ahead.flush();
    expect((await plain.readStream(one)).map((event) => event.streamRevision)).toEqual([0, 1, 2]);
  });

  it('sees the appends of the batches it follows as last said, also in a stream it has already read', async () => {
    const stream = uniqueStream();
    const later = store.createBatch();
    await store.inBatch(later, async () => expect(await store.readStream(stream)).toEqual([]));
    const first = await inBatch(() => store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream));
    later.follow([first]);
    await store.inBatch(later, async () => {
      expect((await store.readStream(stream)).map((event) => event.streamRevision)).toEqual([0]);
      await store.appendToStream(stream, [newEvent()], ExpectedRevision.exact(0));
    });
    await first.flush();
    await later.flush();
    expect((await plain.readStream(stream)).map((event) => event.streamRevision)).toEqual([0, 1]);
  });

  it('goes around the batch in outsideBatch()', async () => {
    const stream = uniqueStream();
    await inBatch(() => store.outsideBatch(() => store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream)));
    expect(await plain.readStream(stream)).toHaveLength(1);
  });
});
