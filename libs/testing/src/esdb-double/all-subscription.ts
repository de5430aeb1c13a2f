import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { type ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { AllFilter } from './filters';
import type { InMemoryLog, StoredEvent } from './in-memory-log';
import { readEventMessage } from './messages';
import { fail, type ReadCall } from './read-call';

/**
 * A subscription to `$all`, in the order the server sends it: confirmation, the catch-up from *after* the
 * start position, caught-up, then live events as they are appended. Filtered subscriptions also get a
 * checkpoint after every `checkpointInterval` considered events, so a client can resume past long runs of
 * events it does not want.
 *
 * Catch-up and the switch to live happen in one synchronous step, so no append can fall between them;
 * the real server reaches the same guarantee with its own bookkeeping.
 */
export const subscribeToAll = (
  call: ReadCall,
  log: InMemoryLog,
  all: ReadReq.Options.AllOptions,
  filter: AllFilter,
  structuredIds: boolean,
): void => {
  const startIndex = startIndexOf(log, all);
  if (startIndex === undefined) return fail(call, status.INVALID_ARGUMENT, 'Invalid position');

  let considered = 0;
  const send = (event: StoredEvent): void => {
    if (filter.matches(event)) call.write(readEventMessage(event, structuredIds));
    if (++considered < filter.checkpointInterval) return;
    considered = 0;
    const { commit, prepare } = event.position;
    call.write(
      new ReadResp().setCheckpoint(
        new ReadResp.Checkpoint().setCommitPosition(commit.toString()).setPreparePosition(prepare.toString()),
      ),
    );
  };

  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  for (const event of log.all.slice(startIndex)) send(event);
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));

  const unsubscribe = log.onAppended((events) => {
    // A dropped connection cancels the call; writing to it then would throw inside someone else's append.
    if (call.cancelled || call.writableEnded) return unsubscribe();
    events.forEach(send);
  });
  call.on('cancelled', unsubscribe);
  call.on('close', unsubscribe);
};

/** Subscriptions start after the given position (exclusive), unlike reads. */
const startIndexOf = (log: InMemoryLog, all: ReadReq.Options.AllOptions): number | undefined => {
  if (all.hasStart()) return 0;
  if (all.hasEnd()) return log.all.length;
  const commit = BigInt(all.getPosition()!.getCommitPosition());
  const index = log.indexOfPosition(commit);
  if (index === undefined) return undefined;
  return log.all[index]?.position.commit === commit ? index + 1 : index;
};
