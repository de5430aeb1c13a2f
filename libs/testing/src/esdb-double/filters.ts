import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { StoredEvent } from './in-memory-log';

/** A server-side `$all` filter: on the stream name or on the event type, by prefixes or one regex. */
export interface AllFilter {
  matches(event: StoredEvent): boolean;
  /** Checkpoints are sent after this many considered (matching or not) events. */
  readonly checkpointInterval: number;
}

/** The server's default search window when the client asks for `count` rather than `max`. */
const DEFAULT_MAX_SEARCH_WINDOW = 32;

export const NO_FILTER: AllFilter = { matches: () => true, checkpointInterval: Number.POSITIVE_INFINITY };

export const toAllFilter = (options: ReadReq.Options.FilterOptions | undefined): AllFilter => {
  if (!options) return NO_FILTER;
  const onStreamName = options.hasStreamIdentifier();
  const expression = onStreamName ? options.getStreamIdentifier() : options.getEventType();
  if (!expression) throw new Error('A filter needs a stream name or an event type expression');
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  // .NET and JavaScript regexes agree on everything our adapter sends (anchors, alternation, classes).
  const pattern = regex ? new RegExp(regex) : undefined;
  const test = (value: string) => (pattern ? pattern.test(value) : prefixes.some((prefix) => value.startsWith(prefix)));
  const window = options.hasMax() ? options.getMax() : DEFAULT_MAX_SEARCH_WINDOW;
  return {
    matches: (event) => test(onStreamName ? event.streamName : event.type),
    checkpointInterval: Math.max(1, options.getCheckpointintervalmultiplier()) * window,
  };
};
