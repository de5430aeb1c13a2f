import { Coalescer } from './coalescer';

/** A promise the test settles when it chooses. */
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** Lets every pending callback run, so that what the coalescer started has started. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A coalescer whose groups and lone runs wait for the test: `groups` and `alone` record what went out, and
 * `finishGroup`/`finishAlone` answer the oldest unanswered one.
 */
const controlled = () => {
  const groups: { inputs: readonly string[]; answer: ReturnType<typeof deferred<(string | undefined)[]>> }[] = [];
  const alone: { input: string; answer: ReturnType<typeof deferred<string>> }[] = [];
  const coalescer = new Coalescer<string, string>(
    (inputs) => {
      const answer = deferred<(string | undefined)[]>();
      groups.push({ inputs, answer });
      return answer.promise;
    },
    (input) => {
      const answer = deferred<string>();
      alone.push({ input, answer });
      return answer.promise;
    },
    1,
  );
  return { coalescer, groups, alone };
};

describe('Coalescer (one group in flight)', () => {
  it('sends a lone call at once, by itself', async () => {
    const { coalescer, groups, alone } = controlled();

    const answer = coalescer.submit('a');
    await settled();
    alone[0]!.answer.resolve('A');

    await expect(answer).resolves.toBe('A');
    expect(groups).toHaveLength(0);
  });

  it('sends the calls that arrived while one ran as one group, and answers each in order', async () => {
    const { coalescer, groups, alone } = controlled();
    const first = coalescer.submit('a');
    const rest = ['b', 'c', 'd'].map((input) => coalescer.submit(input));
    await settled();
    expect(groups).toHaveLength(0); // they wait for the lone call in flight

    alone[0]!.answer.resolve('A');
    await settled();
    expect(groups.map((group) => group.inputs)).toEqual([['b', 'c', 'd']]);
    groups[0]!.answer.resolve(['B', 'C', 'D']);

    await expect(Promise.all([first, ...rest])).resolves.toEqual(['A', 'B', 'C', 'D']);
  });

  it('runs the callers a group refused alone, and sends the next group without waiting for them', async () => {
    const { coalescer, groups, alone } = controlled();
    const lone = coalescer.submit('a');
    const refusedGroup = ['b', 'c'].map((input) => coalescer.submit(input));
    await settled();
    alone[0]!.answer.resolve('A');
    await lone;
    await settled();
    const nextGroup = ['d', 'e'].map((input) => coalescer.submit(input));

    groups[0]!.answer.resolve(['B', undefined]); // 'c' was refused: it goes alone
    await settled();
    expect(alone.map((run) => run.input)).toEqual(['a', 'c']);
    expect(groups.map((group) => group.inputs)).toEqual([
      ['b', 'c'],
      ['d', 'e'],
    ]);

    groups[1]!.answer.resolve(['D', 'E']);
    await expect(Promise.all(nextGroup)).resolves.toEqual(['D', 'E']);
    alone[1]!.answer.resolve('C');
    await expect(Promise.all(refusedGroup)).resolves.toEqual(['B', 'C']);
  });

  it("gives a refused caller its own run's error, and each caller of a failed group the group's error", async () => {
    const { coalescer, groups, alone } = controlled();
    const lone = coalescer.submit('a');
    const refused = ['b', 'c'].map((input) => coalescer.submit(input).catch((error: Error) => error.message));
    await settled();
    alone[0]!.answer.resolve('A');
    await lone;
    await settled();
    groups[0]!.answer.resolve([undefined, 'C']);
    await settled();
    alone[1]!.answer.reject(new Error('conflict on b'));
    await expect(Promise.all(refused)).resolves.toEqual(['conflict on b', 'C']);

    const failed = ['d', 'e', 'f'].map((input) => coalescer.submit(input).catch((error: Error) => error.message));
    await settled();
    alone[2]!.answer.resolve('D'); // 'd' went alone; 'e' and 'f' gathered behind it
    await settled();
    groups[1]!.answer.reject(new Error('connection lost'));
    await expect(Promise.all(failed)).resolves.toEqual(['D', 'connection lost', 'connection lost']);
  });
});
