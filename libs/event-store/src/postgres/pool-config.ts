import type { PoolConfig } from 'pg';

export interface PostgresConnectOptions {
  readonly schema?: string;
  readonly pollIntervalMs?: number;
  /** Pool size (pg default 10). */
  readonly max?: number;
  /**
   * A session idle inside a transaction holds back every gap-safe reader (stack-notes), so the server ends it
   * after this long. 0 leaves the server's setting. Default 60 s. Sent as a startup parameter, which
   * PGlite's socket ignores; never SET it on PGlite: when it fires there, the single backend hangs.
   */
  readonly idleInTransactionSessionTimeoutMs?: number;
  /** Create the schema and table if missing (default true). */
  readonly migrate?: boolean;
}

/** pg settings for a pool the event store can rely on; use them when you create the pool yourself. */
export const postgresPoolConfig = (
  url: string,
  { max, idleInTransactionSessionTimeoutMs = 60_000 }: Pick<PostgresConnectOptions, 'max' | 'idleInTransactionSessionTimeoutMs'> = {},
): PoolConfig => ({
  connectionString: url,
  ...(max === undefined ? {} : { max }),
  ...(idleInTransactionSessionTimeoutMs > 0 ? { idle_in_transaction_session_timeout: idleInTransactionSessionTimeoutMs } : {}),
});
