import type { ClientBase } from 'pg';
import { DuplicateEventId } from '../errors';
import type { AppendResult, ExpectedRevision, NewEvent, StreamAppend } from '../event-store';
import { encodeLogPosition } from './log-position';
import { eventRowsJson } from './row-mapping';
import { STREAM_REVISION_CONSTRAINT, currentRevisionSql, insertEventsSql, selectByEventIdsSql } from './sql';
import { isUniqueViolation } from './sql-state';

/**
 * The stream was not where the append expected it. Raised inside the transaction and turned into
 * WrongExpectedRevision after the rollback, when the actual revision can be read.
 */
export class RevisionConflict extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
  ) {
    super(`Revision conflict on ${streamName}`);
  }
}

export const describeExpected = (expected: ExpectedRevision): string =>
  expected.kind === 'exact' ? String(expected.revision) : expected.kind;

/** `any` and `streamExists` promise no particular revision, so losing a race to another writer is retried. */
export const isRetryable = (expected: ExpectedRevision): boolean => expected.kind === 'any' || expected.kind === 'streamExists';

export const readCurrentRevision = async (db: Pick<ClientBase, 'query'>, schema: string, streamName: string): Promise<number> => {
  const { rows } = await db.query<{ revision: number }>(currentRevisionSql(schema), [streamName]);
  return Number(rows[0]?.revision ?? -1);
};

interface InsertedRow {
  readonly global_position: string;
  readonly txid: string;
  readonly stream_revision: number;
}

interface StoredRow extends InsertedRow {
  readonly event_id: string;
  readonly stream_name: string;
  readonly type: string;
  readonly same_data: boolean;
}

const resultOf = (row: InsertedRow): AppendResult => ({
  nextExpectedRevision: Number(row.stream_revision),
  globalPosition: BigInt(row.global_position),
  position: encodeLogPosition({ transactionId: BigInt(row.txid), globalPosition: BigInt(row.global_position) }),
});

/** Must run inside a transaction: a partly skipped batch throws, and only the rollback undoes its rows. */
export const appendInTransaction = async (client: ClientBase, schema: string, append: StreamAppend): Promise<AppendResult> => {
  const { streamName, events, expectedRevision } = append;
  const startRevision = await firstRevisionToWrite(client, schema, append);
  if (events.length === 0) return emptyAppendResult(client, schema, append, startRevision);
  let inserted: InsertedRow[];
  try {
    const { rows } = await client.query<InsertedRow>(insertEventsSql(schema), [streamName, startRevision, eventRowsJson(events)]);
    inserted = rows;
  } catch (error) {
    if (isUniqueViolation(error, STREAM_REVISION_CONSTRAINT)) throw new RevisionConflict(streamName, expectedRevision);
    throw error;
  }
  const last = inserted.at(-1);
  if (last && inserted.length === events.length) return resultOf(last);
  if (inserted.length > 0) throw new DuplicateEventId(firstSkippedEventId(events, inserted, startRevision));
  return answerRepeat(client, schema, streamName, events, expectedRevision);
};

const firstRevisionToWrite = async (client: ClientBase, schema: string, { streamName, expectedRevision }: StreamAppend): Promise<number> => {
  switch (expectedRevision.kind) {
    case 'noStream':
      return 0;
    case 'exact':
      return expectedRevision.revision + 1;
    case 'any':
    case 'streamExists': {
      const current = await readCurrentRevision(client, schema, streamName);
      if (expectedRevision.kind === 'streamExists' && current < 0) throw new RevisionConflict(streamName, expectedRevision);
      return current + 1;
    }
  }
};

/** Nothing was inserted: either every event id is stored already (a repeat, or a reuse) or the guard failed. */
const answerRepeat = async (
  client: ClientBase,
  schema: string,
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
): Promise<AppendResult> => {
  const { rows } = await client.query<StoredRow>(selectByEventIdsSql(schema), [eventRowsJson(events)]);
  if (rows.length === 0) throw new RevisionConflict(streamName, expectedRevision);
  const byId = new Map(rows.map((row) => [row.event_id.toLowerCase(), row]));
  const stored = events.map((event) => byId.get(event.metadata.eventId.toLowerCase()));
  const first = stored[0];
  const isRepeat =
    first !== undefined &&
    stored.every(
      (row, index) =>
        row !== undefined &&
        row.stream_name === streamName &&
        row.type === events[index]?.type &&
        row.same_data &&
        Number(row.stream_revision) === Number(first.stream_revision) + index,
    );
  const last = stored.at(-1);
  if (isRepeat && last) return resultOf(last);
  throw new DuplicateEventId(rows[0]?.event_id ?? 'unknown');
};

/** Revisions are start + index, so the first missing revision names the first event whose id was taken. */
const firstSkippedEventId = (events: readonly NewEvent[], inserted: readonly InsertedRow[], startRevision: number): string => {
  const written = new Set(inserted.map((row) => Number(row.stream_revision)));
  const index = events.findIndex((_, i) => !written.has(startRevision + i));
  return events[index]?.metadata.eventId ?? 'unknown';
};

/** An empty append writes nothing but still checks the expectation; it has no event, hence no position. */
const emptyAppendResult = async (client: ClientBase, schema: string, { streamName, expectedRevision }: StreamAppend, startRevision: number): Promise<AppendResult> => {
  const current = await readCurrentRevision(client, schema, streamName);
  if (current !== startRevision - 1) throw new RevisionConflict(streamName, expectedRevision);
  return { nextExpectedRevision: current, globalPosition: -1n, position: '' };
};
