import { DomainError } from '@registry/domain';

/** The stream moved on since the caller read it: someone else appended first. */
export class WrongExpectedRevision extends DomainError {
  readonly code = 'STREAM.CONCURRENT_CHANGE';
  readonly kind = 'ConcurrencyConflict' as const;

  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: number,
  ) {
    super(`Stream ${streamName} was changed concurrently (expected ${expected}, actual revision ${actual})`, {
      stream: streamName,
      expected,
      actualRevision: actual,
    });
  }
}

/** An eventId reused for a different event: never an idempotent repeat. */
export class DuplicateEventId extends DomainError {
  readonly code = 'EVENT.DUPLICATE_ID';
  readonly kind = 'RuleViolated' as const;

  constructor(readonly eventId: string) {
    super(`Event id ${eventId} is already used by another event`, { eventId });
  }
}

/** An append of an AppendChain was not written: the append before it failed, or was not written in its turn. */
export class PrecedingAppendFailed extends DomainError {
  readonly code = 'STREAM.PRECEDING_APPEND_FAILED';
  readonly kind = 'ConcurrencyConflict' as const;

  constructor() {
    super('Not written: the append before it in its chain failed or was written out of turn');
  }
}
