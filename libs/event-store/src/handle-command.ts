import { fold, type Decider, type Event } from '@registry/domain';
import { WrongExpectedRevision } from './errors';
import { ExpectedRevision, type EventMetadata, type EventStore, type LogPosition } from './event-store';

/** Everything the application knows about a command that the domain must not decide: ids, time, actor. */
export type StampMetadata = (event: Event, index: number) => EventMetadata;

export interface HandleCommandOptions {
  readonly stamp: StampMetadata;
  /**
   * The revision the client last saw (HTTP If-Match). When given, a concurrent change is the client's
   * conflict and is reported; when absent, the command is re-decided on the fresh state.
   */
  readonly expectedRevision?: number;
  readonly maxAttempts?: number;
}

export interface CommandResult<E extends Event = Event> {
  readonly streamName: string;
  /** The events this command appended; empty when it changed nothing (e.g. an idempotent repeat). */
  readonly events: readonly E[];
  /** The stream's revision after the command (-1 when the stream still has no events). */
  readonly revision: number;
  readonly position?: LogPosition;
}

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
  { stamp, expectedRevision, maxAttempts = 3 }: HandleCommandOptions,
): Promise<CommandResult<E>> => {
  for (let attempt = 1; ; attempt++) {
    const history = await store.readStream(streamName);
    const currentRevision = history.length - 1;
    if (expectedRevision !== undefined && expectedRevision !== currentRevision) {
      throw new WrongExpectedRevision(streamName, String(expectedRevision), currentRevision);
    }
    const state = fold(decider, history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as E));
    const events = decider.decide(command, state);
    if (events.length === 0) return { streamName, events, revision: currentRevision };
    try {
      const result = await store.appendToStream(
        streamName,
        events.map((event, index) => ({ type: event.type, data: event.data, metadata: stamp(event, index) })),
        ExpectedRevision.after(currentRevision),
      );
      return { streamName, events, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      const mayRetry = expectedRevision === undefined && attempt < maxAttempts;
      if (!(error instanceof WrongExpectedRevision) || !mayRetry) throw error;
    }
  }
};
