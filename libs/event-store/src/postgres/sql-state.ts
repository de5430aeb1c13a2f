/** What PostgreSQL said about a failed statement: its SQLSTATE, and the constraint it broke, if any. */
interface DatabaseErrorFields {
  readonly code?: unknown;
  readonly constraint?: unknown;
}

const fieldsOf = (error: unknown): DatabaseErrorFields => (typeof error === 'object' && error !== null ? error : {});

/** SQLSTATE 23505: a unique index refused the statement (of `constraint`, when named). */
export const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  const { code, constraint: broken } = fieldsOf(error);
  return code === '23505' && (constraint === undefined || broken === constraint);
};

/** SQLSTATE class 23: the statement broke a constraint, and the connection is as it was. */
export const isIntegrityViolation = (error: unknown): boolean => {
  const { code } = fieldsOf(error);
  return typeof code === 'string' && code.startsWith('23');
};

/** Node's socket errors: the server named in the connection string cannot be reached at all. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/**
 * The connection itself failed: the server cannot be reached, or it turned the login away (SQLSTATE class 28, the
 * role or its password; 3D000, no such database). Not a fault of any statement.
 */
export const isConnectionRefused = (error: unknown): boolean => {
  const { code } = fieldsOf(error);
  return typeof code === 'string' && (UNREACHABLE.has(code) || code.startsWith('28') || code === '3D000');
};
