import type { EVERY_MEMBER_STATE, Event, MemberState } from '@registry/domain';
import type { EventMetadata } from '@registry/event-store';
import type { RequestContext } from './actor';

/** Schema version of every event type written today; an upcaster raises older ones when they are read. */
export const CURRENT_SCHEMA_VERSION = 1;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Metadata for the events of one command: the same actor, time and correlation for all of them. `memberState` is
 * the member state the events concern, or EVERY_MEMBER_STATE for an event of the whole registry.
 */
export const stampFor = (
  context: RequestContext,
  memberState: MemberState | typeof EVERY_MEMBER_STATE,
  recordedAt: Date,
  causationId?: string,
) => {
  // Worked out once per command, not per event: an import stamps a few million events.
  const recorded = recordedAt.toISOString();
  const actor = { userId: context.actor.userId, role: context.actor.role };
  const causation = causationId ?? context.commandId ?? context.correlationId;
  const importer = context.importedBy && { userId: context.importedBy.userId, role: context.importedBy.role };
  return (_event: Event, eventId: string): EventMetadata => {
    const metadata: Mutable<EventMetadata> = {
      eventId,
      recordedAt: recorded,
      actor,
      memberState,
      correlationId: context.correlationId,
      causationId: causation,
      schemaVersion: CURRENT_SCHEMA_VERSION,
    };
    // Added, not spread in: a spread takes V8's slow path, and this runs for every event an import writes.
    if (importer) metadata.importedBy = importer;
    return metadata;
  };
};
