import type { Command } from 'commander';
import { RegistryRuntime, type RegistryConfig } from '@registry/application';
import type { ProjectionStatus } from '@registry/projections';
import { configFrom } from '../cli-runtime';

/** Often enough for a supervisor to see progress, rarely enough not to flood a log with lines. */
const PROGRESS_INTERVAL_MS = 500;

/** `projected report-detail@1200 art8-reports@1187`: the global position each projection has committed. */
export const progressLine = (statuses: readonly ProjectionStatus[]): string =>
  `projected ${statuses.map((status) => `${status.projection}@${status.globalPosition ?? '-'}`).join(' ')}`;

const describeStorage = (config: RegistryConfig): string =>
  config.storage.kind === 'embedded'
    ? `embedded PostgreSQL (PGlite) in ${config.storage.dataDir}`
    : 'PostgreSQL (DATABASE_URL)';

/** Waits `ms`, or less when `interrupted` settles first. */
const pause = async (ms: number, interrupted: Promise<void>): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([interrupted, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
};

export const registerProject = (program: Command): void => {
  program
    .command('project')
    .description('run the projector alone: keep the read models up to date with the log until SIGINT or SIGTERM')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { dataDir?: string }) => {
      const config = configFrom(flags);
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
      const runtime = await RegistryRuntime.open(config, { projections: 'live' });
      try {
        console.log(`projector running on ${describeStorage(config)}; stop with Ctrl-C or SIGTERM`);
        let lastLine = '';
        while (signal === undefined) {
          await pause(PROGRESS_INTERVAL_MS, stopped);
          if (signal !== undefined) break;
          const statuses = await runtime.projector.status();
          const failed = statuses.find((status) => status.error !== null);
          // A stopped projection would leave its read model silently stale: fail so a supervisor restarts us.
          if (failed) throw new Error(`projection ${failed.projection} stopped: ${failed.error}`);
          const line = progressLine(statuses);
          if (line !== lastLine) console.log(line);
          lastLine = line;
        }
        console.log(`${signal}: stopping; every committed batch is already durable`);
      } finally {
        await runtime.close();
      }
    });
};
