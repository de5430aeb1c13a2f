import { randomUUID } from 'node:crypto';
import { startEsdbDouble, type EsdbDouble } from '@registry/testing';
import { ExpectedRevision, type NewEvent, type RecordedEvent } from '../event-store';
import { EventStoreUnavailable } from './esdb-errors';
import { EsdbEventStore } from './esdb-event-store';

// Connection drops cannot be provoked on a real server from here, so this runs against the double only.

const newEvent = (n: number): NewEvent => ({
  type: 'Numbered',
  data: { n },
  metadata: {
    eventId: randomUUID(),
    recordedAt: '2026-01-01T00:00:00.000Z',
    actor: { userId: 'user-1', role: 'investigator' },
    memberState: 'NL',
    correlationId: randomUUID(),
    causationId: randomUUID(),
    schemaVersion: 1,
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = async (isDone: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() > deadline) throw new Error('Timed out');
    await sleep(5);
  }
};

describe('EsdbEventStore on the double: dropped connections, retries, batches', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;

  beforeEach(async () => {
    double = await startEsdbDouble();
    store = await EsdbEventStore.connect(double.connectionString);
  });

  const endOfLogPosition = async () => {
    let page = await store.readAll();
    while (!page.isEnd) page = await store.readAll({ after: page.next });
    return page.next;
  };

  afterEach(async () => {
    await store.close();
    await double.stop();
  });

  it('resumes from the last delivered event, delivering every event exactly once and in order', async () => {
    const category = `resume${randomUUID().slice(0, 8)}`;
    const appended: NewEvent[] = [];
    const append = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const event = newEvent(appended.length);
        appended.push(event);
        await store.appendToStream(`${category}-${randomUUID()}`, [event], ExpectedRevision.noStream);
      }
    };
    const delivered: RecordedEvent[] = [];
    // A slow handler keeps events buffered in the client, so the drops hit a subscription mid-stream.
    const subscription = store.subscribeToAll(
      async (events) => {
        await sleep(2);
        delivered.push(...events);
      },
      { filter: { streamCategories: [category] }, batchSize: 3 },
    );

    await append(40); // history: caught up on in batches
    await waitFor(() => delivered.length >= 10);
    double.dropConnections(); // during catch-up
    await append(20); // live, while the subscription reconnects; the appends retry across the drop too
    await waitFor(() => delivered.length >= 50);
    double.dropConnections(); // during live delivery
    await append(10);
    await waitFor(() => delivered.length >= 70);
    await sleep(100);
    await subscription.stop();

    expect(delivered.map((event) => event.metadata.eventId)).toEqual(appended.map((event) => event.metadata.eventId));
    expect(delivered.map((event) => (event.data as { n: number }).n)).toEqual(appended.map((_, n) => n));
    expect(double.subscriptionsStarted).toBeGreaterThanOrEqual(3);
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('retries an append whose connection dropped, without writing it twice', async () => {
    const stream = `retry-${randomUUID()}`;
    await store.appendToStream(stream, [newEvent(0)], ExpectedRevision.noStream);

    double.dropConnections();
    const result = await store.appendToStream(stream, [newEvent(1), newEvent(2)], ExpectedRevision.exact(0));

    expect(result.nextExpectedRevision).toBe(2);
    expect((await store.readStream(stream)).map((event) => (event.data as { n: number }).n)).toEqual([0, 1, 2]);
  });

  it('follows a NotLeader answer to the leader and retries', async () => {
    const stream = `leader-${randomUUID()}`;
    double.answerNotLeader(2);
    await store.appendToStream(stream, [newEvent(0)], ExpectedRevision.noStream);
    double.answerNotLeader(1);

    expect((await store.readStream(stream)).map((event) => event.streamRevision)).toEqual([0]);
  });

  it('resubscribes when the server drops it as too slow, losing nothing', async () => {
    const stream = `slow-${randomUUID()}`;
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribeToAll(
      async (events) => {
        await sleep(5);
        delivered.push(...events);
      },
      { after: await endOfLogPosition(), filter: { streamCategories: ['slow'] }, batchSize: 10 },
    );
    await sleep(50); // live now
    const burst = Array.from({ length: 400 }, (_, n) => newEvent(n));
    await store.appendToStream(stream, burst, ExpectedRevision.noStream);
    await waitFor(() => delivered.length >= 400);
    await subscription.stop();

    expect(delivered.map((event) => event.streamRevision)).toEqual(burst.map((_, n) => n));
    expect(double.subscriptionsStarted).toBeGreaterThanOrEqual(2);
  });

  // The client's stream buffers 16 events by default, which would cap every batch at about 30.
  it('hands a large backlog to a slow handler in full batches', async () => {
    const stream = `batch-${randomUUID()}`;
    await store.appendToStream(
      stream,
      Array.from({ length: 300 }, (_, n) => newEvent(n)),
      ExpectedRevision.noStream,
    );
    const batches: number[] = [];
    const subscription = store.subscribeToAll(
      async (events) => {
        batches.push(events.length);
        await sleep(75);
      },
      { filter: { streamCategories: ['batch'] }, batchSize: 100 },
    );
    await waitFor(() => batches.reduce((sum, size) => sum + size, 0) >= 300);
    await subscription.stop();

    // Batches fill up to batchSize (how full exactly depends on timing under load), far beyond the ~30 a
    // 16-event client buffer would allow, and never beyond batchSize.
    expect(Math.max(...batches)).toBeGreaterThan(60);
    expect(Math.max(...batches)).toBeLessThanOrEqual(100);
    expect(batches.length).toBeLessThanOrEqual(10);
  });
});

describe('EsdbEventStore.connect', () => {
  it('fails at once with a clear error when no server answers', async () => {
    const double = await startEsdbDouble();
    const unreachable = double.connectionString;
    await double.stop();

    await expect(EsdbEventStore.connect(unreachable)).rejects.toThrow(EventStoreUnavailable);
  });
});
