import type { Command } from 'commander';
import { runProjector } from '@registry/projector';
import { configFrom } from '../cli-runtime';

export const registerProject = (program: Command): void => {
  program
    .command('project')
    .description('run the projector alone (apps/projector): keep the read models up to date with the log until SIGINT or SIGTERM')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action((flags: { dataDir?: string }) => runProjector(configFrom(flags)));
};
