import { PostgresEventStore } from '@registry/event-store';
import type { TestDatabase } from '@registry/testing';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { openReadModels } from '../read-model-data-source';

/** The log and the read models of a test's database, connected as the registry connects them. */
export interface TestStorage {
  readonly pool: Pool;
  readonly store: PostgresEventStore;
  readonly readModels: DataSource;
  close(): Promise<void>;
}

/** On PGlite, with its one backend session, the log and the read models share one connection. */
export const openTestStorage = async (database: TestDatabase): Promise<TestStorage> => {
  const isPglite = database.kind === 'pglite';
  const pool = new Pool({ connectionString: database.url, max: isPglite ? 1 : 4 });
  await PostgresEventStore.migrate(pool, database.schema);
  const store = new PostgresEventStore({ pool, schema: database.schema });
  const readModels = await openReadModels(database.url, database.schema, isPglite ? pool : undefined);
  return {
    pool,
    store,
    readModels,
    close: async () => {
      await store.close();
      await readModels.destroy();
      await pool.end();
    },
  };
};
