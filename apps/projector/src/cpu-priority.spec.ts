import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/**
 * Runs `lowerCpuPriority(nice)` in a child process (a priority once lowered cannot be raised again without
 * privileges, so never in the test's own) and answers its result and every thread's priority afterwards.
 */
const lowerInChild = (nice: number, startedUnder?: number) => {
  const script = `
    const { readdirSync } = require('node:fs');
    const { getPriority } = require('node:os');
    const { lowerCpuPriority } = require('./apps/projector/src/cpu-priority.ts');
    const result = lowerCpuPriority(${nice});
    const threads = readdirSync('/proc/self/task').map(Number);
    const priorities = threads.map((id) => getPriority(id));
    console.log(JSON.stringify({ result, threads: threads.length, priorities }));`;
  const node = [process.execPath, '-r', '@swc-node/register', '-e', script];
  const [command, ...args] = startedUnder === undefined ? node : ['nice', '-n', String(startedUnder), ...node];
  return JSON.parse(execFileSync(command!, args, { cwd: ROOT, encoding: 'utf8' })) as {
    result: { applied: boolean; priority: number };
    threads: number;
    priorities: number[];
  };
};

(process.platform === 'linux' ? describe : describe.skip)('the projector’s CPU priority', () => {
  it('lowers every thread of the process, not only the one that asks', () => {
    const { result, threads, priorities } = lowerInChild(19);
    expect(result.applied).toBe(true);
    // Node starts V8's and libuv's helper threads before any code runs.
    expect(threads).toBeGreaterThan(1);
    expect(priorities).toEqual(Array(threads).fill(19));
  });

  it('never raises a priority someone set lower, and answers the one in effect', () => {
    const { result, priorities } = lowerInChild(10, 19);
    expect(new Set(priorities)).toEqual(new Set([19]));
    expect(result.priority).toBe(19);
  });
});
