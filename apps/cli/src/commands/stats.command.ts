import type { Command } from 'commander';
import { QueryBus } from '@nestjs/cqrs';
import { art8CsvRows, GetArt8DocumentQuery, toCsv } from '@registry/application';
import { isMemberState, MEMBER_STATES } from '@registry/domain';
import { UsageError } from '../cli-errors';
import { withRegistry } from '../cli-runtime';

const parseYear = (value: string): number => {
  if (!/^\d{4}$/.test(value)) throw new UsageError(`--year must be a four-digit year, got "${value}"`);
  return Number(value);
};

export const registerStats = (program: Command): void => {
  const stats = program.command('stats').description('statistics documents');
  stats
    .command('art8')
    .description('the Art. 8(1) document for one member state and year')
    .requiredOption('--ms <code>', `member state (${MEMBER_STATES.join(', ')})`)
    .requiredOption('--year <yyyy>', 'calendar year in the member state time zone')
    .option('--format <format>', 'json or csv', 'json')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: { ms: string; year: string; format: string; dataDir?: string }) => {
      const memberState = flags.ms.toUpperCase();
      if (!isMemberState(memberState)) throw new UsageError(`--ms must be an EU member state code (${MEMBER_STATES.join(' ')}), got "${flags.ms}"`);
      const year = parseYear(flags.year);
      if (!['json', 'csv'].includes(flags.format)) throw new UsageError(`--format must be json or csv, got "${flags.format}"`);
      const document = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        // A CLI run has no live projector: bring the read models up to the end of the log first.
        await runtime.projector.catchUp();
        return app.get(QueryBus).execute(new GetArt8DocumentQuery(memberState, year));
      });
      process.stdout.write(flags.format === 'csv' ? toCsv(art8CsvRows(document)) : `${JSON.stringify(document, null, 2)}\n`);
    });
};
