import { Client } from 'pg';
import { DATABASE_URL, seconds } from './bench-support';

/**
 * The ceiling of any projector: every event of the table in log order, keyset pages of 1000, every column,
 * jsonb parsed by pg.
 */
export const rawOrderedRead = async (schema: string, url = DATABASE_URL): Promise<{ seconds: number; eventsPerSecond: number }> => {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const startedAt = process.hrtime.bigint();
    let after = ['0', '0'];
    let count = 0;
    for (;;) {
      const { rows } = await client.query<{ txid: string; global_position: string }>(
        `SELECT global_position, transaction_id::text AS txid, stream_name, stream_revision, type, data, metadata FROM "${schema}".events
         WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) ORDER BY transaction_id, global_position LIMIT 1000`,
        after,
      );
      count += rows.length;
      const last = rows.at(-1);
      if (!last) break;
      after = [last.txid, last.global_position];
    }
    const elapsed = seconds(startedAt);
    return { seconds: elapsed, eventsPerSecond: count / elapsed };
  } finally {
    await client.end();
  }
};
