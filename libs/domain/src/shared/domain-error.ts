/**
 * Business rule failures. Each has a stable `code` that clients can rely on and a `kind` that the HTTP
 * edge maps to a status; the domain knows nothing about HTTP.
 */
export type DomainErrorKind = 'NotFound' | 'RuleViolated' | 'ConcurrencyConflict' | 'InvalidInput' | 'Forbidden';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    /** Extra, non-personal facts for the problem document (ids, field names). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A command whose fields are individually valid but contradict each other. */
export class InvalidCommand extends DomainError {
  readonly code = 'COMMAND.INVALID';
  readonly kind = 'InvalidInput' as const;

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message, { field });
  }
}
