/** A mistake the user can fix: printed as one line on stderr, exit code 1. */
export class UserError extends Error {
  readonly exitCode = 1;
}

/** Wrong flags or arguments: exit code 2, like commander's own usage errors. */
export class UsageError extends Error {
  readonly exitCode = 2;
}
