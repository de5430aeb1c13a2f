import { jsonEvent, type EventData, type JSONType, type ResolvedEvent } from '@eventstore/db-client';
import { deterministicUuid } from '@registry/domain';
import { categoryOf } from '../stream-name';
import type { EventMetadata, LogFilter, NewEvent, RecordedEvent } from '../event-store';
import { encodeLogPosition } from './log-position';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * EventStoreDB event ids must be UUIDs. Ours are (randomUUID or deterministicUuid); any other id is mapped
 * to a stable UUID so repeats still dedupe. The metadata keeps the original eventId either way.
 */
export const esdbEventId = (eventId: string): string =>
  UUID.test(eventId) ? eventId.toLowerCase() : deterministicUuid(`esdb-event-id:${eventId}`);

/** Data and our metadata travel as JSON: ESDB's own metadata field holds EventMetadata unchanged. */
export const toEventData = (event: NewEvent): EventData =>
  jsonEvent({
    id: esdbEventId(event.metadata.eventId),
    type: event.type,
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });

/** Links (`$>`) arrive without a resolved event when their target is gone; there is nothing to map then. */
export const toRecordedEvent = (resolved: ResolvedEvent): RecordedEvent | undefined => {
  const event = resolved.event;
  if (!event?.position) return undefined;
  return {
    streamName: event.streamId,
    streamRevision: Number(event.revision),
    globalPosition: event.position.commit,
    position: encodeLogPosition(event.position),
    type: event.type,
    data: event.data,
    metadata: event.metadata as unknown as EventMetadata,
  };
};

/**
 * System streams and event types start with `$` (epochs, scavenges, stream metadata, our event-id claims,
 * projections' links): never part of the registry's log.
 */
export const isSystemEvent = ({ streamName, type }: Pick<RecordedEvent, 'streamName' | 'type'>): boolean =>
  streamName.startsWith('$') || type.startsWith('$');

/** The port's filter, applied on the client: both lists ORed within, ANDed with each other; empty means all. */
export const matchesFilter =
  ({ eventTypes, streamCategories }: LogFilter = {}) =>
  (event: Pick<RecordedEvent, 'streamName' | 'type'>): boolean =>
    !isSystemEvent(event) &&
    (!eventTypes?.length || eventTypes.includes(event.type)) &&
    (!streamCategories?.length || streamCategories.includes(categoryOf(event.streamName)));
