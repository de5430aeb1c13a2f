import { ExpectedRevision, readStreams, START_OF_LOG } from '@registry/event-store';
import type { ContractSubject } from './event-store-contract';
import { endOfLog, idsOf, newEvent, newIds, readAllFrom, uniqueCategory, uniqueStream } from './event-store-contract.fixtures';

export const readContract = (subject: ContractSubject): void => {
  describe('reading several streams at once', () => {
    it('answers each stream as readStream does, unknown ones empty', async () => {
      const { store } = subject();
      const [one, two, unknown] = [uniqueStream(), uniqueStream(), uniqueStream()];
      await store.appendToStream(one, [newEvent(), newEvent()], ExpectedRevision.noStream);
      await store.appendToStream(two, [newEvent()], ExpectedRevision.noStream);

      const streams = await readStreams(store, [one, two, unknown, one]);

      expect([...streams.keys()].sort()).toEqual([one, two, unknown].sort());
      expect(streams.get(one)).toEqual(await store.readStream(one));
      expect(streams.get(two)).toEqual(await store.readStream(two));
      expect(streams.get(unknown)).toEqual([]);
    });
  });

  describe('reading the whole log', () => {
    it('returns events in append order, page by page', async () => {
      const { store } = subject();
      const start = await endOfLog(store);
      const events = [newEvent(), newEvent(), newEvent(), newEvent(), newEvent()];
      await store.appendToStream(uniqueStream(), events.slice(0, 2), ExpectedRevision.noStream);
      await store.appendToStream(uniqueStream(), events.slice(2), ExpectedRevision.noStream);

      const first = await store.readAll({ after: start, maxCount: 2 });
      expect(first.events).toHaveLength(2);
      expect(first.isEnd).toBe(false);
      expect(first.next).toBe(first.events[1]?.position);

      expect(idsOf(await readAllFrom(store, start, 2))).toEqual(newIds(events));
      const end = await store.readAll({ after: await endOfLog(store) });
      expect(end).toMatchObject({ events: [], isEnd: true });
    });

    it('orders positions the way it orders events', async () => {
      const { store } = subject();
      const start = await endOfLog(store);
      await store.appendToStream(uniqueStream(), [newEvent(), newEvent(), newEvent()], ExpectedRevision.noStream);

      const events = await readAllFrom(store, start);
      for (const [index, event] of events.entries()) {
        const rest = await store.readAll({ after: event.position });
        expect(idsOf(rest.events)).toEqual(idsOf(events.slice(index + 1)));
      }
      expect(START_OF_LOG).toBe('');
    });

    it('filters by event type and moves `next` past the events it skipped', async () => {
      const { store } = subject();
      const start = await endOfLog(store);
      const wanted = newEvent('ContractWanted');
      const stream = uniqueStream();
      const last = await store.appendToStream(stream, [newEvent('Other'), wanted, newEvent('Other')], ExpectedRevision.noStream);

      const page = await store.readAll({ after: start, filter: { eventTypes: ['ContractWanted'] } });

      expect(idsOf(page.events)).toEqual(newIds([wanted]));
      expect(page.isEnd).toBe(true);
      expect(page.next).toBe(last.position);
    });

    it('filters by stream category, page by page', async () => {
      const { store } = subject();
      const start = await endOfLog(store);
      const [wanted, other] = [uniqueCategory(), uniqueCategory()];
      const events = [newEvent(), newEvent(), newEvent()];
      await store.appendToStream(uniqueStream(wanted), events.slice(0, 2), ExpectedRevision.noStream);
      await store.appendToStream(uniqueStream(other), [newEvent()], ExpectedRevision.noStream);
      await store.appendToStream(uniqueStream(wanted), events.slice(2), ExpectedRevision.noStream);
      const last = await store.appendToStream(uniqueStream(other), [newEvent()], ExpectedRevision.noStream);

      const first = await store.readAll({ after: start, maxCount: 2, filter: { streamCategories: [wanted] } });
      const second = await store.readAll({ after: first.next, maxCount: 2, filter: { streamCategories: [wanted] } });

      expect(idsOf([...first.events, ...second.events])).toEqual(newIds(events));
      expect(second.isEnd).toBe(true);
      expect(second.next).toBe(last.position);
    });

    it('combines type and category filters', async () => {
      const { store } = subject();
      const start = await endOfLog(store);
      const category = uniqueCategory();
      const wanted = newEvent('ContractPicked');
      await store.appendToStream(uniqueStream(category), [newEvent('Other'), wanted], ExpectedRevision.noStream);
      await store.appendToStream(uniqueStream(), [newEvent('ContractPicked')], ExpectedRevision.noStream);

      const page = await store.readAll({ after: start, filter: { eventTypes: ['ContractPicked'], streamCategories: [category] } });

      expect(idsOf(page.events)).toEqual(newIds([wanted]));
    });
  });

  describe('log positions of global positions', () => {
    it('finds the position of an event, and nothing for an unknown one', async () => {
      const { store } = subject();
      const result = await store.appendToStream(uniqueStream(), [newEvent()], ExpectedRevision.noStream);

      expect(await store.logPositionOf(result.globalPosition)).toBe(result.position);
      expect(await store.logPositionOf(result.globalPosition + 1_000_000n)).toBeUndefined();
    });
  });
};
