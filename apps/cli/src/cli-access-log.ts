import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { AccessLog, accessEvents, parsePurpose, type AccessSubject } from '@registry/application';
import { cliActor } from './cli-runtime';

export const PURPOSE_HELP = 'why the data is read (one line; kept in the access log)';

/**
 * Records the operator's read of records or export of statistics in the access log, as the API does, before
 * the result is printed; answers the result. A failed write fails the command (ADR 0006).
 */
export const loggedRead = async <T>(
  app: INestApplicationContext,
  purpose: string | undefined,
  subjects: readonly AccessSubject[],
  result: T,
): Promise<T> => {
  const context = { actor: cliActor(), correlationId: randomUUID() };
  const events = accessEvents(subjects, parsePurpose(purpose, '--purpose'), 'CLI');
  await app.get(AccessLog).record(events.map((event) => ({ context, event })));
  return result;
};
