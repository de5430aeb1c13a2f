import type { Command } from 'commander';
import { QueryBus } from '@nestjs/cqrs';
import { GetStreamHistoryQuery } from '@registry/application';
import { cliActor, withRegistry } from '../cli-runtime';

export const registerHistory = (program: Command): void => {
  program
    .command('history')
    .description("a stream's events with their metadata, oldest first, as JSON lines")
    .argument('<stream>', 'stream name, e.g. report-0b6f3f0e-6f5c-4b8e-9d1a-2f4c6e8a0b11')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (stream: string, flags: { dataDir?: string }) => {
      const entries = await withRegistry(flags, { projections: 'none' }, (app) =>
        app.get(QueryBus).execute(new GetStreamHistoryQuery(stream, cliActor())),
      );
      for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
    });
};
