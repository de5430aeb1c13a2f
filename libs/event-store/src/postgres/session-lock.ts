import type { Pool } from 'pg';

/**
 * Runs `work` while a connection of its own from `pool` holds the session advisory lock `key`, so that one
 * process at a time does it (ADR 0019). `work` uses other connections; the holder only holds. A pool of one
 * connection (embedded PGlite, which admits one process anyway) has none to spare: see `hasConnectionToSpare`.
 */
export const underSessionLock = async <T>(pool: Pool, key: string, work: () => Promise<T>): Promise<T> => {
  const holder = await pool.connect();
  try {
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
  } catch (error) {
    holder.release(true);
    throw error;
  }
  try {
    return await work();
  } finally {
    // A session that cannot unlock (its connection broke) is ended instead, which releases the lock as well.
    await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).then(
      () => holder.release(),
      () => holder.release(true),
    );
  }
};

/** Whether `pool` can lend a connection to hold a lock while the work uses another. */
export const hasConnectionToSpare = (pool: Pool): boolean => (pool.options.max ?? 10) > 1;
