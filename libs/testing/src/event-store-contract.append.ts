import { DuplicateEventId, ExpectedRevision, readStreams, WrongExpectedRevision } from '@registry/event-store';
import type { ContractSubject } from './event-store-contract';
import { endOfLog, idsOf, newEvent, newIds, readAllFrom, uniqueCategory, uniqueStream } from './event-store-contract.fixtures';

const rejectsWithRevision = async (append: Promise<unknown>, actual: number): Promise<void> => {
  const error = await append.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevision);
  expect((error as WrongExpectedRevision).actual).toBe(actual);
};

export const appendContract = (subject: ContractSubject): void => {
  describe('appending to a stream', () => {
    it('reads back what was appended, with revisions from 0', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      const events = [newEvent('First', { n: 1, list: [1, 2] }), newEvent('Second', { n: 2 })];

      const result = await store.appendToStream(stream, events, ExpectedRevision.noStream);

      expect(result.nextExpectedRevision).toBe(1);
      const stored = await store.readStream(stream);
      expect(stored.map((event) => [event.streamName, event.streamRevision, event.type, event.data])).toEqual([
        [stream, 0, 'First', { n: 1, list: [1, 2] }],
        [stream, 1, 'Second', { n: 2 }],
      ]);
      expect(stored[0]?.metadata).toEqual(events[0]?.metadata);
      expect(stored[1]?.globalPosition).toBe(result.globalPosition);
      expect(stored[1]?.position).toBe(result.position);
      expect(await store.readStream(stream, { fromRevision: 1 })).toHaveLength(1);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await subject().store.readStream(uniqueStream())).toEqual([]);
    });

    it('noStream: only a stream without events', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      await store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream);
      await rejectsWithRevision(store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream), 0);
    });

    it('any: appends wherever the stream is', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      expect((await store.appendToStream(stream, [newEvent()], ExpectedRevision.any)).nextExpectedRevision).toBe(0);
      expect((await store.appendToStream(stream, [newEvent(), newEvent()], ExpectedRevision.any)).nextExpectedRevision).toBe(2);
    });

    it('streamExists: fails on an empty stream, appends to an existing one', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      await rejectsWithRevision(store.appendToStream(stream, [newEvent()], ExpectedRevision.streamExists), -1);
      await store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream);
      expect((await store.appendToStream(stream, [newEvent()], ExpectedRevision.streamExists)).nextExpectedRevision).toBe(1);
    });

    it('exact: only at that revision, neither behind nor ahead', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      await store.appendToStream(stream, [newEvent(), newEvent()], ExpectedRevision.noStream);
      await rejectsWithRevision(store.appendToStream(stream, [newEvent()], ExpectedRevision.exact(0)), 1);
      await rejectsWithRevision(store.appendToStream(stream, [newEvent()], ExpectedRevision.exact(5)), 1);
      expect((await store.appendToStream(stream, [newEvent()], ExpectedRevision.exact(1))).nextExpectedRevision).toBe(2);
      expect(await store.readStream(stream)).toHaveLength(3);
    });

    it('lets exactly one of two concurrent writers with the same expected revision win', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      await store.appendToStream(stream, [newEvent()], ExpectedRevision.noStream);

      const outcomes = await Promise.allSettled([
        store.appendToStream(stream, [newEvent('A')], ExpectedRevision.exact(0)),
        store.appendToStream(stream, [newEvent('B')], ExpectedRevision.exact(0)),
      ]);

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [lost] = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(WrongExpectedRevision);
      expect(await store.readStream(stream)).toHaveLength(2);
    });
  });

  describe('idempotent appends by event id', () => {
    it('answers a repeat with the original result and writes nothing', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      const events = [newEvent(), newEvent()];
      const first = await store.appendToStream(stream, events, ExpectedRevision.noStream);

      expect(await store.appendToStream(stream, events, ExpectedRevision.noStream)).toEqual(first);
      expect(await store.appendToStream(stream, events, ExpectedRevision.any)).toEqual(first);
      expect(idsOf(await store.readStream(stream))).toEqual(newIds(events));
    });

    it('rejects an event id reused in another stream', async () => {
      const { store } = subject();
      const event = newEvent();
      await store.appendToStream(uniqueStream(), [event], ExpectedRevision.noStream);
      await expect(store.appendToStream(uniqueStream(), [event], ExpectedRevision.noStream)).rejects.toBeInstanceOf(DuplicateEventId);
    });

    it('rejects an event id reused for different content or next to new events', async () => {
      const { store } = subject();
      const stream = uniqueStream();
      const event = newEvent('Original', { value: 1 });
      await store.appendToStream(stream, [event], ExpectedRevision.noStream);

      const changed = { ...event, data: { value: 2 } };
      await expect(store.appendToStream(stream, [changed], ExpectedRevision.exact(0))).rejects.toBeInstanceOf(DuplicateEventId);
      await expect(store.appendToStream(stream, [newEvent(), event], ExpectedRevision.exact(0))).rejects.toBeInstanceOf(DuplicateEventId);
      expect(await store.readStream(stream)).toHaveLength(1);
    });
  });

  describe('appending to several streams', () => {
    it('writes all of them', async () => {
      const { store } = subject();
      const [one, two] = [uniqueStream(), uniqueStream()];
      await store.appendToStream(two, [newEvent()], ExpectedRevision.noStream);

      const results = await store.appendToStreams([
        { streamName: one, events: [newEvent()], expectedRevision: ExpectedRevision.noStream },
        { streamName: two, events: [newEvent(), newEvent()], expectedRevision: ExpectedRevision.exact(0) },
      ]);

      expect(results.map((result) => result.nextExpectedRevision)).toEqual([0, 2]);
    });

    it('writes many streams, and several appends to one stream in a row, in the order given', async () => {
      const { store } = subject();
      const category = uniqueCategory();
      const streams = Array.from({ length: 300 }, () => uniqueStream(category));
      const appends = streams.flatMap((streamName) => [
        { streamName, events: [newEvent(), newEvent()], expectedRevision: ExpectedRevision.noStream },
        { streamName, events: [newEvent()], expectedRevision: ExpectedRevision.exact(1) },
      ]);

      const start = await endOfLog(store);
      const results = await store.appendToStreams(appends);

      expect(results.map((result) => result.nextExpectedRevision)).toEqual(streams.flatMap(() => [1, 2]));
      const written = await readAllFrom(store, start);
      const ours = written.filter((event) => event.streamName.startsWith(`${category}-`));
      expect(idsOf(ours)).toEqual(appends.flatMap((append) => newIds(append.events)));
      expect(results.at(-1)?.position).toBe(ours.at(-1)?.position);
    });

    it('keeps every character of a large append: escapes, quotes and any script', async () => {
      const { store } = subject();
      const awkward = 'tab\there, newline\nthere, return\r, backslash \\ and \\n, quotes " \', é ß 漢字 😀';
      const streams = Array.from({ length: 200 }, () => uniqueStream());
      const appends = streams.map((streamName, index) => ({
        streamName,
        events: [newEvent('SomethingHappened', { index, awkward, [awkward]: [awkward] }), newEvent(), newEvent()],
        expectedRevision: ExpectedRevision.noStream,
      }));

      await store.appendToStreams(appends);

      const read = await readStreams(store, streams);
      expect(streams.map((streamName) => read.get(streamName)?.map(({ type, data }) => ({ type, data })))).toEqual(
        appends.map((append) => append.events.map(({ type, data }) => ({ type, data }))),
      );
    });

    it('keeps data of any JSON shape, and awkward characters, in one stream and across a few', async () => {
      const { store } = subject();
      const awkward = 'tab\there, newline\nthere, backslash \\ and \\n, quotes " \', {braces}, é 漢字 😀';
      const shapes: unknown[] = [null, awkward, 42, [awkward, 1, null], { [awkward]: { list: [{ awkward }] } }];
      const single = uniqueStream();
      const streams = shapes.map(() => uniqueStream());

      await store.appendToStream(single, shapes.map((data) => newEvent('Shaped', data)), ExpectedRevision.noStream);
      await store.appendToStreams(
        streams.map((streamName, index) => ({
          streamName,
          events: [newEvent('Shaped', shapes[index])],
          expectedRevision: ExpectedRevision.noStream,
        })),
      );

      expect((await store.readStream(single)).map((event) => event.data)).toEqual(shapes);
      const read = await readStreams(store, streams);
      expect(streams.map((streamName) => read.get(streamName)?.[0]?.data)).toEqual(shapes);
    });

    it('writes none of many streams when one of them conflicts (if the adapter is atomic)', async () => {
      const { store } = subject();
      if (!store.capabilities.atomicMultiStreamAppend) return;
      const streams = Array.from({ length: 300 }, () => uniqueStream());
      await store.appendToStream(streams[150]!, [newEvent()], ExpectedRevision.noStream);

      const appending = store.appendToStreams(streams.map((streamName) => ({ streamName, events: [newEvent(), newEvent()], expectedRevision: ExpectedRevision.noStream })));

      await rejectsWithRevision(appending, 0);
      expect(await store.readStream(streams[0]!)).toEqual([]);
      expect(await store.readStream(streams[299]!)).toEqual([]);
    });

    it('keeps each of many concurrent callers to its own fate', async () => {
      const { store } = subject();
      const streams = Array.from({ length: 24 }, () => uniqueStream());
      const contested = uniqueStream();
      const outcomes = await Promise.allSettled([
        ...streams.map((streamName) => store.appendToStream(streamName, [newEvent()], ExpectedRevision.noStream)),
        ...[1, 2, 3].map(() => store.appendToStream(contested, [newEvent()], ExpectedRevision.noStream)),
        store.appendToStream(streams[0]!, [newEvent()], ExpectedRevision.exact(7)),
      ]);

      expect(outcomes.slice(0, 24).every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      expect(outcomes.slice(24, 27).filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes[27]).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevision) });
      expect(await store.readStream(contested)).toHaveLength(1);
      expect((await Promise.all(streams.map((streamName) => store.readStream(streamName)))).map((events) => events.length)).toEqual(streams.map(() => 1));
    });

    it('writes none of them when one expectation fails (if the adapter is atomic)', async () => {
      const { store } = subject();
      if (!store.capabilities.atomicMultiStreamAppend) return;
      const [one, two] = [uniqueStream(), uniqueStream()];

      const appending = store.appendToStreams([
        { streamName: one, events: [newEvent()], expectedRevision: ExpectedRevision.noStream },
        { streamName: two, events: [newEvent()], expectedRevision: ExpectedRevision.exact(3) },
      ]);

      await rejectsWithRevision(appending, -1);
      expect(await store.readStream(one)).toEqual([]);
      expect(await store.readStream(two)).toEqual([]);
    });
  });
};
