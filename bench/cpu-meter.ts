import { readdirSync, readFileSync } from 'node:fs';
import { round } from './bench-support';

/**
 * Where the cores went during a measurement: the CPU of the registry's processes and how much of the machine
 * stayed idle. That tells what a figure is bound by: a process at one core is as fast as its one thread goes,
 * while idle cores mean something waits. Read from Linux's /proc; elsewhere the meter reports nothing.
 */
export interface CpuSplit {
  /** Cores each named process used on average (1.0 = one core busy all along). */
  readonly coresByProcess: Readonly<Record<string, number>>;
  /**
   * Cores PostgreSQL's processes on this machine used (all of them: the server serves the benchmark alone).
   * A backend that started during the measurement counts whole; one that ended during it counts up to the last
   * sample before it ended (taken every second).
   */
  readonly postgresCores?: number;
  /** Cores the machine left idle on average, of `machineCores`. */
  readonly machineIdleCores: number;
  readonly machineCores: number;
}

/** Clock ticks a second in /proc (USER_HZ); 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** User and system time of a process in seconds, or undefined when /proc does not say (not Linux, exited). */
const processSeconds = (pid: number): number | undefined => {
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime and stime are 14th and 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
};

/** CPU seconds of every process named postgres, by pid. */
const postgresSeconds = (): Map<number, number> => {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // gone meanwhile
    }
    const used = processSeconds(Number(entry));
    if (used !== undefined) seconds.set(Number(entry), used);
  }
  return seconds;
};

/** Ticks of all cores, and of those idle or waiting for I/O, since boot. */
const machineTicks = (): { total: number; idle: number; cores: number } | undefined => {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const ticks = lines[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const cores = lines.filter((line) => /^cpu\d+ /.test(line)).length;
    return { total: ticks.reduce((sum, value) => sum + value, 0), idle: ticks[3]! + ticks[4]!, cores };
  } catch {
    return undefined;
  }
};

/** Starts measuring now; `stop()` answers the split since, or undefined where /proc is missing. */
export const startCpuMeter = (
  processes: Readonly<Record<string, number | undefined>>,
): { stop(): CpuSplit | undefined } => {
  const startedAt = process.hrtime.bigint();
  const machineAtStart = machineTicks();
  const postgresAtStart = machineAtStart && postgresSeconds();
  // A benchmark that closes its pool before it stops the meter takes its backends' CPU with them: the import's
  // read 0.09 cores of PostgreSQL for a run that kept it busy. Sampling keeps what each backend had used.
  const postgresLastSeen = new Map(postgresAtStart ?? []);
  const samplePostgres = () => {
    for (const [pid, used] of postgresSeconds()) postgresLastSeen.set(pid, used);
  };
  const sampler = postgresAtStart ? setInterval(samplePostgres, 1000).unref() : undefined;
  const atStart = Object.entries(processes).map(([name, pid]) => ({
    name,
    pid,
    seconds: pid === undefined ? undefined : processSeconds(pid),
  }));
  return {
    stop: () => {
      clearInterval(sampler);
      const machineNow = machineTicks();
      if (!machineAtStart || !machineNow) return undefined;
      const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const coresByProcess: Record<string, number> = {};
      for (const { name, pid, seconds } of atStart) {
        const now = pid === undefined ? undefined : processSeconds(pid);
        if (seconds !== undefined && now !== undefined) coresByProcess[name] = round((now - seconds) / elapsed, 2);
      }
      samplePostgres();
      let postgres = 0;
      for (const [pid, used] of postgresLastSeen) postgres += used - (postgresAtStart?.get(pid) ?? 0);
      const total = machineNow.total - machineAtStart.total;
      const idleShare = total > 0 ? (machineNow.idle - machineAtStart.idle) / total : 0;
      return {
        coresByProcess,
        ...(postgresAtStart && postgresAtStart.size > 0 && { postgresCores: round(postgres / elapsed, 2) }),
        machineIdleCores: round(idleShare * machineNow.cores, 2),
        machineCores: machineNow.cores,
      };
    },
  };
};
