import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  isCommandError,
  type WrongExpectedVersionError,
} from '@eventstore/db-client';
import { WrongExpectedRevision } from '../errors';
import type { ExpectedRevision } from '../event-store';
import { describeExpected } from './expected-revision';

/** The client's WrongExpectedVersionError in the port's terms; a missing stream is revision -1. */
export const toWrongExpectedRevision = (
  error: WrongExpectedVersionError,
  streamName: string,
  expected: ExpectedRevision,
): WrongExpectedRevision =>
  new WrongExpectedRevision(
    streamName,
    describeExpected(expected),
    error.actualVersion === 'no_stream' ? -1 : Number(error.actualVersion),
  );

/**
 * Failures after which a second attempt can succeed. On Unavailable/Cancelled the client has already
 * dropped its channel, and on NotLeader it has switched to the leader the server named, so the next call
 * reconnects. Timeout is the server's ABORTED: a commit that timed out, or a live subscription dropped
 * because its consumer fell behind ("client resubscription required"). Repeating an append is safe: the server answers a repeat of the same event ids at the same
 * expected revision with the original result instead of writing twice.
 */
export const isTransient = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof NotLeaderError ||
  error instanceof CancelledError ||
  error instanceof DeadlineExceededError ||
  error instanceof TimeoutError;

const GRPC_INVALID_ARGUMENT = 3;

/** The server rejects reads from a position that is not the start of a record. */
export const isInvalidPosition = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && (error.code as number | undefined) === GRPC_INVALID_ARGUMENT;

/** Raised when EventStoreDB stays unreachable (or leaderless) through every retry. */
export class EventStoreUnavailable extends Error {
  constructor(operation: string, attempts: number, cause: unknown) {
    const reason =
      cause instanceof NotLeaderError
        ? 'no leader accepted the request'
        : cause instanceof Error
          ? cause.message
          : String(cause);
    super(`EventStoreDB ${operation} failed after ${attempts} attempts: ${reason}`, { cause });
    this.name = 'EventStoreUnavailable';
  }
}

export interface RetryOptions {
  readonly attempts?: number;
  readonly initialDelayMs?: number;
}

export const withRetry = async <T>(
  operation: string,
  run: () => Promise<T>,
  { attempts = 5, initialDelayMs = 25 }: RetryOptions = {},
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= attempts) throw new EventStoreUnavailable(operation, attempt, error);
      await new Promise((resolve) => setTimeout(resolve, initialDelayMs * 2 ** (attempt - 1)));
    }
  }
};
