import type { EventMetadata, NewEvent, RecordedEvent } from '../event-store';
import { encodeLogPosition } from './log-position';

/** pg returns bigint and xid8 as strings (they may exceed 2^53); jsonb arrives parsed. */
export interface EventRow {
  readonly global_position: string;
  readonly txid: string;
  readonly stream_name: string;
  readonly stream_revision: number | string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

export const toRecordedEvent = (row: EventRow): RecordedEvent => {
  const globalPosition = BigInt(row.global_position);
  return {
    streamName: row.stream_name,
    streamRevision: Number(row.stream_revision),
    globalPosition,
    position: encodeLogPosition({ transactionId: BigInt(row.txid), globalPosition }),
    type: row.type,
    data: row.data,
    metadata: row.metadata,
  };
};

/**
 * Columns of a batch as parallel arrays for `unnest`. jsonb values go as JSON text: pg would otherwise
 * turn a JS array inside `data` into a PostgreSQL array literal.
 */
export const toInsertArrays = (events: readonly NewEvent[]): [string[], string[], string[], string[]] => [
  events.map((event) => event.metadata.eventId),
  events.map((event) => event.type),
  events.map((event) => JSON.stringify(event.data ?? null)),
  events.map((event) => JSON.stringify(event.metadata)),
];
