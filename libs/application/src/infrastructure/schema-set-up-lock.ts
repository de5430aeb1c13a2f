import { underSessionLock } from '@registry/event-store';
import type { Pool } from 'pg';

/**
 * Runs `setUp` (the subject-key table, the read models' migrations) while holding a session advisory lock on
 * the schema, so that one process at a time sets it up. Processes that start together on a fresh database (an
 * API and its projector, replicas, a `registry stats` beside them) otherwise raced in `CREATE TABLE IF NOT
 * EXISTS` and TypeORM's migrations: in five rounds of three processes started at once, 8 of the 15 stopped
 * with "duplicate key value violates unique constraint pg_type_typname_nsp_index". The schema is created
 * first, under the lock: with the events in EventStoreDB nothing else creates it before the subject keys.
 *
 * A pool of one connection (embedded PGlite, one process per data directory anyway) must not be passed here.
 */
export const underSchemaSetUpLock = <T>(pool: Pool, schema: string, setUp: () => Promise<T>): Promise<T> =>
  underSessionLock(pool, `registry.schema:${schema}`, async () => {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    return setUp();
  });
