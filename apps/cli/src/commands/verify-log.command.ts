import type { Command } from 'commander';
import { QueryBus } from '@nestjs/cqrs';
import { VerifyLogQuery } from '@registry/application';
import { UserError } from '../cli-errors';
import { withRegistry } from '../cli-runtime';

export const registerVerifyLog = (program: Command): void => {
  program
    .command('verify-log')
    .description(
      'recompute the tamper-evident hash chain over the whole log and check every notary seal; exit 1 naming the first position that fails',
    )
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { dataDir?: string }) => {
      // No catch-up first: notarising now would vouch for whatever the log says now.
      const result = await withRegistry(flags, { projections: 'none' }, (app) =>
        app.get(QueryBus).execute(new VerifyLogQuery()),
      );
      const counts = `${result.eventsChecked} events checked, ${result.sealsChecked} seals checked, ${result.unnotarisedEvents} events not yet notarised`;
      if (result.failure) {
        console.log(counts);
        throw new UserError(
          `the log fails verification at position ${result.failure.globalPosition}: ${result.failure.problem}: ${result.failure.detail}`,
        );
      }
      console.log(`log intact: ${counts}`);
    });
};
