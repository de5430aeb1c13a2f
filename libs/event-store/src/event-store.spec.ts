import { newEvent } from '@registry/testing';
import { PrecedingAppendFailed, WrongExpectedRevision } from './errors';
import {
  appendChain,
  ExpectedRevision,
  START_OF_LOG,
  type AppendResult,
  type EventStore,
  type StreamAppend,
} from './event-store';

/** A store without a chain of its own, whose appends end when the test says so, in any order. */
const storeWithHeldAppends = () => {
  const started: { readonly appends: readonly StreamAppend[]; end(outcome?: Error): void }[] = [];
  const store = {
    appendToStreams: (appends: readonly StreamAppend[]) =>
      new Promise<AppendResult[]>((resolve, reject) => {
        const results = appends.map(() => ({ nextExpectedRevision: 0, position: START_OF_LOG, globalPosition: 0n }));
        started.push({ appends, end: (error) => (error ? reject(error) : resolve(results)) });
      }),
  } as unknown as EventStore;
  return { store, started };
};

const appendOf = (streamName: string): StreamAppend[] => [
  { streamName, events: [newEvent()], expectedRevision: ExpectedRevision.noStream },
];

describe('a chain of appends on a store without one of its own', () => {
  it('starts each append only once the one before it was written', async () => {
    const { store, started } = storeWithHeldAppends();
    const chain = appendChain(store);

    const first = chain.append(appendOf('a-1'));
    const second = chain.append(appendOf('a-2'));
    await new Promise(setImmediate);
    expect(started.map(({ appends }) => appends[0]!.streamName)).toEqual(['a-1']);

    started[0]!.end();
    await first;
    await new Promise(setImmediate);
    expect(started.map(({ appends }) => appends[0]!.streamName)).toEqual(['a-1', 'a-2']);
    started[1]!.end();
    await expect(second).resolves.toHaveLength(1);
  });

  it('writes none of the appends after one that failed; they reject as such, and that one with its error', async () => {
    const { store, started } = storeWithHeldAppends();
    const chain = appendChain(store);

    const first = chain.append(appendOf('a-1'));
    const second = chain.append(appendOf('a-2'));
    const third = chain.append(appendOf('a-3'));
    await new Promise(setImmediate);
    started[0]!.end(new WrongExpectedRevision('a-1', 'noStream', 0));

    await expect(first).rejects.toBeInstanceOf(WrongExpectedRevision);
    await expect(second).rejects.toBeInstanceOf(PrecedingAppendFailed);
    await expect(third).rejects.toBeInstanceOf(PrecedingAppendFailed);
    expect(started).toHaveLength(1);
  });
});
