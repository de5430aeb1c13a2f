import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { NdjsonImport, table7ImportLines } from '@registry/application';
import { UserError } from '../cli-errors';
import { cliActor, withRegistry } from '../cli-runtime';
import { summaryLine } from './import.command';
import { parseMemberState } from './stats.command';

export const registerReference = (program: Command): void => {
  const reference = program.command('reference').description('reference data shipped with the registry');
  reference
    .command('load-ncmec')
    .description("record NCMEC's published per-country figures 2022-2024 (COM(2025) 740, Table 7) for reconciliation")
    .option('--ms <codes>', 'only these member states, comma-separated (default: all 27)')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { ms?: string; dataDir?: string }) => {
      const memberStates = flags.ms?.split(',').map((code) => parseMemberState(code.trim()));
      const lines = table7ImportLines(memberStates);
      const summary = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        const rejections: string[] = [];
        const result = await app.get(NdjsonImport).run(
          Readable.from(lines),
          cliActor(),
          { onRejected: (rejected) => void rejections.push(`line ${rejected.line}: ${rejected.error}`) },
        );
        if (rejections.length > 0) throw new UserError(`reference data rejected: ${rejections[0]}`);
        await runtime.projector.catchUp();
        return result;
      });
      console.log(summaryLine(summary));
    });
};
