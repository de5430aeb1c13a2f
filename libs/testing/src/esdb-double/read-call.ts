import type { status, ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';

export type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

/** Ends the call with a status, as the server does for requests it cannot serve. */
export const fail = (call: ReadCall, code: status, details: string): void => {
  call.emit('error', { code, details });
};
