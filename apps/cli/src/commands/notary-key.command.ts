import type { Command } from 'commander';
import { readNotaryPublicKey } from '@registry/application';
import { configFrom } from '../cli-runtime';

export const registerNotaryKey = (program: Command): void => {
  program
    .command('notary-key')
    .description(
      "print the notary's public key (PEM): what a third party checks the log's seals with (docs/audit-verification.md)",
    )
    .option(
      '--data-dir <dir>',
      'data directory holding the key (default: REGISTRY_DATA_DIR or ./data; NOTARY_KEY_FILE overrides)',
    )
    .action(async (flags: { dataDir?: string }) => {
      // The key file alone: no database is opened, so this works beside a running server.
      process.stdout.write(await readNotaryPublicKey(configFrom(flags).security));
    });
};
