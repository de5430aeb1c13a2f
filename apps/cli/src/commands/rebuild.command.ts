import type { Command } from 'commander';
import {
  isDisposable,
  LAG_LIMIT,
  ProjectionNotDisposable,
  type Projection,
  type ProjectionVerification,
} from '@registry/projections';
import { UsageError, UserError } from '../cli-errors';
import { withRegistry } from '../cli-runtime';
import { ProgressLine } from '../progress-line';
import { logHead, progressBar } from '../rebuild-progress';

const DATA_DIR_HELP = 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)';

export const registerRebuild = (program: Command): void => {
  program
    .command('rebuild')
    .description(
      'rebuild read models from the first event (refused while a server or projector uses them); the notary is never rebuilt',
    )
    .option('--projection <name>', 'only this projection')
    .option(
      '--verify',
      'rebuild into fresh tables beside the live ones and compare them; exit 1 listing the rows that differ',
    )
    .option('--sample <n>', 'with --verify: differing rows shown per table', '10')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (flags: { projection?: string; verify?: boolean; sample: string; dataDir?: string }) => {
      const sampleSize = Number(flags.sample);
      if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 1000)
        throw new UsageError(`--sample must be a whole number from 1 to 1000, got "${flags.sample}"`);
      // Only a rebuild empties the live tables; --verify builds beside them and may run beside a server.
      const use = flags.verify ? {} : ({ readModelUse: 'rebuilding' } as const);
      await withRegistry(flags, { projections: 'none', ...use }, async (_app, runtime) => {
        const all = runtime.projector.projections;
        const chosen = flags.projection
          ? all.filter((projection) => projection.name === flags.projection)
          : all.filter(isDisposable);
        if (chosen.length === 0) {
          throw new UsageError(`--projection must be one of ${all.map((projection) => projection.name).join(', ')}`);
        }
        const progress = new ProgressLine(process.stderr);
        const head = await logHead(runtime.store);
        const started = Date.now();
        try {
          if (flags.verify) {
            const results = await runtime.projector.verify(chosen, {
              sampleSize,
              onProgress: (step) => progress.update(progressBar('verifying', step, head)),
            });
            progress.done();
            // A rebuild that was killed left its tables behind the log, which a rebuild up to them does not show.
            const behind = new Map(
              (await runtime.projector.status({ withLag: true })).map(({ projection, lag }) => [projection, lag ?? 0]),
            );
            reportVerification(results, chosen, behind);
          } else {
            await runtime.projector.rebuild(chosen, {
              onProgress: (step) => progress.update(progressBar('rebuilding', step, head)),
              onIndexBuild: ({ projection, index }) =>
                progress.update(`rebuilding ${projection}: building index ${index}`),
            });
            progress.done();
            console.log(
              `rebuilt ${chosen.map((projection) => projection.name).join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
            );
          }
        } catch (error) {
          progress.done();
          if (error instanceof ProjectionNotDisposable) throw new UserError(error.message);
          throw error;
        }
      });
    });
};

/**
 * One line per projection, with the events of the log it has not applied yet, if any; each differing table with its
 * rows (JSON, one per line); exit 1 on any difference.
 */
const reportVerification = (
  results: readonly ProjectionVerification[],
  chosen: readonly Projection[],
  behind: ReadonlyMap<string, number>,
): void => {
  const differing: string[] = [];
  for (const { projection, globalPosition, differences } of results) {
    const lag = behind.get(projection) ?? 0;
    const notApplied =
      lag === 0
        ? ''
        : `; ${lag >= LAG_LIMIT ? `${LAG_LIMIT}+` : lag} later event(s) not applied yet ` +
          '(serve, project or a stats command applies them)';
    const at = `at position ${globalPosition ?? 'none (no events)'}${notApplied}`;
    if (differences.length === 0) {
      console.log(`${projection}: no difference from a rebuild ${at}`);
      continue;
    }
    console.log(`${projection}: differs from a rebuild ${at}`);
    for (const { table, liveOnly, rebuiltOnly } of differences) {
      differing.push(
        `${table} (${liveOnly.count} live, ${rebuiltOnly.count} rebuilt row${rebuiltOnly.count === 1 ? '' : 's'})`,
      );
      console.log(
        `  ${table}: ${liveOnly.count} row(s) only in the live table, ${rebuiltOnly.count} only in the rebuild`,
      );
      for (const row of liveOnly.sample) console.log(`    live     ${JSON.stringify(row)}`);
      for (const row of rebuiltOnly.sample) console.log(`    rebuilt  ${JSON.stringify(row)}`);
      const shown = liveOnly.sample.length + rebuiltOnly.sample.length;
      const total = liveOnly.count + rebuiltOnly.count;
      if (shown < total) console.log(`    … and ${total - shown} more`);
    }
  }
  if (differing.length > 0) {
    throw new UserError(
      `read models differ from a rebuild of ${chosen.length === 1 ? chosen[0]!.name : 'the log'}: ${differing.join(', ')}`,
    );
  }
};
