import { deterministicUuid, fold, timeOrderedUuid, type Decider, type Event } from '@registry/domain';
import { WrongExpectedRevision } from './errors';
import { ExpectedRevision, type EventMetadata, type EventStore, type LogPosition, type RecordedEvent } from './event-store';

/**
 * Everything the application knows about a command that the domain must not decide: time, actor, ids.
 * It sees the state the command was decided on, e.g. to copy the stream's member state.
 */
export type StampMetadata<S = unknown> = (event: Event, eventId: string, state: S) => EventMetadata;

export interface HandleCommandOptions<S = unknown> {
  readonly stamp: StampMetadata<S>;
  /** Runs on the folded state before deciding, e.g. to refuse another member state's record. */
  readonly authorize?: (state: S) => void;
  /**
   * The revision the client last saw (HTTP If-Match). When given, a concurrent change is the client's
   * conflict and is reported; when absent, the command is re-decided on the fresh state.
   */
  readonly expectedRevision?: number;
  /**
   * Identifies this command across retries (Idempotency-Key, import line). Its events get ids derived from
   * it, so a replay finds them already in the stream and appends nothing.
   */
  readonly commandId?: string;
  readonly maxAttempts?: number;
}

export interface CommandResult<E extends Event = Event> {
  readonly streamName: string;
  /** The events this command appended; empty when it changed nothing (a repeat, or nothing to change). */
  readonly events: readonly E[];
  /** The stream's revision after the command (-1 when the stream still has no events). */
  readonly revision: number;
  readonly position?: LogPosition;
  /**
   * The command was recorded before under the same command id, and this is its answer then: the revision and
   * position right after its events.
   */
  readonly replayed?: boolean;
}

/**
 * A command's events get ids derived from its id, so that a retry finds them stored; events of no such
 * command get new ids in time order, which the event id index takes far more cheaply than random ones.
 */
export const eventIdFor = (commandId: string | undefined, index: number): string =>
  commandId === undefined ? timeOrderedUuid() : deterministicUuid(`${commandId}:${index}`);

/**
 * The one write path: read the stream, fold it, decide, append with the revision that was read. A
 * conflict means someone else appended in between; without an explicit expected revision the command is
 * simply decided again on the new state.
 */
export const handleCommand = async <C, E extends Event, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  streamName: string,
  command: C,
  { stamp, authorize, expectedRevision, commandId, maxAttempts = 3 }: HandleCommandOptions<S>,
): Promise<CommandResult<E>> => {
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamName);
    const state = fold(decider, history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as E));
    authorize?.(state);
    const replayed = commandId === undefined ? undefined : lastEventOfCommand(history, commandId);
    if (replayed) return { streamName, events: [], revision: replayed.streamRevision, position: replayed.position, replayed: true };
    const currentRevision = history.length - 1;
    if (expectedRevision !== undefined && expectedRevision !== currentRevision) {
      throw new WrongExpectedRevision(streamName, String(expectedRevision), currentRevision);
    }
    const events = decider.decide(command, state);
    // Nothing to change (a repeat of the stream's state): the answer still says where the stream stands in the log.
    if (events.length === 0) return { streamName, events, revision: currentRevision, position: history.at(-1)?.position };
    try {
      const result = await store.appendToStream(
        streamName,
        events.map((event, index) => ({ type: event.type, data: event.data, metadata: stamp(event, eventIdFor(commandId, index), state) })),
        ExpectedRevision.after(currentRevision),
      );
      return { streamName, events, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      const mayRetry = expectedRevision === undefined && attempt < maxAttempts;
      if (!(error instanceof WrongExpectedRevision) || !mayRetry) throw error;
    }
  }
};

/** The last of the events a command with this id recorded in the stream (they are consecutive), if it did. */
export const lastEventOfCommand = (history: readonly RecordedEvent[], commandId: string): RecordedEvent | undefined => {
  if (history.length === 0) return undefined; // a new stream, as for most import lines: no id to derive
  const firstEventId = eventIdFor(commandId, 0);
  const first = history.findIndex((recorded) => recorded.metadata.eventId === firstEventId);
  if (first < 0) return undefined;
  let last = first;
  while (history[last + 1]?.metadata.eventId === eventIdFor(commandId, last + 1 - first)) last++;
  return history[last];
};
