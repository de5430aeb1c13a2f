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

export const openVersion = (manager: EntityManager, table: string, row: Row, seq: bigint): Promise<void> =>
  insertRow(manager, table, { ...row, valid_from: seq.toString(), valid_to: null });

/** Inserts a row, or holds it back for one multi-row INSERT when `manager` comes from `withHeldInserts`. */
export const insertRow = async (manager: EntityManager, table: string, row: Row): Promise<void> => {
  const held = HELD.get(manager);
  if (held) return held.add(table, row);
  await insertRows(manager, table, Object.keys(row), [Object.values(row)]);
};

const HELD = new WeakMap<EntityManager, HeldInserts>();

/**
 * A batch's manager whose inserts wait until the next other statement of the batch (`query` sends them first)
 * or `flush()`, then go as one multi-row INSERT per table: a batch of new reports costs a few statements
 * instead of two per report. Every read still sees every earlier write, so the rows are the same.
 */
export const withHeldInserts = (manager: EntityManager): { readonly manager: EntityManager; flush(): Promise<void> } => {
  const held = new HeldInserts(manager);
  const holding = new Proxy(manager, {
    get: (target, property, receiver) =>
      property === 'query'
        ? async (query: string, parameters?: unknown[]): Promise<unknown> => {
            await held.flush();
            return (await target.query(query, parameters)) as unknown;
          }
        : (Reflect.get(target, property, receiver) as unknown),
  });
  HELD.set(holding, held);
  return { manager: holding, flush: () => held.flush() };
};

class HeldInserts {
  /** Per table, runs of rows with the same columns, in the order they were added. */
  private readonly tables = new Map<string, { readonly columns: string[]; readonly rows: unknown[][] }[]>();

  constructor(private readonly manager: EntityManager) {}

  add(table: string, row: Row): void {
    const columns = Object.keys(row);
    const runs = this.tables.get(table) ?? [];
    this.tables.set(table, runs);
    const last = runs.at(-1);
    if (last && last.columns.length === columns.length && last.columns.every((column, index) => column === columns[index])) last.rows.push(Object.values(row));
    else runs.push({ columns, rows: [Object.values(row)] });
  }

  async flush(): Promise<void> {
    if (this.tables.size === 0) return;
    const tables = [...this.tables];
    this.tables.clear();
    for (const [table, runs] of tables) for (const { columns, rows } of runs) await insertRows(this.manager, table, columns, rows);
  }
}

/** Multi-row INSERTs, in chunks that stay below PostgreSQL's 65535 parameters. */
const insertRows = async (manager: EntityManager, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> => {
  const perStatement = Math.max(1, Math.min(1000, Math.floor(65_535 / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, row) => `(${columns.map((_column, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
  }
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
