import { Metadata, status, type ServerErrorResponse, type UntypedHandleCall } from '@grpc/grpc-js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/**
 * Makes the double answer like a follower asked for something only the leader does: status NOT_FOUND with
 * the leader's address in the trailers (`exception: not-leader`). The client then reconnects to that
 * address, which here is the double itself, so a retrying caller succeeds on its next attempt.
 */
export class NotLeaderAnswers {
  private remaining = 0;

  constructor(private readonly leader: () => Endpoint) {}

  answerNext(calls: number): void {
    this.remaining += calls;
  }

  /** The handler, except that each pending NotLeader answer replaces one call. */
  guard(handler: UntypedHandleCall): UntypedHandleCall {
    const guarded = (
      call: { emit(event: 'error', error: ServerErrorResponse): void },
      callback?: (error: ServerErrorResponse) => void,
    ) => {
      if (this.remaining <= 0) return (handler as (...args: unknown[]) => void)(call, callback);
      this.remaining--;
      const error = this.error();
      if (callback) callback(error);
      else call.emit('error', error);
    };
    return guarded as UntypedHandleCall;
  }

  private error(): ServerErrorResponse {
    const { host, port } = this.leader();
    const metadata = new Metadata();
    metadata.set('exception', 'not-leader');
    metadata.set('leader-endpoint-host', host);
    metadata.set('leader-endpoint-port', String(port));
    return {
      name: 'NotLeader',
      message: 'Leader info available',
      code: status.NOT_FOUND,
      details: 'Leader info available',
      metadata,
    };
  }
}
