import { describeReadModelStorage, RegistryRuntime, type RegistryConfig } from '@registry/application';
import type { ProjectionStatus } from '@registry/projections';
import { lowerCpuPriority } from './cpu-priority';

/** Often enough for a supervisor to see progress, rarely enough not to flood a log with lines. */
const PROGRESS_INTERVAL_MS = 500;

/** `projected report-detail@1200 statistics@1187`: the global position each projection has committed. */
export const progressLine = (statuses: readonly ProjectionStatus[]): string =>
  `projected ${statuses.map((status) => `${status.projection}@${status.globalPosition ?? '-'}`).join(' ')}`;

/**
 * The projection whose stop ends the process, so that a supervisor restarts it; not one that refuses to go on (the
 * notary, ADR 0029): a restart would change nothing, and the projector tries that one again by itself.
 */
export const projectionThatStopped = (statuses: readonly ProjectionStatus[]): ProjectionStatus | undefined =>
  statuses.find((status) => status.error !== null && !status.isRefusing);

const describeStorage = (config: RegistryConfig): string => {
  const readModels = describeReadModelStorage(config.storage);
  return config.eventStoreUrl ? `EventStoreDB → ${readModels}` : readModels;
};

/**
 * Intake before read models (ADR 0028): at the lowest priority the projector takes the cores the API leaves idle,
 * and applies what a burst wrote in larger batches once it is over.
 */
const DEFAULT_NICE = 19;

/** Lowers the CPU priority (before opening, so every thread started since inherits it) and says how it runs. */
const cpuPriorityNote = (nice: number): string => {
  if (nice === 0) return '';
  const { applied, priority, reason } = lowerCpuPriority(nice);
  if (applied) return `, at CPU priority nice ${priority} (PROJECTOR_NICE)`;
  return `, at normal CPU priority (lowering it failed: ${reason})`;
};

/** Waits `ms`, or less when `interrupted` settles first. */
const pause = async (ms: number, interrupted: Promise<void>): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([interrupted, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
};

/**
 * The projector as its own process: keeps every read model up to date with the log until SIGINT or SIGTERM,
 * printing a progress line whenever a position moves. A projection that stops is an error (exit 1), so a
 * supervisor restarts the process, which resumes from the checkpoints. A projection that refuses to go on (the
 * notary, ADR 0029) is not: a restart would change nothing and stop the other read models meanwhile, so the
 * projector holds that one alone and tries it again until the operator has acted.
 */
export const runProjector = async (config: RegistryConfig, print: (line: string) => void = console.log): Promise<void> => {
  // Installed before opening, so a signal during start-up still closes the database cleanly.
  let signal: string | undefined;
  const stopped = new Promise<void>((resolve) => {
    const stop = (received: string) => {
      signal ??= received;
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // An embedded database admits one process at a time: no API beside the projector to yield to.
  const priority = config.storage.kind === 'postgres' ? cpuPriorityNote(config.projectorNice ?? DEFAULT_NICE) : '';
  const runtime = await RegistryRuntime.open(config, { projections: 'live', readModelUse: 'projecting' });
  try {
    print(`projector running on ${describeStorage(config)}${priority}; stop with Ctrl-C or SIGTERM`);
    let lastLine = '';
    while (signal === undefined) {
      await pause(PROGRESS_INTERVAL_MS, stopped);
      if (signal !== undefined) break;
      const statuses = await runtime.projector.status();
      const failed = projectionThatStopped(statuses);
      // A stopped projection would leave its read model silently stale: fail so a supervisor restarts us.
      if (failed) throw new Error(`projection ${failed.projection} stopped: ${failed.error}`);
      const line = progressLine(statuses);
      if (line !== lastLine) print(line);
      lastLine = line;
    }
    print(`${signal}: stopping; every committed batch is already durable`);
  } finally {
    await runtime.close();
  }
};
