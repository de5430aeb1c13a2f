// How projections write many rows at once: the statistics batches, new report details and the notary's chain.
import { CopyChunks, CopyIn, copyField } from '@registry/event-store';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

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
 * take the VALUES form. Many rows in a transaction on a server go by COPY, faster still.
 */
export const insertColumns = async (manager: EntityManager, table: string, columns: readonly string[], rows: readonly Row[]): Promise<void> => {
  if (rows.length === 0) return;
  const types = await columnTypes(manager, table);
  const typed = columns.map((column) => types.get(column));
  if (typed.some((type) => type === undefined || type.endsWith('[]'))) {
    return insertRows(manager, table, columns, rows.map((row) => columns.map((column) => row[column])));
  }
  if (rows.length >= COPY_FROM_ROWS && manager.queryRunner && !(await isPglite(manager))) {
    return copyRows(manager, table, columns, rows);
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

/**
 * From this many rows on, a server gets them by COPY. Measured on 100,000 report_detail rows: 1.84 s of the server's
 * time as `unnest` of column arrays or as `jsonb_to_recordset` of one JSON array (parsing the parameters is most of
 * it), 0.90 s by COPY. Below it, one statement is as quick and keeps small live batches as they were.
 */
const COPY_FROM_ROWS = 100;

/** Whether a data source is embedded PGlite (no COPY sub-protocol on its socket), asked once for each. */
const PGLITE = new WeakMap<object, Promise<boolean>>();

/**
 * Asked in the caller's transaction: on PGlite, that holds the one connection there is, which the event store's
 * `ServerTraits` (asking its pool) would wait for.
 */
const isPglite = (manager: EntityManager): Promise<boolean> => {
  let answer = PGLITE.get(manager.connection);
  if (!answer) {
    answer = manager
      .query<{ version: string }[]>('SELECT version()')
      .then(([row]) => /PGlite/i.test(row?.version ?? ''));
    PGLITE.set(manager.connection, answer);
  }
  return answer;
};

/** `COPY … FROM STDIN` on the transaction's own connection (a manager from `dataSource.transaction`). */
const copyRows = async (manager: EntityManager, table: string, columns: readonly string[], rows: readonly Row[]) => {
  const client = (await (manager.queryRunner as PostgresQueryRunner).connect()) as PoolClient;
  await client.query(new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, copyData(columns, rows))).done;
};

/** The rows in COPY's text format, each value as PostgreSQL's input function for its column reads it. */
export const copyData = (columns: readonly string[], rows: readonly Row[]): Buffer[] => {
  const text = new CopyChunks();
  for (const row of rows) {
    let line = '';
    for (let index = 0; index < columns.length; index++) {
      line += (index > 0 ? '\t' : '') + copyValue(row[columns[index]!]);
    }
    text.add(line + '\n');
  }
  return text.finish();
};

/** As pg would send the value as a parameter: objects as JSON (the jsonb columns), Buffers as bytea's hex. */
const copyValue = (value: unknown): string => {
  // Most values are strings (uuids, codes, instants, bigints as pg returns them): asked first.
  if (typeof value === 'string') return copyField(value);
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (typeof value === 'object') return copyField(JSON.stringify(value));
  throw new TypeError(`a ${typeof value} is not a value of a read-model column`);
};
