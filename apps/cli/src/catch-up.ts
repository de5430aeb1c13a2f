import type { RegistryRuntime } from '@registry/application';
import type { HeldBackEvents } from '@registry/event-store';
import { LAG_LIMIT } from '@registry/projections';

/**
 * A CLI run has no live projector: brings the read models up to the log's readable end before a command reads
 * "now". A transaction open anywhere on the database server holds that end (ADR 0001); when committed events wait
 * beyond it, the figures are older than the operator thinks, so one line on stderr says so. stdout, which scripts
 * parse, and the exit code stay as they are.
 */
export const catchUpToReadableEnd = async (
  runtime: RegistryRuntime,
  stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr,
): Promise<void> => {
  await runtime.projector.catchUp();
  const note = heldBackNote(await runtime.store.heldBackEvents?.(LAG_LIMIT));
  if (note) stderr.write(`${note}\n`);
};

/** The line to print, or undefined when nothing is held back (or the store has no such end: EventStoreDB). */
export const heldBackNote = (heldBack: HeldBackEvents | undefined): string | undefined => {
  if (!heldBack || heldBack.count === 0) return undefined;
  const { count, oldestOpenTransactionSeconds: seconds, readableEnd } = heldBack;
  const events =
    count >= LAG_LIMIT
      ? `at least ${LAG_LIMIT} committed events are`
      : `${count} committed event${count === 1 ? ' is' : 's are'}`;
  const openFor = seconds === null ? 'for a time the server does not show' : `for ${seconds} s`;
  const end = readableEnd === null ? 'the start of the log' : `position ${readableEnd}`;
  return (
    `registry: note: ${events} not yet readable: a transaction open on the database server ${openFor} holds ` +
    `the log's readable end (ADR 0001); the figures are as of ${end} at the latest`
  );
};
