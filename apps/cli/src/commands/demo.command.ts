import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../cli-errors';
import { configFrom } from '../cli-runtime';
import { RegistryRuntime } from '@registry/application';
import {
  DEFAULT_DEMO_OPTIONS,
  DEMO_SCALES,
  DEMO_YEARS,
  generateDemoDataSet,
  toNdjson,
  withRegistryChildIds,
  type DemoScale,
} from '../../../../libs/application/src/demo/demo-data-set';
import { importNdjsonFile, rejectedFileOf, summaryLine } from './import.command';
import { parseChoice, parseMemberState, parseYear } from './stats.command';

interface DemoFlags {
  scale: string;
  ms: string;
  year: string;
  seed: string;
  out?: string;
  dataDir?: string;
}

const parseSeed = (value: string): number => {
  if (!/^\d{1,15}$/.test(value)) throw new UsageError(`--seed must be a non-negative whole number, got "${value}"`);
  return Number(value);
};

/**
 * `registry demo`: generates a realistic synthetic country-year and records it through exactly the import
 * path users' files take (`registry import`), so a newcomer sees a filled registry at once. The same options
 * give the same data; running it again records nothing new.
 */
export const registerDemo = (program: Command): void => {
  program
    .command('demo')
    .description('record a realistic synthetic country-year: reports with repeats, investigations, children, judgments with appeals')
    .option('--scale <scale>', `${DEMO_SCALES.join(' or ')}: about 300 or 10 000 reports`, DEFAULT_DEMO_OPTIONS.scale)
    .option('--ms <code>', 'member state', DEFAULT_DEMO_OPTIONS.memberState)
    .option('--year <yyyy>', 'calendar year in the member state time zone', String(DEFAULT_DEMO_OPTIONS.year))
    .option('--seed <n>', 'seed of the generator: the same seed gives the same data', String(DEFAULT_DEMO_OPTIONS.seed))
    .option('--out <file>', 'where to write the generated NDJSON (default: a new temporary directory)')
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (flags: DemoFlags) => {
      const scale = parseChoice<DemoScale>(flags.scale, '--scale', DEMO_SCALES);
      const memberState = parseMemberState(flags.ms);
      const year = parseYear(flags.year);
      if (year < DEMO_YEARS.first || year > DEMO_YEARS.last) throw new UsageError(`--year must be between ${DEMO_YEARS.first} and ${DEMO_YEARS.last}, got ${year}`);
      const seed = parseSeed(flags.seed);

      const generated = generateDemoDataSet({ memberState, year, scale, seed }).lines;
      // Corrections and merges of a child name the registry's id for it: the keyed hash IdentifyChild answers,
      // with the master key the database is written with (opening the registry checks it, or creates it).
      const runtime = await RegistryRuntime.open(configFrom(flags), { projections: 'none' });
      const pseudonyms = runtime.pseudonyms;
      await runtime.close();
      const lines = withRegistryChildIds(generated, (childId) => pseudonyms.childId(memberState, childId));
      const file = flags.out ?? join(await mkdtemp(join(tmpdir(), 'registry-demo-')), `demo-${memberState}-${year}-${scale}-${seed}.ndjson`);
      await writeFile(file, toNdjson(lines)).catch((error: Error) => {
        throw new UserError(`cannot write ${file}: ${error.message}`);
      });
      console.log(`demo data: ${lines.length} commands for ${memberState} ${year} (${scale}, seed ${seed}) in ${file}`);

      const started = Date.now();
      const rejectedFile = await rejectedFileOf(file);
      const summary = await importNdjsonFile(file, rejectedFile, flags);
      console.log(summaryLine(summary));
      if (summary.rejected > 0) throw new UserError(`${summary.rejected} line(s) rejected: see ${rejectedFile}`);
      console.log(`loaded and projected in ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const storage = flags.dataDir !== undefined ? ` --data-dir ${flags.dataDir}` : '';
      const hints: [string, string][] = [
        [`registry stats art8 --ms ${memberState} --year ${year}${storage}`, 'the Art. 8(1)(a)-(c) figures'],
        [`registry stats art8 --ms ${memberState} --year ${year - 2}${storage}`, 'a year declared "no data" (null, never 0)'],
        [`registry stats quality --ms ${memberState}${storage}`, 'complete, provisional, break in series'],
        [`registry stats cohort --ms ${memberState} --report-year ${year}${storage}`, "from this year's reports to convictions"],
        [`registry stats reconciliation --ms ${memberState}${storage}`, "against NCMEC's published figures"],
      ];
      const width = Math.max(...hints.map(([command]) => command.length));
      console.log(['try next:', ...hints.map(([command, what]) => `  ${command.padEnd(width)}   ${what}`)].join('\n'));
    });
};
