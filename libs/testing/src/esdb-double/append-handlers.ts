import {
  status,
  type handleBidiStreamingCall,
  type handleClientStreamingCall,
  type ServerErrorResponse,
} from '@grpc/grpc-js';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { AllStreamPosition, Empty, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  type AppendReq,
  AppendResp,
  type BatchAppendReq,
  BatchAppendResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, Expected, InMemoryLog, ProposedEvent } from './in-memory-log';
import {
  appendExpected,
  batchAppendExpected,
  streamIdentifier,
  streamNameOf,
  toProposedEvent,
  uuidMessage,
  uuidToString,
} from './messages';

const invalidArgument = (error: unknown): ServerErrorResponse => ({
  name: 'InvalidArgument',
  message: error instanceof Error ? error.message : String(error),
  code: status.INVALID_ARGUMENT,
});

/** Streams.Append: options first, then one message per event, then the client half-closes. */
export const appendHandler =
  (log: InMemoryLog): handleClientStreamingCall<AppendReq, AppendResp> =>
  (call, callback) => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let failure: unknown;
    call.on('data', (request: AppendReq) => {
      try {
        if (request.hasOptions()) options = request.getOptions();
        else if (!options) throw new Error('The first append message must carry the options');
        else events.push(toProposedEvent(request.getProposedMessage()!));
      } catch (error) {
        failure ??= error;
      }
    });
    call.on('end', () => {
      if (failure !== undefined || !options) return callback(invalidArgument(failure ?? 'An append needs options'));
      const expected = appendExpected(options);
      callback(
        null,
        appendResponse(log.append(streamNameOf(options.getStreamIdentifier()), expected, events), expected),
      );
    });
  };

const appendResponse = (outcome: AppendOutcome, expected: Expected): AppendResp => {
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.currentRevision < 0n) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position) {
      const { commit, prepare } = outcome.position;
      success.setPosition(
        new AppendResp.Position().setCommitPosition(commit.toString()).setPreparePosition(prepare.toString()),
      );
    } else success.setNoPosition(new Empty());
    return new AppendResp().setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === 'noStream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'streamExists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return new AppendResp().setWrongExpectedVersion(wrong);
};

interface PendingBatch {
  readonly options: BatchAppendReq.Options;
  readonly events: ProposedEvent[];
}

/**
 * Streams.BatchAppend: one long-lived duplex stream that carries many appends, each identified by a
 * correlation id and possibly split over several messages until `is_final`.
 */
export const batchAppendHandler =
  (log: InMemoryLog): handleBidiStreamingCall<BatchAppendReq, BatchAppendResp> =>
  (call) => {
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: BatchAppendReq) => {
      try {
        const correlationId = uuidToString(request.getCorrelationId());
        const options = request.getOptions();
        const batch = pending.get(correlationId) ?? (options ? { options, events: [] } : undefined);
        if (!batch) throw new Error('The first message of a batch must carry the options');
        pending.set(correlationId, batch);
        batch.events.push(...request.getProposedMessagesList().map(toProposedEvent));
        if (!request.getIsFinal()) return;
        pending.delete(correlationId);
        const expected = batchAppendExpected(batch.options);
        const streamName = streamNameOf(batch.options.getStreamIdentifier());
        call.write(batchResponse(correlationId, streamName, expected, log.append(streamName, expected, batch.events)));
      } catch (error) {
        call.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
    call.on('end', () => call.end());
  };

const batchResponse = (
  correlationId: string,
  streamName: string,
  expected: Expected,
  outcome: AppendOutcome,
): BatchAppendResp => {
  const response = new BatchAppendResp()
    .setCorrelationId(uuidMessage(correlationId, false))
    .setStreamIdentifier(streamIdentifier(streamName));
  if (expected.kind === 'revision') response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'noStream') response.setNoStream(new GoogleEmpty());
  else if (expected.kind === 'streamExists') response.setStreamExists(new GoogleEmpty());
  else response.setAny(new GoogleEmpty());
  if (outcome.kind === 'success') {
    const success = new BatchAppendResp.Success();
    if (outcome.currentRevision < 0n) success.setNoStream(new GoogleEmpty());
    else success.setCurrentRevision(outcome.currentRevision.toString());
    if (outcome.position) {
      const { commit, prepare } = outcome.position;
      success.setPosition(
        new AllStreamPosition().setCommitPosition(commit.toString()).setPreparePosition(prepare.toString()),
      );
    } else success.setNoPosition(new GoogleEmpty());
    return response.setSuccess(success);
  }
  // Errors travel as google.rpc.Status whose details pack the typed error, as the real server sends them.
  const wrong = new WrongExpectedVersion();
  if (outcome.currentRevision < 0n) wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(outcome.currentRevision.toString());
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === 'noStream') wrong.setExpectedNoStream(new GoogleEmpty());
  else if (expected.kind === 'streamExists') wrong.setExpectedStreamExists(new GoogleEmpty());
  else wrong.setExpectedAny(new GoogleEmpty());
  const details = new Any();
  details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return response.setError(
    new Status().setCode(Code.FAILED_PRECONDITION).setMessage('WrongExpectedVersion').setDetails(details),
  );
};
