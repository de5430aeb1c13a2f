import {
  WrongExpectedVersionError,
  type AppendResult as EsdbAppendResult,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { DuplicateEventId, WrongExpectedRevision } from '../errors';
import type { AppendResult, ExpectedRevision, NewEvent } from '../event-store';
import { canonicalJson } from './canonical-json';
import { claimEventIds } from './event-id-claims';
import { esdbEventId, toEventData } from './event-mapping';
import { toWrongExpectedRevision, withRetry } from './esdb-errors';
import { appendOptions, describeExpected, isSatisfied } from './expected-revision';
import { encodeLogPosition } from './log-position';
import { lastRevisionOf, readStreamFrom } from './stream-reads';

/**
 * One stream's append: claim the event ids (store-wide uniqueness), answer a repeat of stored events with
 * their original result, otherwise append with the expected revision and let the server check it.
 */
export const appendEvents = async (
  client: EventStoreDBClient,
  streamName: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> => {
  if (events.length === 0) return checkExpectation(client, streamName, expected);
  const data = events.map(toEventData);
  const claims = await claimEventIds(
    client,
    data.map((event) => event.id),
    streamName,
  );
  const foreign = claims.findIndex((claim) => claim.kind === 'taken' && claim.streamName !== streamName);
  if (foreign >= 0) throw new DuplicateEventId(events[foreign]!.metadata.eventId);
  if (claims.some((claim) => claim.kind === 'taken')) {
    const repeat = await answerRepeat(client, streamName, events);
    if (repeat) return repeat;
  }
  let result: EsdbAppendResult;
  try {
    result = await withRetry(`append to ${streamName}`, () =>
      client.appendToStream(streamName, data, appendOptions(expected)),
    );
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) throw toWrongExpectedRevision(error, streamName, expected);
    throw error;
  }
  const revision = Number(result.nextExpectedRevision);
  if (result.position)
    return {
      nextExpectedRevision: revision,
      position: encodeLogPosition(result.position),
      globalPosition: result.position.commit,
    };
  // Servers may answer an idempotent write without a position: read it from the event itself.
  const [last] = await readStreamFrom(client, streamName, revision, 1);
  if (!last?.event?.position) throw new Error(`EventStoreDB reported no position for ${streamName}@${revision}`);
  return {
    nextExpectedRevision: revision,
    position: encodeLogPosition(last.event.position),
    globalPosition: last.event.position.commit,
  };
};

/**
 * Some ids were claimed for this stream before: either these very events are stored (a repeat, answered
 * like the first time, whatever the expected revision), or a previous attempt claimed them and never
 * landed (undefined: append normally). Anything in between reuses an id for another event.
 */
const answerRepeat = async (
  client: EventStoreDBClient,
  streamName: string,
  events: readonly NewEvent[],
): Promise<AppendResult | undefined> => {
  const stored = new Map(
    (await readStreamFrom(client, streamName)).flatMap((resolved) =>
      resolved.event ? [[resolved.event.id, resolved.event] as const] : [],
    ),
  );
  const found = events.map((event) => stored.get(esdbEventId(event.metadata.eventId)));
  const firstFound = found.findIndex((event) => event !== undefined);
  if (firstFound < 0) return undefined;
  const first = found[0];
  const isRepeat =
    first !== undefined &&
    found.every(
      (event, index) =>
        event !== undefined &&
        event.type === events[index]?.type &&
        event.revision === first.revision + BigInt(index) &&
        canonicalJson(event.data) === canonicalJson(events[index]?.data),
    );
  const last = found.at(-1);
  if (!isRepeat || !last?.position) throw new DuplicateEventId(events[firstFound]!.metadata.eventId);
  return {
    nextExpectedRevision: Number(last.revision),
    position: encodeLogPosition(last.position),
    globalPosition: last.position.commit,
  };
};

/** An empty append writes nothing, but still checks the expectation (as on PostgreSQL); it has no position. */
const checkExpectation = async (
  client: EventStoreDBClient,
  streamName: string,
  expected: ExpectedRevision,
): Promise<AppendResult> => {
  const current = await lastRevisionOf(client, streamName);
  if (!isSatisfied(expected, current)) throw new WrongExpectedRevision(streamName, describeExpected(expected), current);
  return { nextExpectedRevision: current, globalPosition: -1n, position: '' };
};
