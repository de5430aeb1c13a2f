import { InvalidArgumentError, type Command } from 'commander';
import { QueryBus } from '@nestjs/cqrs';
import {
  ART8_FORMATS,
  GetArt8DocumentQuery,
  GetArt8TraceQuery,
  GetCohortQuery,
  GetQualityMatrixQuery,
  GetReconciliationQuery,
  isAsOfSyntax,
  renderArt8,
  toCsv,
  type Art8Format,
  type CohortDocument,
  type Disclosure,
  exportParameters,
  type QualityMatrix,
  type ReconciliationDocument,
} from '@registry/application';
import { isMemberState, MEMBER_STATES, type MemberState } from '@registry/domain';
import { catchUpToReadableEnd } from '../catch-up';
import { UsageError } from '../cli-errors';
import { loggedRead, PURPOSE_HELP } from '../cli-access-log';
import { cliActor, withRegistry } from '../cli-runtime';

export const parseMemberState = (value: string): MemberState => {
  const memberState = value.toUpperCase();
  if (!isMemberState(memberState)) throw new UsageError(`--ms must be an EU member state code (${MEMBER_STATES.join(' ')}), got "${value}"`);
  return memberState;
};

export const parseYear = (value: string, flag = '--year'): number => {
  if (!/^\d{4}$/.test(value)) throw new UsageError(`${flag} must be a four-digit year, got "${value}"`);
  return Number(value);
};

export const parseChoice = <T extends string>(value: string, flag: string, choices: readonly T[]): T => {
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
};

const DATA_DIR_HELP = 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)';
const AS_OF_HELP =
  'the figures as they stood at an ISO date/date-time, or right after a global log position ' +
  '(the globalPosition of an event in `history`)';

/** A malformed --as-of is a usage error (exit 2); a well-formed position the log lacks is refused later (exit 1). */
const asOfFlag = (value: string): string => {
  if (!isAsOfSyntax(value)) {
    throw new InvalidArgumentError('give an ISO date or date-time, or a global log position (a whole number)');
  }
  return value;
};

export const registerStats = (program: Command): void => {
  const stats = program
    .command('stats')
    .description(
      'statistics: the Art. 8 document and the units behind a figure, the report-to-conviction cohort, ' +
        'the data-quality matrix, the reconciliation with NCMEC',
    );
  stats
    .command('art8')
    .description('the Art. 8(1) document for one member state and year')
    .requiredOption('--ms <code>', `member state (${MEMBER_STATES.join(', ')})`)
    .requiredOption('--year <yyyy>', 'calendar year in the member state time zone')
    .option('--as-of <date-or-position>', AS_OF_HELP, asOfFlag)
    .option('--format <format>', ART8_FORMATS.join(', '), 'json')
    .option('--disclosure <level>', 'exact, or public (small counts withheld)', 'exact')
    .option('--purpose <text>', PURPOSE_HELP)
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { ms: string; year: string; asOf?: string; format: string; disclosure: string; purpose?: string; dataDir?: string }) => {
      const memberState = parseMemberState(flags.ms);
      const year = parseYear(flags.year);
      const format = parseChoice<Art8Format>(flags.format, '--format', ART8_FORMATS);
      const disclosure = parseChoice<Disclosure>(flags.disclosure, '--disclosure', ['exact', 'public']);
      const document = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        await catchUpToReadableEnd(runtime);
        const art8 = await app.get(QueryBus).execute(new GetArt8DocumentQuery(memberState, year, { asOf: flags.asOf, disclosure }));
        const parameters = exportParameters({ year, asOf: flags.asOf, format, disclosure });
        return loggedRead(app, flags.purpose, [{ kind: 'export', export: 'ART8', memberState, parameters }], art8);
      });
      process.stdout.write(renderArt8(document, format));
    });

  stats
    .command('trace')
    .description('the units an Art. 8 figure counts (reports, cases, children, persons, judgments), each with the events behind it, as JSON')
    .requiredOption('--ms <code>', 'member state')
    .requiredOption('--year <yyyy>', 'calendar year in the member state time zone')
    .requiredOption('--metric <path>', 'the figure: a.totalReports, a.bySourceChannel.NCMEC, b.art3.female, c.convictedPersons, …')
    .option('--breakdown <key>', "the breakdown's key when --metric names the breakdown (a.bySourceChannel + NCMEC)")
    .option('--as-of <date-or-position>', AS_OF_HELP, asOfFlag)
    .option('--purpose <text>', PURPOSE_HELP)
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { ms: string; year: string; metric: string; breakdown?: string; asOf?: string; purpose?: string; dataDir?: string }) => {
      const memberState = parseMemberState(flags.ms);
      const year = parseYear(flags.year);
      const trace = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        await catchUpToReadableEnd(runtime);
        const options = { ...(flags.breakdown !== undefined && { breakdown: flags.breakdown }), ...(flags.asOf !== undefined && { asOf: flags.asOf }) };
        const result = await app.get(QueryBus).execute(new GetArt8TraceQuery(cliActor(), memberState, year, flags.metric, options));
        return loggedRead(app, flags.purpose, [{ kind: 'record', data: 'FIGURE_TRACE', subject: `${year}/${result.metric}`, memberState }], result);
      });
      process.stdout.write(`${JSON.stringify(trace, null, 2)}\n`);
    });

  stats
    .command('cohort')
    .description('the report-to-conviction cohort: of the reports received in a year, how many reached each stage, and when')
    .requiredOption('--ms <code>', 'member state')
    .requiredOption('--report-year <yyyy>', 'the year the reports were received')
    .option('--as-of <date-or-position>', AS_OF_HELP, asOfFlag)
    .option('--format <format>', 'json or csv', 'json')
    .option('--purpose <text>', PURPOSE_HELP)
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { ms: string; reportYear: string; asOf?: string; format: string; purpose?: string; dataDir?: string }) => {
      const memberState = parseMemberState(flags.ms);
      const reportYear = parseYear(flags.reportYear, '--report-year');
      const format = parseChoice(flags.format, '--format', ['json', 'csv'] as const);
      const cohort = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        await catchUpToReadableEnd(runtime);
        const parameters = exportParameters({ reportYear, asOf: flags.asOf, format });
        const result = await app.get(QueryBus).execute(new GetCohortQuery(memberState, reportYear, flags.asOf));
        return loggedRead(app, flags.purpose, [{ kind: 'export', export: 'COHORT', memberState, parameters }], result);
      });
      process.stdout.write(format === 'json' ? `${JSON.stringify(cohort, null, 2)}\n` : toCsv(cohortCsvRows(cohort)));
    });
  stats
    .command('quality')
    .description('the data-quality matrix: per year and metric COMPLETE, PROVISIONAL, NOT_AVAILABLE (reason) or BREAK_IN_SERIES')
    .requiredOption('--ms <code>', 'member state')
    .option('--format <format>', 'json or csv', 'json')
    .option('--disclosure <level>', 'exact, or public (small pending counts withheld, as in `art8`)', 'exact')
    .option('--purpose <text>', PURPOSE_HELP)
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { ms: string; format: string; disclosure: string; purpose?: string; dataDir?: string }) => {
      const memberState = parseMemberState(flags.ms);
      const format = parseChoice(flags.format, '--format', ['json', 'csv'] as const);
      const disclosure = parseChoice<Disclosure>(flags.disclosure, '--disclosure', ['exact', 'public']);
      const matrix = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        await catchUpToReadableEnd(runtime);
        const query = new GetQualityMatrixQuery(memberState, [2022, 2023, 2024], { disclosure });
        const result = await app.get(QueryBus).execute(query);
        const parameters = exportParameters({ format, disclosure });
        return loggedRead(app, flags.purpose, [{ kind: 'export', export: 'QUALITY', memberState, parameters }], result);
      });
      process.stdout.write(format === 'json' ? `${JSON.stringify(matrix, null, 2)}\n` : toCsv(qualityCsvRows(matrix)));
    });
  stats
    .command('reconciliation')
    .description("reports with an NCMEC reference per year against NCMEC's published figure: difference and ratio")
    .requiredOption('--ms <code>', 'member state')
    .option('--as-of <date-or-position>', AS_OF_HELP, asOfFlag)
    .option('--format <format>', 'json or csv', 'json')
    .option('--purpose <text>', PURPOSE_HELP)
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { ms: string; asOf?: string; format: string; purpose?: string; dataDir?: string }) => {
      const memberState = parseMemberState(flags.ms);
      const format = parseChoice(flags.format, '--format', ['json', 'csv'] as const);
      const document = await withRegistry(flags, { projections: 'none' }, async (app, runtime) => {
        await catchUpToReadableEnd(runtime);
        const result = await app.get(QueryBus).execute(new GetReconciliationQuery(memberState, flags.asOf));
        const parameters = exportParameters({ asOf: flags.asOf, format });
        const exported = { kind: 'export', export: 'RECONCILIATION', memberState, parameters } as const;
        return loggedRead(app, flags.purpose, [exported], result);
      });
      process.stdout.write(
        format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : toCsv(reconciliationCsvRows(document)),
      );
    });
};

/** stage,year,reports — "all" for a stage's total; the median as its own row. */
const cohortCsvRows = (cohort: CohortDocument): string[][] => [
  ['stage', 'year', 'reports'],
  ['received', String(cohort.reportYear), String(cohort.reports)],
  ...Object.entries(cohort.stages).flatMap(([stage, figures]) => [
    [stage, 'all', String(figures.reports)],
    ...Object.entries(figures.byYear).map(([year, reports]) => [stage, year, String(reports)]),
  ]),
  ['medianDaysToConviction', '', cohort.medianDaysToConviction === null ? '' : String(cohort.medianDaysToConviction)],
];

/** One row a year; a figure not published (or a ratio over zero) is empty, never 0. */
const reconciliationCsvRows = (document: ReconciliationDocument): string[][] => {
  const shown = (value: number | string | null) => (value === null ? '' : String(value));
  return [
    ['year', 'reportsWithNcmecReference', 'publishedNcmecFigure', 'difference', 'ratio', 'source'],
    ...document.years.map((row) => [
      String(row.year),
      String(row.reportsWithNcmecReference),
      shown(row.publishedNcmecFigure),
      shown(row.difference),
      shown(row.ratio),
      shown(row.source),
    ]),
  ];
};

const qualityCsvRows = (matrix: QualityMatrix): string[][] => [
  ['year', 'metric', 'status', 'reason', 'flags', 'definitionVersion'],
  ...matrix.years.flatMap(({ year, metrics }) =>
    Object.entries(metrics).map(([metric, quality]) => [
      String(year),
      metric,
      quality.status,
      quality.reason ?? '',
      quality.flags.join(' '),
      String(quality.definitionVersion),
    ]),
  ),
];
