import { createTestDatabase, newEvent, uniqueStream } from '@registry/testing';
import { ExpectedRevision, PostgresEventStore } from '@registry/event-store';
import type { FeedProgress } from '@registry/projections';
import { logHead, progressBar } from './rebuild-progress';

describe('rebuild progress', () => {
  it("knows the log's head: none while it is empty, then the global position of its last event", async () => {
    const database = await createTestDatabase();
    const store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 2 });
    try {
      expect(await logHead(store)).toBeNull();
      await store.appendToStream(uniqueStream(), [newEvent(), newEvent(), newEvent()], ExpectedRevision.noStream);
      const { events } = await store.readAll();

      expect(await logHead(store)).toBe(events.at(-1)!.globalPosition);
    } finally {
      await store.close();
      await database.close();
    }
  }, 60_000);

  it('draws the share of the log a projection has read, and only the count without a head', () => {
    const progress: FeedProgress = {
      projection: 'report-detail',
      events: 12_345,
      position: '7/50',
      globalPosition: 50n,
    };
    expect(progressBar('rebuilt', progress, 200n)).toBe(
      'rebuilt report-detail [######..................]  25%  12,345 events',
    );
    expect(progressBar('rebuilt', progress, null)).toBe('rebuilt report-detail  12,345 events');
  });
});
