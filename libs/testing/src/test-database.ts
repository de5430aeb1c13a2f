import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@registry/event-store';

export interface TestDatabase {
  readonly url: string;
  /**
   * A schema for this test file alone: a fresh one on a server, 'public' on PGlite. On a server, close drops it and
   * the schemas named after it (`<schema>_…`: shadow schemas of rebuilds and version switches that a failed test
   * left behind).
   */
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
      close: () => runStatement(serverUrl, dropSchemaAndShadows(schema)),
    };
  }
  // A fresh in-memory instance is already private to the caller. Its socket shares one backend session
  // between connections and ignores connection-time options, so search_path cannot select another schema.
  const embedded = await startEmbeddedPostgres();
  return { url: embedded.url, schema: 'public', kind: 'pglite', close: () => embedded.stop() };
};

const dropSchemaAndShadows = (schema: string): string => `
  DO $$
  DECLARE name text;
  BEGIN
    FOR name IN SELECT nspname FROM pg_namespace WHERE nspname = '${schema}' OR starts_with(nspname, '${schema}_') LOOP
      EXECUTE format('DROP SCHEMA %I CASCADE', name);
    END LOOP;
  END $$`;

const runStatement = async (url: string, statement: string): Promise<void> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};
