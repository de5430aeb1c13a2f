import { ExpectedRevision, type RecordedEvent } from '@registry/event-store';
import type { ContractSubject } from './event-store-contract';
import { endOfLog, eventually, idsOf, newEvent, newIds, readAllFrom, sleep, uniqueCategory, uniqueStream } from './event-store-contract.fixtures';

const collect = () => {
  const delivered: RecordedEvent[] = [];
  const batches: number[] = [];
  const handler = (events: readonly RecordedEvent[]): Promise<void> => {
    batches.push(events.length);
    delivered.push(...events);
    return Promise.resolve();
  };
  return { delivered, batches, handler };
};

export const subscribeContract = (subject: ContractSubject): void => {
  describe('subscribing to the whole log', () => {
    it('catches up, then delivers live events, in order and exactly once', async () => {
      const { store } = subject();
      const start = await endOfLog(store);
      const category = uniqueCategory();
      const history = [newEvent(), newEvent(), newEvent()];
      await store.appendToStream(uniqueStream(category), history.slice(0, 2), ExpectedRevision.noStream);
      await store.appendToStream(uniqueStream(category), history.slice(2), ExpectedRevision.noStream);
      const { delivered, batches, handler } = collect();

      const subscription = store.subscribeToAll(handler, { after: start, batchSize: 2, filter: { streamCategories: [category] } });
      await eventually(() => expect(idsOf(delivered)).toEqual(newIds(history)));
      const live = [newEvent(), newEvent()];
      await store.appendToStream(uniqueStream(category), live.slice(0, 1), ExpectedRevision.noStream);
      await store.appendToStream(uniqueStream(category), live.slice(1), ExpectedRevision.noStream);
      await eventually(() => expect(delivered).toHaveLength(5));
      await sleep(100);
      await subscription.stop();

      expect(idsOf(delivered)).toEqual(newIds([...history, ...live]));
      expect(Math.max(...batches)).toBeLessThanOrEqual(2);
      await expect(subscription.done).resolves.toBeUndefined();
    });

    it('delivers nothing after stop()', async () => {
      const { store } = subject();
      const category = uniqueCategory();
      const { delivered, handler } = collect();
      const subscription = store.subscribeToAll(handler, { after: await endOfLog(store), filter: { streamCategories: [category] } });
      await subscription.stop();

      await store.appendToStream(uniqueStream(category), [newEvent()], ExpectedRevision.noStream);
      await sleep(150);

      expect(delivered).toEqual([]);
    });

    it('stops and rejects `done` when the handler throws', async () => {
      const { store } = subject();
      const category = uniqueCategory();
      await store.appendToStream(uniqueStream(category), [newEvent()], ExpectedRevision.noStream);
      const failure = new Error('projection failed');

      const subscription = store.subscribeToAll(() => Promise.reject(failure), { filter: { streamCategories: [category] } });

      await expect(subscription.done).rejects.toBe(failure);
      await subscription.stop();
    });
  });
};

export const gapSafetyContract = (subject: ContractSubject): void => {
  describe('gap safety (stores with concurrent transactions)', () => {
    it('never delivers an event past an earlier transaction that is still in flight', async () => {
      const { store, holdOpenTransaction } = subject();
      if (!holdOpenTransaction) return;
      const start = await endOfLog(store);
      const category = uniqueCategory();
      const filter = { streamCategories: [category] };
      // Something readable before the gap, so even a store that was empty has a log to run ahead on.
      const before = newEvent('Before');
      await store.appendToStream(uniqueStream(category), [before], ExpectedRevision.noStream);
      const { delivered, handler } = collect();
      const subscription = store.subscribeToAll(handler, { after: start, filter });
      const [earlier, later] = [newEvent('Earlier'), newEvent('Later')];

      const held = await holdOpenTransaction(uniqueStream(category), earlier);
      let isHeld = true;
      try {
        // PostgreSQL commits this at once; PGlite runs one transaction at a time, so it waits for `held`.
        const appending = store.appendToStream(uniqueStream(category), [later], ExpectedRevision.noStream);
        appending.catch(() => undefined);
        await Promise.race([appending, sleep(300)]);
        await sleep(200);
        expect(idsOf(delivered)).toEqual(newIds([before]));

        await held.commit();
        isHeld = false;
        await appending;
        await eventually(() => expect(idsOf(delivered)).toEqual(newIds([before, earlier, later])));
      } finally {
        if (isHeld) await held.commit();
        await subscription.stop();
      }

      const [, first, second] = delivered;
      expect(first && second && first.globalPosition < second.globalPosition).toBe(true);
      const read = await readAllFrom(store, start);
      expect(idsOf(read.filter((event) => event.streamName.startsWith(`${category}-`)))).toEqual(newIds([before, earlier, later]));
    });
  });
};
