import type { EntityManager } from 'typeorm';

/**
 * Versioned rows: a change never updates a fact in place. It closes the current version at the statistics
 * sequence number of the event that changed it and opens a new one, so every earlier state stays queryable.
 */
export type Row = Record<string, unknown>;

const rowsOf = (result: unknown): Row[] => {
  // TypeORM answers UPDATE … RETURNING as [rows, affectedCount], SELECT as rows.
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as Row[];
  return result as Row[];
};

const whereOf = (key: Row, offset: number) =>
  Object.keys(key)
    .map((column, index) => `${column} = $${offset + index + 1}`)
    .join(' AND ');

export const openVersion = async (manager: EntityManager, table: string, row: Row, seq: bigint): Promise<void> => {
  const values = { ...row, valid_from: seq.toString(), valid_to: null };
  const columns = Object.keys(values);
  await manager.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, index) => `$${index + 1}`).join(', ')})`,
    Object.values(values),
  );
};

/** Closes the current versions matching `key` and opens copies with `changes`; answers how many changed. */
export const reviseVersions = async (manager: EntityManager, table: string, key: Row, changes: Row, seq: bigint): Promise<number> => {
  const closed = rowsOf(
    await manager.query(`UPDATE ${table} SET valid_to = $1 WHERE ${whereOf(key, 1)} AND valid_to IS NULL RETURNING *`, [seq.toString(), ...Object.values(key)]),
  );
  for (const current of closed) {
    const { valid_from: _from, valid_to: _to, ...facts } = current;
    await openVersion(manager, table, { ...facts, ...changes }, seq);
  }
  return closed.length;
};

/** The current version matching `key`, if any. */
export const currentVersion = async (manager: EntityManager, table: string, key: Row): Promise<Row | undefined> => {
  const [row] = await manager.query<Row[]>(`SELECT * FROM ${table} WHERE ${whereOf(key, 0)} AND valid_to IS NULL LIMIT 1`, Object.values(key));
  return row;
};
