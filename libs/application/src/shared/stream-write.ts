import { fold, type Decider, type DomainError, type Event, type MemberState } from '@registry/domain';
import { handleCommand, type EventStore } from '@registry/event-store';
import type { RequestContext } from './actor';
import type { Clock } from './clock';
import { mayActFor } from './member-state-scope';
import { stampFor } from './stamp';
import type { WriteResult } from './write-result';

/** What the generic write path needs to know about one kind of stream (report, investigation, child …). */
export interface StreamSlice<C, E extends Event, S> {
  readonly decider: Decider<C, E, S>;
  readonly streamOf: (id: string) => string;
  /** The member state the record belongs to; undefined while the stream has no events. */
  readonly memberStateOf: (state: S) => MemberState | undefined;
  /** The slice's own "no such record" error: also the answer for another member state's record. */
  readonly notFound: (id: string) => DomainError;
}

export interface WriteDependencies {
  readonly store: EventStore;
  readonly clock: Clock;
}

/**
 * Runs one command on one stream: reads and folds it, refuses another member state's record as if it did
 * not exist, decides, and appends with the revision it read (stamped with actor, time and correlation).
 * `newRecordIn` is the member state of a record the command creates.
 */
export const writeToStream = async <C, E extends Event, S>(
  { store, clock }: WriteDependencies,
  slice: StreamSlice<C, E, S>,
  id: string,
  command: C,
  context: RequestContext,
  newRecordIn?: MemberState,
): Promise<WriteResult> => {
  const result = await handleCommand(store, slice.decider, slice.streamOf(id), command, {
    authorize: (state) => {
      const memberState = slice.memberStateOf(state);
      if (memberState !== undefined && !mayActFor(context.actor, memberState)) throw slice.notFound(id);
    },
    stamp: (event, eventId, state) => {
      const memberState = slice.memberStateOf(state) ?? newRecordIn;
      // decide refuses commands on missing records before any event is stamped, so this cannot happen.
      if (memberState === undefined) throw new Error(`no member state for a new event on ${slice.streamOf(id)}`);
      return stampFor(context, memberState, clock.now())(event, eventId);
    },
    expectedRevision: context.expectedRevision,
    commandId: context.commandId,
  });
  if (result.replayed) return { id, revision: result.revision, created: true, position: result.position, replayed: true };
  return { id, revision: result.revision, created: result.events.length > 0, position: result.position };
};

/** The current state of another record, for cross-stream rules (read from its stream, never a read model). */
export const readState = async <C, E extends Event, S>(store: EventStore, slice: StreamSlice<C, E, S>, id: string): Promise<S> => {
  const history = await store.readStream(slice.streamOf(id));
  return fold(slice.decider, history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as E));
};

/**
 * The state of a record as the actor may see it: another member state's record looks like a missing one.
 */
export const readVisibleState = async <C, E extends Event, S>(
  store: EventStore,
  slice: StreamSlice<C, E, S>,
  id: string,
  context: RequestContext,
): Promise<S> => {
  const state = await readState(store, slice, id);
  const memberState = slice.memberStateOf(state);
  return memberState !== undefined && !mayActFor(context.actor, memberState) ? slice.decider.initialState : state;
};
