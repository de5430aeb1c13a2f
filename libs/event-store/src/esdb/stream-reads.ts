import {
  BACKWARDS,
  END,
  StreamNotFoundError,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { withRetry } from './esdb-errors';

/**
 * Reads a whole streaming read into memory. A read that fails halfway is repeated from its start by
 * `withRetry`, so a dropped connection never yields half a stream.
 */
export const collect = async (read: AsyncIterable<ResolvedEvent>): Promise<ResolvedEvent[]> => {
  const events: ResolvedEvent[] = [];
  for await (const resolved of read) events.push(resolved);
  return events;
};

/** A stream's events from `fromRevision`, oldest first; a stream that does not exist reads as empty. */
export const readStreamFrom = (
  client: EventStoreDBClient,
  streamName: string,
  fromRevision = 0,
  maxCount?: number,
): Promise<ResolvedEvent[]> =>
  withRetry(`read of ${streamName}`, async () => {
    try {
      return await collect(
        client.readStream(streamName, { fromRevision: BigInt(fromRevision), ...(maxCount ? { maxCount } : {}) }),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  });

/** The revision of the stream's last event, -1 when it has none. */
export const lastRevisionOf = (client: EventStoreDBClient, streamName: string): Promise<number> =>
  withRetry(`read of ${streamName}`, async () => {
    try {
      const [last] = await collect(
        client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }),
      );
      return last?.event ? Number(last.event.revision) : -1;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return -1;
      throw error;
    }
  });
