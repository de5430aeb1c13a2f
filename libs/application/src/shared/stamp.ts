import type { Event, MemberState } from '@registry/domain';
import type { EventMetadata } from '@registry/event-store';
import type { RequestContext } from './actor';

/** Schema version of every event type written today; an upcaster raises older ones when they are read. */
export const CURRENT_SCHEMA_VERSION = 1;

/** Metadata for the events of one command: the same actor, time and correlation for all of them. */
export const stampFor =
  (context: RequestContext, memberState: MemberState, recordedAt: Date, causationId?: string) =>
  (_event: Event, eventId: string): EventMetadata => ({
    eventId,
    recordedAt: recordedAt.toISOString(),
    actor: { userId: context.actor.userId, role: context.actor.role },
    memberState,
    correlationId: context.correlationId,
    causationId: causationId ?? context.commandId ?? context.correlationId,
    schemaVersion: CURRENT_SCHEMA_VERSION,
  });
