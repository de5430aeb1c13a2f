import type { Pool, PoolClient, QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { isIntegrityViolation } from './sql-state';

/**
 * Runs `work` in a transaction on a client of its own. It commits when `work` resolves and `keep` accepts the
 * result (a write that found itself incomplete rolls back instead), and rolls back when `work` throws. A failed
 * ROLLBACK means the connection is unusable: it goes back to the pool as broken, and the pool drops it.
 */
export const inTransaction = async <T>(pool: Pool, work: (client: PoolClient) => Promise<T>, keep: (result: T) => boolean = () => true): Promise<T> => {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(keep(result) ? 'COMMIT' : 'ROLLBACK');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    client.release(broken);
  }
};

/**
 * One statement on a pooled connection that stays in the pool when the database refuses the statement by an
 * integrity constraint. pg-pool's own `query` ends the connection after any error; for an append that a unique
 * index refused (an answer, not a fault: a repeat, a conflict) the pool then opened a new one, a backend to start
 * and every prepared statement to parse again.
 */
export const queryKeepingConnection = async <R extends QueryResultRow>(
  pool: Pool,
  query: QueryConfig,
): Promise<QueryResult<R>> => {
  const client = await pool.connect();
  try {
    const result = await client.query<R>(query);
    client.release();
    return result;
  } catch (error) {
    client.release(isIntegrityViolation(error) ? undefined : (error as Error));
    throw error;
  }
};
