import type { Command } from 'commander';
import { acceptNotaryRestore, Clock, readNotaryPublicKey } from '@registry/application';
import { UsageError } from '../cli-errors';
import { cliActor, configFrom, withRegistry } from '../cli-runtime';

interface NotaryKeyFlags {
  dataDir?: string;
  acceptRestore?: boolean;
  reason?: string;
}

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
    .option(
      '--accept-restore',
      'after a restore from backup: accept the database’s log (verified first) though it lacks the notary’s ' +
        'latest seal recorded in the data directory; recorded in the log (ADR 0029)',
    )
    .option('--reason <text>', 'with --accept-restore: why, in one line (kept in the log; no record data)')
    .action(async (flags: NotaryKeyFlags) => {
      if (flags.acceptRestore) return acceptRestore(flags);
      if (flags.reason !== undefined) throw new UsageError('--reason goes with --accept-restore');
      // The key file alone: no database is opened, so this works beside a running server.
      process.stdout.write(await readNotaryPublicKey(configFrom(flags).security));
    });
};

const acceptRestore = async (flags: NotaryKeyFlags): Promise<void> => {
  const reason = flags.reason?.trim() ?? '';
  if (!/^[^\p{Cc}\p{Cs}]{1,200}$/u.test(reason)) {
    throw new UsageError(
      '--accept-restore needs --reason: one line of 1-200 characters saying why (a restored backup)',
    );
  }
  const accepted = await withRegistry(flags, { projections: 'none' }, (app, runtime) =>
    acceptNotaryRestore(runtime, app.get(Clock), cliActor(), reason),
  );
  const { recordedSeal, databaseSeal } = accepted.event.data;
  const from = databaseSeal
    ? `its latest seal, at sequence ${databaseSeal.sequence} (position ${databaseSeal.globalPosition}), ` +
      `recorded in ${accepted.location}`
    : `the start (it has no seals; the record in ${accepted.location} is removed)`;
  console.log(
    `accepted: the database’s log (${accepted.eventsChecked} events verified) in place of the seal at sequence ` +
      `${recordedSeal.sequence} (position ${recordedSeal.globalPosition}); recorded as NotaryRestoreAccepted. ` +
      `The notary seals on from ${from}; restart serve or project`,
  );
};
