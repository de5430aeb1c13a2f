import type { Command } from 'commander';
import { QueryBus } from '@nestjs/cqrs';
import { GetStreamHistoryQuery, memberStatesReadIn } from '@registry/application';
import { canonicalStreamName } from '@registry/domain';
import { UsageError } from '../cli-errors';
import { loggedRead, PURPOSE_HELP } from '../cli-access-log';
import { cliActor, withRegistry } from '../cli-runtime';

export const registerHistory = (program: Command): void => {
  program
    .command('history')
    .description(
      "a stream's events with their full metadata (actor, role, recordedAt, correlation and causation ids), oldest first, as JSON lines",
    )
    .argument('<stream>', 'stream name, e.g. report-0b6f3f0e-6f5c-4b8e-9d1a-2f4c6e8a0b11')
    .option('--purpose <text>', PURPOSE_HELP)
    .option('--data-dir <dir>', 'embedded database directory (default: REGISTRY_DATA_DIR or ./data)')
    .action(async (name: string, flags: { purpose?: string; dataDir?: string }) => {
      // Read as the API's history route reads it: ids in lower case and member states in upper case, as logged.
      const stream = canonicalStreamName(name);
      if (stream === undefined) {
        throw new UsageError(
          '<stream> must be <category>-<uuid>, statistics-<member state>, access-<member state>-<day> or ' +
            'notary-restores',
        );
      }
      const entries = await withRegistry(flags, { projections: 'none' }, async (app) => {
        const history = await app.get(QueryBus).execute(new GetStreamHistoryQuery(stream, cliActor()));
        // Under the first event's member state, or every member state for a registry-wide stream, as the API logs.
        const subjects = memberStatesReadIn(history[0]!.metadata.memberState).map(
          (memberState) => ({ kind: 'record', data: 'STREAM_HISTORY', subject: stream, memberState }) as const,
        );
        return loggedRead(app, flags.purpose, subjects, history);
      });
      for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
    });
};
