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
 * Catch-up waits for the client (write backpressure) and reads the log until it has reached the end; the
 * switch to live then happens in the same synchronous step, so no append can fall between them. Live, the
 * server does not wait: like the real one it drops a subscription whose client falls too far behind
 * ("consumer too slow", status ABORTED), and the client has to resubscribe.
 */
export const subscribeToAll = (
  call: ReadCall,
  log: InMemoryLog,
  all: ReadReq.Options.AllOptions,
  filter: AllFilter,
  structuredIds: boolean,
  maxLiveBacklog: number,
): void => {
  const startIndex = startIndexOf(log, all);
  if (startIndex === undefined) return fail(call, status.INVALID_ARGUMENT, 'Invalid position');

  let considered = 0;
  /** False when the client is not keeping up (the call's buffer is full). */
  const send = (event: StoredEvent): boolean => {
    let isFlowing = true;
    if (filter.matches(event)) isFlowing = call.write(readEventMessage(event, structuredIds));
    if (++considered < filter.checkpointInterval) return isFlowing;
    considered = 0;
    const { commit, prepare } = event.position;
    const checkpoint = new ReadResp.Checkpoint()
      .setCommitPosition(commit.toString())
      .setPreparePosition(prepare.toString());
    return call.write(new ReadResp().setCheckpoint(checkpoint)) && isFlowing;
  };

  const goLive = () => {
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    const unsubscribe = log.onAppended((events) => {
      // A dropped connection cancels the call; writing to it then would throw inside someone else's append.
      if (call.cancelled || call.writableEnded) return unsubscribe();
      for (const event of events) {
        if (call.writableLength > maxLiveBacklog) {
          unsubscribe();
          const reason = 'Consumer too slow to handle event while live. Client resubscription required.';
          return fail(call, status.ABORTED, `Operation timed out: ${reason}`);
        }
        send(event);
      }
    });
    call.on('cancelled', unsubscribe);
    call.on('close', unsubscribe);
  };

  let next = startIndex;
  const catchUp = (): void => {
    if (call.cancelled || call.writableEnded) return;
    while (next < log.all.length) {
      if (!send(log.all[next++]!)) return void call.once('drain', catchUp);
    }
    goLive();
  };

  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  catchUp();
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
