import type { Position } from '@eventstore/db-client';
import { START_OF_LOG, type LogPosition } from '../event-store';

/**
 * An EventStoreDB log position is the server's pair of transaction-file offsets, written
 * `"<commit>/<prepare>"`. The commit position alone is the event's global position; the prepare position
 * is kept because the server expects the full pair back when a read or subscription resumes. Both are
 * byte offsets: they grow with the log but are not dense, so never add 1 to one.
 */
const FORMAT = /^(\d+)\/(\d+)$/;

export const encodeLogPosition = ({ commit, prepare }: Position): LogPosition => `${commit}/${prepare}`;

/** undefined for START_OF_LOG, which the client spells `START`. */
export const decodeLogPosition = (position: LogPosition): Position | undefined => {
  if (position === START_OF_LOG) return undefined;
  const match = FORMAT.exec(position);
  if (!match?.[1] || !match[2]) throw new Error(`Not an EventStoreDB log position: "${position}"`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
};

/** Orders as the server orders `$all`: by commit position, then prepare position. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/** True when `position` lies strictly after `after` (undefined: the start of the log). */
export const isAfter = (position: Position, after: Position | undefined): boolean =>
  after === undefined || comparePositions(position, after) > 0;
