import { NO_STREAM, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import { withRetry } from './esdb-errors';

/**
 * EventStoreDB dedupes event ids only within one stream, and only at the revision a write expects. The
 * port promises more: an event id belongs to one event in the whole store (DuplicateEventId). So before
 * events are appended, each id is claimed for its stream by writing the metadata of a stream named after
 * the id, with expected revision "no stream": the server itself decides which stream gets an id first.
 * Metadata streams (`$$…`) are system streams, which every reader here skips.
 *
 * A claim is never released. If the append that follows fails, the claim stays with its stream, and the
 * caller's retry (same ids, same stream) finds it and proceeds; reusing those ids for another stream is
 * refused, which only a bug would do.
 */
const CLAIM_PREFIX = 'registry.event-id-';
const OWNER = 'registry.streamName';

export type Claim = { readonly kind: 'claimed' } | { readonly kind: 'taken'; readonly streamName: string };

export const claimEventIds = (
  client: EventStoreDBClient,
  eventIds: readonly string[],
  streamName: string,
): Promise<Claim[]> =>
  Promise.all(eventIds.map((eventId) => withRetry('claim of an event id', () => claim(client, eventId, streamName))));

const claim = async (client: EventStoreDBClient, eventId: string, streamName: string): Promise<Claim> => {
  try {
    await client.setStreamMetadata(
      `${CLAIM_PREFIX}${eventId}`,
      { [OWNER]: streamName },
      { expectedRevision: NO_STREAM },
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const { metadata } = await client.getStreamMetadata(`${CLAIM_PREFIX}${eventId}`);
    const owner = metadata?.[OWNER];
    return { kind: 'taken', streamName: typeof owner === 'string' ? owner : '' };
  }
};
