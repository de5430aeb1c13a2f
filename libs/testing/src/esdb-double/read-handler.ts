import { status, type handleServerStreamingCall } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { subscribeToAll } from './all-subscription';
import { NO_FILTER, toAllFilter } from './filters';
import type { InMemoryLog, StoredEvent } from './in-memory-log';
import { readEventMessage, streamIdentifier, streamNameOf } from './messages';
import { fail, type ReadCall } from './read-call';

/**
 * Streams.Read: stream reads (both directions), forward reads of `$all` (optionally filtered), and
 * subscriptions to `$all`. Stream subscriptions and backward `$all` reads are outside what our adapter uses.
 */
export const readHandler =
  (log: InMemoryLog, onSubscribe: () => void, maxLiveBacklog: number): handleServerStreamingCall<ReadReq, ReadResp> =>
  (call) => {
    const options = call.request.getOptions();
    if (!options) return fail(call, status.INVALID_ARGUMENT, 'A read needs options');
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    if (options.hasSubscription()) {
      if (!options.hasAll()) return fail(call, status.UNIMPLEMENTED, 'The EventStoreDB double only subscribes to $all');
      onSubscribe();
      return subscribeToAll(
        call,
        log,
        options.getAll()!,
        options.hasFilter() ? toAllFilter(options.getFilter()) : NO_FILTER,
        structuredIds,
        maxLiveBacklog,
      );
    }
    const count = BigInt(options.getCount());
    const isForwards = options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;
    if (options.hasStream()) return readStream(call, log, options.getStream()!, isForwards, count, structuredIds);
    if (!isForwards) return fail(call, status.UNIMPLEMENTED, 'The EventStoreDB double reads $all forwards only');
    const all = options.getAll()!;
    const from = all.hasStart()
      ? 0
      : all.hasEnd()
        ? log.all.length
        : log.indexOfPosition(BigInt(all.getPosition()!.getCommitPosition()));
    if (from === undefined) return fail(call, status.INVALID_ARGUMENT, 'Invalid position');
    const filter = options.hasFilter() ? toAllFilter(options.getFilter()) : NO_FILTER;
    // Forward reads of $all start *at* the position (inclusive); subscriptions start after it.
    writeEvents(call, log.all.slice(from).filter(filter.matches), count, structuredIds);
  };

const readStream = (
  call: ReadCall,
  log: InMemoryLog,
  options: ReadReq.Options.StreamOptions,
  isForwards: boolean,
  count: bigint,
  structuredIds: boolean,
): void => {
  const streamName = streamNameOf(options.getStreamIdentifier());
  const events = log.streamEvents(streamName);
  if (!events) {
    call.write(
      new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamName))),
    );
    return void call.end();
  }
  const last = events.length - 1;
  const from = options.hasStart() ? 0 : options.hasEnd() ? last : Number(BigInt(options.getRevision()));
  const selected = isForwards ? events.slice(from) : events.slice(0, Math.min(from, last) + 1).reverse();
  writeEvents(call, selected, count, structuredIds);
};

const writeEvents = (call: ReadCall, events: readonly StoredEvent[], count: bigint, structuredIds: boolean): void => {
  const limit = count > BigInt(events.length) ? events.length : Number(count);
  for (const event of events.slice(0, limit)) call.write(readEventMessage(event, structuredIds));
  call.end();
};
