import { START_OF_LOG, type LogPosition } from '../event-store';

/**
 * A PostgreSQL log position is the pair (transaction id, global position), written `"<txid>/<global>"`.
 * Readers order by the pair, not by the global position alone: sequence values are handed out at insert
 * time, so a later-committing transaction can hold a lower global position (stack-notes: gap safety).
 */
export interface PgLogPosition {
  readonly transactionId: bigint;
  readonly globalPosition: bigint;
}

/** Transaction ids start at 3, so (0, 0) lies before every event. */
const BEFORE_FIRST: PgLogPosition = { transactionId: 0n, globalPosition: 0n };
const FORMAT = /^(\d+)\/(\d+)$/;

export const encodeLogPosition = ({ transactionId, globalPosition }: PgLogPosition): LogPosition =>
  `${transactionId}/${globalPosition}`;

export const decodeLogPosition = (position: LogPosition): PgLogPosition => {
  if (position === START_OF_LOG) return BEFORE_FIRST;
  const match = FORMAT.exec(position);
  if (!match?.[1] || !match[2]) throw new Error(`Not a PostgreSQL log position: "${position}"`);
  return { transactionId: BigInt(match[1]), globalPosition: BigInt(match[2]) };
};

export const comparePositions = (a: PgLogPosition, b: PgLogPosition): number =>
  a.transactionId !== b.transactionId
    ? a.transactionId < b.transactionId ? -1 : 1
    : a.globalPosition === b.globalPosition ? 0 : a.globalPosition < b.globalPosition ? -1 : 1;
