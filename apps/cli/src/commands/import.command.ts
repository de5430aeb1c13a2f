import { constants, createReadStream } from 'node:fs';
import { access, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ImportStopped, NdjsonImport, ndjsonLines, type ImportSummary } from '@registry/application';
import { UserError } from '../cli-errors';
import { cliActor, withRegistry, type StorageFlags } from '../cli-runtime';
import { ProgressLine } from '../progress-line';

export const summaryLine = ({ imported, alreadyRecorded, rejected }: ImportSummary): string =>
  `imported ${imported}, already recorded ${alreadyRecorded}, rejected ${rejected}`;

/**
 * Where `importNdjsonFile` writes the lines it rejected, with their line numbers and errors: beside a file, and
 * in the working directory for a pipe or a device (`<(…)`, /dev/stdin), whose directory takes no files.
 */
export const rejectedFileOf = async (file: string): Promise<string> =>
  (await stat(file)).isFile() ? `${file}.rejected.ndjson` : resolve('rejected.ndjson');

/**
 * Records the commands of an NDJSON file through NdjsonImport (progress on a terminal, rejected lines to
 * `rejectedFile`, created with the first of them), then brings the read models up to date. `registry import` and
 * `registry demo` both load through here.
 */
export const importNdjsonFile = async (
  file: string,
  rejectedFile: string,
  flags: StorageFlags,
): Promise<ImportSummary> => {
  // Checked before storage opens: a rejection must not find the file unwritable half-way through.
  await access(dirname(rejectedFile), constants.W_OK).catch(() => {
    throw new UserError(`cannot write the rejected lines to ${rejectedFile}: name another file with --rejected`);
  });
  return withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
    let rejectedOut: FileHandle | undefined;
    const progress = new ProgressLine(process.stderr);
    try {
      // Read as a stream, as POST /imports reads its body: one batch of lines in memory, one line at most 64 KiB.
      const result = await app
        .get(NdjsonImport)
        .run(ndjsonLines(createReadStream(file)), cliActor(), {
          onRejected: async (rejected) => {
            rejectedOut ??= await open(rejectedFile, 'w');
            await rejectedOut.write(`${JSON.stringify(rejected)}\n`);
          },
          onProgress: (current, line) => progress.update(`line ${line}: ${summaryLine(current)}`),
        })
        .catch((error: unknown) => {
          if (!(error instanceof ImportStopped)) throw error;
          // Storage failed, or the file could not be read on: how far it got, and that a re-run records the rest.
          const { throughLine, summary } = error;
          const reached = throughLine > 0 ? `after line ${throughLine} (${summaryLine(summary)})` : 'at its start';
          throw new UserError(`the import stopped ${reached}: ${error.message}; run it again to record the rest`);
        });
      progress.show('updating read models …');
      await runtime.projector.catchUp();
      progress.done();
      return result;
    } finally {
      progress.done();
      await rejectedOut?.close();
    }
  });
};

export const registerImport = (program: Command): void => {
  program
    .command('import')
    .description(
      'record the commands of an NDJSON file, one per line (see "Import lines" in README.md); ' +
        're-running records nothing new',
    )
    .argument('<file>', 'NDJSON file: {"type":"RecordReport","data":{…}} per line')
    .option(
      '--rejected <file>',
      'where the rejected lines go (default: FILE.rejected.ndjson; for a pipe, ./rejected.ndjson)',
    )
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (file: string, flags: { rejected?: string; dataDir?: string }) => {
      // Checked before storage opens: reading a directory or an unreadable file would fail mid-import as an
      // "unexpected error". Pipes and devices (/dev/stdin) stay allowed.
      await access(file, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
        throw new UserError(`cannot read ${file}${error.code === 'EACCES' ? ': permission denied' : ''}`);
      });
      if ((await stat(file)).isDirectory()) throw new UserError(`cannot read ${file}: it is a directory`);
      const rejectedFile = flags.rejected ?? (await rejectedFileOf(file));
      const summary = await importNdjsonFile(file, rejectedFile, flags);
      // What an earlier run rejected would otherwise look like this run's (a file named by --rejected is left be).
      if (summary.rejected === 0 && flags.rejected === undefined) await rm(rejectedFile, { force: true });
      console.log(summaryLine(summary));
      if (summary.rejected > 0) throw new UserError(`${summary.rejected} line(s) rejected: see ${rejectedFile}`);
    });
};
