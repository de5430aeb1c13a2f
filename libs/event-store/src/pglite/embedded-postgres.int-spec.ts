import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

const query = async (url: string, text: string): Promise<unknown[]> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
};

describe('embedded PostgreSQL (PGlite over a socket)', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'embedded-postgres-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('keeps its data directory across stop and start, creating it if missing', async () => {
    const dataDir = join(root, 'not', 'yet', 'there');

    const first = await startEmbeddedPostgres({ dataDir });
    try {
      await query(first.url, 'CREATE TABLE kept (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), note text)');
      await query(first.url, "INSERT INTO kept (note) VALUES ('survives a restart')");
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, 'SELECT note FROM kept')).toEqual([{ note: 'survives a restart' }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it('serves a stock pg client in memory, with pgcrypto loaded', async () => {
    const embedded = await startEmbeddedPostgres();
    try {
      expect(embedded.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      const [row] = (await query(embedded.url, 'SELECT length(gen_random_uuid()::text) AS length, digest(\'x\', \'sha256\') IS NOT NULL AS has_digest')) as {
        length: number;
        has_digest: boolean;
      }[];
      expect(row).toEqual({ length: 36, has_digest: true });
    } finally {
      await embedded.stop();
      await embedded.stop();
    }
  }, 60_000);
});
