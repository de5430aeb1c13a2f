import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (ADR 0028): the projector then takes the cores only when intake leaves
 * them idle, and catches up in larger batches after a burst.
 *
 * Why every thread: on Linux a nice value belongs to a thread, and `setPriority(0, …)` changes only the calling
 * one. V8's garbage-collection helpers and libuv's pool were started before this runs, so each thread of
 * `/proc/self/task` is set; threads started afterwards inherit the value. Elsewhere the process as a whole is set.
 * A priority can always be lowered without privileges; should the system still refuse, the projector runs as it is.
 */
export const lowerCpuPriority = (
  nice: number,
): { readonly applied: boolean; readonly priority: number; readonly reason?: string } => {
  try {
    for (const thread of threadsOfThisProcess()) lowerThread(thread, nice);
    // What the calling thread runs at now: `nice`, or lower if it was started so.
    return { applied: true, priority: getPriority(0) };
  } catch (error) {
    return { applied: false, priority: getPriority(0), reason: error instanceof Error ? error.message : String(error) };
  }
};

const lowerThread = (thread: number, nice: number): void => {
  try {
    // Never raise a thread someone already set lower (e.g. a process started under `nice -n 19`).
    if (getPriority(thread) < nice) setPriority(thread, nice);
  } catch (error) {
    // A helper thread may end between the listing and here: nothing left to lower.
    if (!isGoneThread(error)) throw error;
  }
};

const isGoneThread = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { info?: { code?: string } }).info?.code === 'ESRCH';

/** Linux: every thread's id; elsewhere 0, which `setPriority` takes as the whole process. */
const threadsOfThisProcess = (): number[] => {
  if (process.platform !== 'linux') return [0];
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
};
