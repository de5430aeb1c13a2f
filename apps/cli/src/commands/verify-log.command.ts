import type { Command } from 'commander';
import { QueryBus } from '@nestjs/cqrs';
import { VerifyLogQuery } from '@registry/application';
import { UserError } from '../cli-errors';
import { withRegistry } from '../cli-runtime';

const RECORDED_SEAL_HELD = '; the database holds the latest seal recorded in the data directory';
/** Checked last, so the log passed all else: a restored backup or a consistent rewrite, told apart by the operator. */
const RESTORE_OR_REWRITE =
  '; the log verifies otherwise: if a backup was restored, accept it with `registry notary-key --accept-restore ' +
  '--reason …`; otherwise the log may have been rewritten (ADR 0029)';

export const registerVerifyLog = (program: Command): void => {
  program
    .command('verify-log')
    .description(
      'recompute the tamper-evident hash chain over the whole log, check every notary seal and that the database ' +
        'holds the latest seal recorded in the data directory; exit 1 naming the first position that fails',
    )
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { dataDir?: string }) => {
      // No catch-up first: notarising now would vouch for whatever the log says now.
      const result = await withRegistry(flags, { projections: 'none' }, (app) =>
        app.get(QueryBus).execute(new VerifyLogQuery()),
      );
      const counts = `${result.eventsChecked} events checked, ${result.sealsChecked} seals checked, ${result.unnotarisedEvents} events not yet notarised`;
      const { failure } = result;
      if (failure) {
        console.log(counts);
        const { globalPosition, problem, detail } = failure;
        const hint = problem === 'RECORDED_SEAL_NOT_IN_DATABASE' ? RESTORE_OR_REWRITE : '';
        throw new UserError(`the log fails verification at position ${globalPosition}: ${problem}: ${detail}${hint}`);
      }
      // No record, nothing more to say: a fresh start, or a notary that has not run with this data directory yet.
      console.log(`log intact: ${counts}${result.recordedSealChecked ? RECORDED_SEAL_HELD : ''}`);
    });
};
