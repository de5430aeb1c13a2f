import { Client, Pool } from 'pg';
import { createTestDatabase, eventually } from '@registry/testing';
import { surviveSocketErrors } from './socket-errors';

const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('a pooled connection that dies while checked out', () => {
  it('fails the statements on it and leaves the process and the pool running', async () => {
    const database = await createTestDatabase();
    const pool = surviveSocketErrors(new Pool({ connectionString: database.url, max: 2 }));
    pool.on('error', () => undefined);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      // With no statement in flight, the server's goodbye reaches the client as an 'error' event: without a
      // listener, the process would end here.
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await eventually(() => expect(client.query('SELECT 1')).rejects.toThrow());
      client.release(true); // as the adapter gives back a connection whose statement failed: to be dropped

      const { rows: after } = await pool.query<{ one: number }>('SELECT 1 AS one');
      expect(after).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await pool.end();
      await database.close();
    }
  }, 30_000);
});
