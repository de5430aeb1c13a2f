import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@registry/event-store';

export interface TestDatabase {
  readonly url: string;
  /** A fresh schema for this test file alone; dropped on close. */
  readonly schema: string;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * The server in DATABASE_URL when set (CI), otherwise an in-memory PGlite. Either way each caller works in
 * its own schema, so test files can share one server and run in parallel.
 */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    await runStatement(serverUrl, `CREATE SCHEMA "${schema}"`);
    return {
      url: serverUrl,
      schema,
      kind: 'postgres',
      close: () => runStatement(serverUrl, `DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
    };
  }
  const embedded = await startEmbeddedPostgres();
  await runStatement(embedded.url, `CREATE SCHEMA "${schema}"`);
  return { url: embedded.url, schema, kind: 'pglite', close: () => embedded.stop() };
};

const runStatement = async (url: string, statement: string): Promise<void> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};
