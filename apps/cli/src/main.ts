import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigurationError, InputInvalid, NotaryRestoreNotAccepted, ReadModelsInUse } from '@registry/application';
import { DomainError } from '@registry/domain';
import { ProjectionRefusal } from '@registry/projections';
import { UsageError, UserError } from './cli-errors';
import { dataDirNote, type StorageFlags } from './cli-runtime';
import { registerDemo } from './commands/demo.command';
import { registerHistory } from './commands/history.command';
import { registerImport } from './commands/import.command';
import { registerNotaryKey } from './commands/notary-key.command';
import { registerProject } from './commands/project.command';
import { registerRebuild } from './commands/rebuild.command';
import { registerServe } from './commands/serve.command';
import { registerReference } from './commands/reference.command';
import { registerStats } from './commands/stats.command';
import { registerToken } from './commands/token.command';
import { registerVerifyLog } from './commands/verify-log.command';

/** `token`, and `notary-key` but to accept a restore, read a key in the data directory and open no database. */
const readsKeysOnly = (command: Command): boolean => {
  const { acceptRestore } = command.opts<{ acceptRestore?: boolean }>();
  return command.name() === 'token' || (command.name() === 'notary-key' && !acceptRestore);
};

/** `registry`: exit 0 on success, 1 on a user error (one line on stderr), 2 on a usage error. */
export const buildProgram = (): Command => {
  const program = new Command('registry')
    .description('The case registry: reports of online child sexual abuse to convictions, for Art. 8 of Regulation (EU) 2021/1232')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    // Here rather than in configFrom, which some commands call twice (demo): once per command, before its work.
    .hook('preAction', (_program, command) => {
      if (readsKeysOnly(command)) return;
      const note = dataDirNote(command.opts<StorageFlags>());
      if (note) process.stderr.write(`${note}\n`);
    });
  registerServe(program);
  registerImport(program);
  registerDemo(program);
  registerStats(program);
  registerReference(program);
  registerHistory(program);
  registerRebuild(program);
  registerVerifyLog(program);
  registerNotaryKey(program);
  registerProject(program);
  registerToken(program);
  return program;
};

/** Errors whose message is written for the operator: printed as it is, on one line. */
const OPERATOR_ERRORS = [
  UserError,
  UsageError,
  ConfigurationError,
  DomainError,
  InputInvalid,
  ReadModelsInUse,
  // The notary's refusals, its record unwritable or unreadable: each says what the operator is to do (ADR 0029).
  ProjectionRefusal,
  NotaryRestoreNotAccepted,
];

const exitCodeOf = (error: unknown): number => {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  return error instanceof UsageError ? 2 : 1;
};

export const main = async (argv: readonly string[]): Promise<number> => {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    const code = exitCodeOf(error);
    // commander has already printed its own usage errors and help.
    if (!(error instanceof CommanderError)) {
      const known = OPERATOR_ERRORS.some((kind) => error instanceof kind);
      process.stderr.write(`registry: ${known ? (error as Error).message : `unexpected error: ${(error as Error)?.message ?? String(error)}`}\n`);
    }
    return code;
  }
};

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    // serve keeps running; every other command ends here.
    if (code !== 0 || process.argv[2] !== 'serve') process.exit(code);
  });
}
