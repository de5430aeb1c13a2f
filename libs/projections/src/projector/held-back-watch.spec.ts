import type { HeldBackEvents } from '@registry/event-store';
import { HeldBackWatch } from './held-back-watch';

describe('the projector’s watch on the log’s readable end', () => {
  let answer: HeldBackEvents;
  let clock: number;
  let lines: string[];
  let watch: HeldBackWatch;

  const heldBack = (count: number, readableEnd = 40n): HeldBackEvents => ({
    count,
    readableEnd,
    oldestOpenTransactionSeconds: 340,
  });
  /** One check every 15 s, as the projector runs them, with the log as `answer` says. */
  const checkFor = async (seconds: number) => {
    for (let waited = 0; waited < seconds; waited += 15) {
      await watch.check();
      clock += 15_000;
    }
  };

  beforeEach(() => {
    answer = heldBack(0);
    clock = 0;
    lines = [];
    const logger = {
      warn: (line: string) => void lines.push(`warn ${line}`),
      log: (line: string) => void lines.push(`log ${line}`),
    };
    watch = new HeldBackWatch({ heldBackEvents: () => Promise.resolve(answer) }, logger, {
      limit: 1000,
      now: () => clock,
    });
  });

  it('warns once when events waited behind the same end for over a minute, and once when it moves on', async () => {
    answer = heldBack(12);
    await checkFor(180);
    answer = heldBack(0, 52n);
    await checkFor(60);

    expect(lines).toEqual([
      'warn log held back: 12 committed events have waited beyond its readable end for at least 60 s, unseen by ' +
        'every projection; a transaction open on the database server for 340 s holds it (ADR 0001)',
      'log log released: its readable end moved on after at least 180 s held back',
    ]);
  });

  it('says nothing of events that wait less than a minute, nor of ends that move on at each check', async () => {
    answer = heldBack(3);
    await checkFor(45);
    answer = heldBack(0);
    await checkFor(15);
    for (let end = 41n; end < 50n; end++) {
      answer = heldBack(5, end);
      await checkFor(15);
    }

    expect(lines).toEqual([]);
  });

  it('counts up to its limit, and takes a failed look for no news', async () => {
    answer = heldBack(1000);
    await checkFor(75);
    const failing = new HeldBackWatch(
      { heldBackEvents: () => Promise.reject(new Error('connection lost')) },
      {
        warn: (line: string) => void lines.push(line),
        log: (line: string) => void lines.push(line),
      },
      { limit: 1000 },
    );
    await failing.check();

    expect(lines).toEqual([expect.stringMatching(/^warn log held back: 1000\+ committed events /)]);
  });
});
