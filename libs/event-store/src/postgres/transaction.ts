import type { Pool, PoolClient } from 'pg';

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
