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
export const lowerCpuPriority = (nice: number): { readonly applied: boolean; readonly reason?: string } => {
  try {
    for (const thread of threadsOfThisProcess()) {
      // Never raise a thread someone already set lower (e.g. a process started under `nice -n 19`).
      if (getPriority(thread) < nice) setPriority(thread, nice);
    }
    return { applied: true };
  } catch (error) {
    return { applied: false, reason: error instanceof Error ? error.message : String(error) };
  }
};

/** Linux: every thread's id; elsewhere 0, which `setPriority` takes as the whole process. */
const threadsOfThisProcess = (): number[] => {
  if (process.platform !== 'linux') return [0];
  try {
    return readdirSync('/proc/self/task').map(Number);
  } catch {
    return [0];
  }
};
