import { Client } from 'pg';
import { createTestDatabase, describeEventStoreContract, type HeldTransaction } from '@registry/testing';
import type { NewEvent } from '../event-store';
import { PostgresEventStore } from './postgres-event-store';

// PGlite when DATABASE_URL is unset, else the server; each run in a schema of its own.
describeEventStoreContract('PostgreSQL', async () => {
  const database = await createTestDatabase();
  const store = await PostgresEventStore.connect(database.url, { schema: database.schema, max: 4, pollIntervalMs: 25 });

  const holdOpenTransaction = async (streamName: string, event: NewEvent): Promise<HeldTransaction> => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "${database.schema}".events (stream_name, stream_revision, event_id, type, data, metadata)
       VALUES ($1, 0, $2, $3, $4, $5)`,
      [streamName, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata)],
    );
    return {
      commit: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  };

  return {
    store,
    holdOpenTransaction,
    cleanup: async () => {
      await store.close();
      await database.close();
    },
  };
});
