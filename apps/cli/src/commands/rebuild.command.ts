import type { Command } from 'commander';
import { UsageError } from '../cli-errors';
import { withRegistry } from '../cli-runtime';

export const registerRebuild = (program: Command): void => {
  program
    .command('rebuild')
    .description('rebuild read models from the first event (stop the server first when it uses the same data)')
    .option('--projection <name>', 'only this projection')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { projection?: string; dataDir?: string }) => {
      await withRegistry(flags, { projections: 'none' }, async (_app, runtime) => {
        const all = runtime.projector.projections;
        const chosen = flags.projection ? all.filter((projection) => projection.name === flags.projection) : all;
        if (chosen.length === 0) {
          throw new UsageError(`--projection must be one of ${all.map((projection) => projection.name).join(', ')}`);
        }
        const started = Date.now();
        await runtime.projector.rebuild(chosen);
        console.log(`rebuilt ${chosen.map((projection) => projection.name).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      });
    });
};
