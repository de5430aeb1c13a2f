import { createReadStream } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { NdjsonImport, ndjsonLines, type ImportSummary } from '@registry/application';
import { UserError } from '../cli-errors';
import { cliActor, withRegistry, type StorageFlags } from '../cli-runtime';
import { ProgressLine } from '../progress-line';

export const summaryLine = ({ imported, alreadyRecorded, rejected }: ImportSummary): string =>
  `imported ${imported}, already recorded ${alreadyRecorded}, rejected ${rejected}`;

/** Where `importNdjsonFile` writes the lines it rejected, with their line numbers and errors. */
export const rejectedFileOf = (file: string): string => `${file}.rejected.ndjson`;

/**
 * Records the commands of an NDJSON file through NdjsonImport (progress on a terminal, rejected lines to
 * FILE.rejected.ndjson), then brings the read models up to date. `registry import` and `registry demo` both
 * load through here.
 */
export const importNdjsonFile = async (file: string, flags: StorageFlags): Promise<ImportSummary> => {
  const rejectedFile = rejectedFileOf(file);
  return withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
    const rejectedOut = await open(rejectedFile, 'w');
    const progress = new ProgressLine(process.stderr);
    try {
      // Read as a stream, as POST /imports reads its body: one batch of lines in memory, one line at most 64 KiB.
      const result = await app.get(NdjsonImport).run(ndjsonLines(createReadStream(file)), cliActor(), {
        onRejected: async (rejected) => void (await rejectedOut.write(`${JSON.stringify(rejected)}\n`)),
        onProgress: (current, line) => progress.update(`line ${line}: ${summaryLine(current)}`),
      });
      progress.update('updating read models …');
      await runtime.projector.catchUp();
      progress.done();
      return result;
    } finally {
      progress.done();
      await rejectedOut.close();
    }
  });
};

export const registerImport = (program: Command): void => {
  program
    .command('import')
    .description(
      'record the commands of an NDJSON file, one per line (see "Import lines" in README.md); re-running records nothing new',
    )
    .argument('<file>', 'NDJSON file: {"type":"RecordReport","data":{…}} per line')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (file: string, flags: { dataDir?: string }) => {
      await access(file).catch(() => {
        throw new UserError(`cannot read ${file}`);
      });
      // Checked before storage opens: reading a directory would fail mid-import as an "unexpected error",
      // after creating DIR.rejected.ndjson. Pipes and devices (/dev/stdin) stay allowed.
      if ((await stat(file)).isDirectory()) throw new UserError(`cannot read ${file}: it is a directory`);
      const summary = await importNdjsonFile(file, flags);
      console.log(summaryLine(summary));
      if (summary.rejected > 0) {
        throw new UserError(`${summary.rejected} line(s) rejected: see ${rejectedFileOf(file)}`);
      }
    });
};
