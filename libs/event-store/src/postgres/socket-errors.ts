import type { Pool, PoolClient } from 'pg';

/**
 * Keeps a dead connection from ending the process. When a connection's socket fails (the server restarted, a
 * backend was terminated), pg fails the statements in flight and then emits 'error' on the client. pg-pool listens
 * for it only while the connection is idle in the pool: one checked out at that moment (a transaction waiting for
 * the batch before it, a lock holder, TypeORM's query runner) emits it with nobody listening, and Node ends the
 * process on an unhandled 'error' (found by terminating the backends under an import). The failure still reaches
 * the caller through its statement, and the pool drops the connection when it comes back.
 */
export const surviveSocketErrors = (pool: Pool): Pool => {
  pool.on('connect', (client: PoolClient) => client.on('error', ignoreHere));
  return pool;
};

const ignoreHere = (): void => undefined;
