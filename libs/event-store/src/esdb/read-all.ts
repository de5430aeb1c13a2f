import { START, type EventStoreDBClient, type Position } from '@eventstore/db-client';
import type { LogFilter, LogPosition, ReadAllResult, RecordedEvent } from '../event-store';
import { matchesFilter, toRecordedEvent } from './event-mapping';
import { isInvalidPosition, withRetry } from './esdb-errors';
import { decodeLogPosition, encodeLogPosition, isAfter } from './log-position';
import { collect } from './stream-reads';

/** Bounds of one `$all` read request while scanning for matching events. */
const MIN_CHUNK = 256;
const MAX_CHUNK = 4096;

/**
 * One page of the port's `readAll`. Client 6.2.1 cannot send a filter with a `$all` read, and the server
 * reports no scan position for filtered reads anyway, so this reads `$all` unfiltered in chunks and
 * filters here (system events included). That is what lets `next` move past every event it skipped.
 * Subscriptions, which carry most of the traffic, do filter on the server (see subscription.ts).
 *
 * Like the PostgreSQL adapter it looks for one matching event more than asked: `isEnd` then means that
 * nothing readable lies beyond `next`.
 */
export const readAllPage = async (
  client: EventStoreDBClient,
  after: LogPosition,
  maxCount: number,
  filter?: LogFilter,
): Promise<ReadAllResult> => {
  const limit = Math.max(1, maxCount);
  const chunk = Math.min(Math.max(limit + 1, MIN_CHUNK), MAX_CHUNK);
  const matches = matchesFilter(filter);
  const events: RecordedEvent[] = [];
  let scanned = decodeLogPosition(after);
  for (;;) {
    const from = scanned;
    const page = await withRetry('read of $all', () =>
      collect(client.readAll({ fromPosition: from ?? START, maxCount: chunk })),
    );
    for (const resolved of page) {
      const position = resolved.event?.position;
      // Reads of $all include the event at their start position, which the caller has already seen.
      if (!position || !isAfter(position, scanned)) continue;
      scanned = position;
      const event = toRecordedEvent(resolved);
      if (!event || !matches(event)) continue;
      events.push(event);
      const last = events[limit - 1];
      if (events.length > limit && last) return { events: events.slice(0, limit), next: last.position, isEnd: false };
    }
    if (page.length < chunk) return { events, next: scanned ? encodeLogPosition(scanned) : after, isEnd: true };
  }
};

/** The position of the event whose commit position is `globalPosition`, read straight from there. */
export const logPositionAt = async (
  client: EventStoreDBClient,
  globalPosition: bigint,
): Promise<LogPosition | undefined> => {
  const at: Position = { commit: globalPosition, prepare: globalPosition };
  try {
    const [first] = await withRetry('read of $all', () => collect(client.readAll({ fromPosition: at, maxCount: 1 })));
    const position = first?.event?.position;
    return position?.commit === globalPosition ? encodeLogPosition(position) : undefined;
  } catch (error) {
    // A number that is not the start of a record is simply not an event's position.
    if (isInvalidPosition(error)) return undefined;
    throw error;
  }
};
