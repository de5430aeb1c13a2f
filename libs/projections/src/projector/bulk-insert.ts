// How projections write many rows at once: the statistics batches and the notary's chain.
import type { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

const COLUMN_TYPES = new Map<string, Promise<Map<string, string>>>();

/** A table's column types, looked up once (through the search path, so a shadow schema's table has the same). */
const columnTypes = (manager: EntityManager, table: string): Promise<Map<string, string>> => {
  let types = COLUMN_TYPES.get(table);
  if (!types) {
    types = manager
      .query<{ name: string; type: string }[]>(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
        [table],
      )
      .then((rows) => new Map(rows.map(({ name, type }) => [name, type])));
    types.catch(() => COLUMN_TYPES.delete(table));
    COLUMN_TYPES.set(table, types);
  }
  return types;
};

/**
 * Many rows as one INSERT … SELECT FROM unnest(…): one array parameter per column, which PostgreSQL parses far
 * faster than a VALUES list of thousands of parameters. Tables with array columns (unnest would flatten them)
 * take the VALUES form.
 */
export const insertColumns = async (manager: EntityManager, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> => {
  if (rows.length === 0) return;
  const types = await columnTypes(manager, table);
  const typed = columns.map((column) => types.get(column));
  if (typed.some((type) => type === undefined || type.endsWith('[]'))) {
    return insertRows(manager, table, columns, rows.map((row) => columns.map((column) => row[column])));
  }
  await manager.query(
    `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${typed.map((type, index) => `$${index + 1}::${type}[]`).join(', ')})`,
    columns.map((column) => rows.map((row) => row[column])),
  );
};

/** Multi-row INSERTs, in chunks that stay below PostgreSQL's 65535 parameters. */
export const insertRows = async (manager: EntityManager, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> => {
  const perStatement = Math.max(1, Math.min(1000, Math.floor(65_535 / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, row) => `(${columns.map((_column, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
  }
};
