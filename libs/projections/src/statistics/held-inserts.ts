import type { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;

const HELD = new WeakMap<EntityManager, HeldInserts>();

/**
 * New fact rows of one batch, held back and sent as one multi-row INSERT per table: a batch of new reports
 * costs a few statements instead of two per report. Any other statement of the batch sends them first (so
 * every read sees every earlier write), except reads and revisions by uuid keys (versioned-rows.ts), which
 * look at the held rows beside the table instead.
 */
export class HeldInserts {
  private readonly tables = new Map<string, Row[]>();

  /** `direct`: the batch's manager without holding, for statements that must not send the held rows. */
  constructor(readonly direct: EntityManager) {}

  add(table: string, row: Row): void {
    const rows = this.tables.get(table) ?? [];
    this.tables.set(table, rows);
    rows.push(row);
  }

  /** Held rows of `table` that are current (valid_to null) and match `key` as uuids compare (ignoring case). */
  current(table: string, key: Row): Row[] {
    const wanted = Object.entries(key).map(([column, value]) => [column, String(value).toLowerCase()] as const);
    return (this.tables.get(table) ?? []).filter(
      (row) => row.valid_to === null && wanted.every(([column, value]) => String(row[column]).toLowerCase() === value),
    );
  }

  async flush(): Promise<void> {
    if (this.tables.size === 0) return;
    const tables = [...this.tables];
    this.tables.clear();
    for (const [table, rows] of tables) {
      // Consecutive rows with the same columns share a statement.
      let start = 0;
      while (start < rows.length) {
        const columns = Object.keys(rows[start]!);
        let end = start + 1;
        while (end < rows.length && sameColumns(rows[end]!, columns)) end++;
        await insertRows(this.direct, table, columns, rows.slice(start, end).map((row) => columns.map((column) => row[column])));
        start = end;
      }
    }
  }
}

const sameColumns = (row: Row, columns: readonly string[]): boolean => {
  const keys = Object.keys(row);
  return keys.length === columns.length && keys.every((key, index) => key === columns[index]);
};

/** The held inserts of a manager from `withHeldInserts`, if it is one. */
export const heldInsertsOf = (manager: EntityManager): HeldInserts | undefined => HELD.get(manager);

/** A batch's manager whose inserts are held (see HeldInserts); `flush()` at the end of the batch. */
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

/** Multi-row INSERTs, in chunks that stay below PostgreSQL's 65535 parameters. */
export const insertRows = async (manager: EntityManager, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> => {
  const perStatement = Math.max(1, Math.min(1000, Math.floor(65_535 / columns.length)));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map((_, row) => `(${columns.map((_column, column) => `$${row * columns.length + column + 1}`).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, chunk.flat());
  }
};
