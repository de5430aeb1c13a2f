import type { EntityManager } from 'typeorm';
import { insertColumns } from '../projector/bulk-insert';

type Row = Record<string, unknown>;

/** Stored current rows of one table, read ahead for some key values, and the closures waiting for them. */
interface ReadAhead {
  /** column → lower-cased values whose current rows were all read. */
  readonly covered: Map<string, Set<string>>;
  readonly rows: RowIndex;
  readonly ctids: Map<Row, string>;
  readonly closures: Map<Row, string>;
}

/**
 * Rows found by the lower-cased value of a key column, each column indexed when first asked for: a batch looks
 * rows up by key once or twice per event, and a scan of all its rows each time grew with the square of its size.
 */
class RowIndex {
  private readonly rows: Row[] = [];
  private readonly byColumn = new Map<string, Map<string, Row[]>>();

  add(row: Row): void {
    this.rows.push(row);
    for (const [column, index] of this.byColumn) indexRow(index, row, column);
  }

  /** Rows whose every key column equals the key's value as uuids compare (ignoring case). */
  matching(key: Row): Row[] {
    const [first] = Object.keys(key);
    if (first === undefined) return [...this.rows];
    let index = this.byColumn.get(first);
    if (!index) {
      index = new Map();
      for (const row of this.rows) indexRow(index, row, first);
      this.byColumn.set(first, index);
    }
    return (index.get(String(key[first]).toLowerCase()) ?? []).filter((row) => matches(row, key));
  }

  get all(): readonly Row[] {
    return this.rows;
  }
}

const indexRow = (index: Map<string, Row[]>, row: Row, column: string): void => {
  const value = String(row[column]).toLowerCase();
  const rows = index.get(value);
  if (rows) rows.push(row);
  else index.set(value, [row]);
};

const HELD = new WeakMap<EntityManager, HeldWrites>();

/**
 * The writes of one statistics batch, held back and sent together: new fact rows as one multi-row INSERT per
 * table, closed versions of stored rows as one UPDATE. Reads and revisions by uuid keys (versioned-rows.ts)
 * look at the held rows and at stored rows read ahead for the batch; any other statement of the batch sends
 * everything first, so it sees every earlier write. Either way the batch writes the rows it would write one
 * statement at a time.
 */
export class HeldWrites {
  private readonly inserts = new Map<string, RowIndex>();
  private readonly readAheads = new Map<string, ReadAhead>();

  /** `direct`: the batch's manager without holding. */
  constructor(readonly direct: EntityManager) {}

  add(table: string, row: Row): void {
    let rows = this.inserts.get(table);
    if (!rows) this.inserts.set(table, (rows = new RowIndex()));
    rows.add(row);
  }

  /** Held rows of `table` that are current (valid_to null) and match `key` as uuids compare (ignoring case). */
  current(table: string, key: Row): Row[] {
    return (this.inserts.get(table)?.matching(key) ?? []).filter((row) => row.valid_to === null);
  }

  /** Reads the stored current rows of `table` whose column equals one of its values (one statement). */
  async readAhead(table: string, keys: Record<string, readonly string[]>): Promise<void> {
    const columns = Object.entries(keys).filter(([, values]) => values.length > 0);
    if (columns.length === 0) return;
    // One branch per column, each on that column's index; `valid_to IS NULL` is checked here, because while a
    // rebuild fills the table the planner's statistics would make it scan every current row for it.
    const branches = columns.map(([column], index) => `SELECT ctid::text AS ctid, * FROM ${table} WHERE ${column} = ANY($${index + 1}::uuid[])`);
    const rows = await this.direct.query<(Row & { ctid: string })[]>(branches.join(' UNION ALL '), columns.map(([, values]) => values));
    const readAhead: ReadAhead = { covered: new Map(), rows: new RowIndex(), ctids: new Map(), closures: new Map() };
    for (const [column, values] of columns) readAhead.covered.set(column, new Set(values.map((value) => value.toLowerCase())));
    const seen = new Set<string>();
    for (const { ctid, ...row } of rows) {
      if (row.valid_to !== null || seen.has(ctid)) continue;
      seen.add(ctid);
      readAhead.rows.add(row);
      readAhead.ctids.set(row, ctid);
    }
    this.readAheads.set(table, readAhead);
  }

  /** The stored current rows matching a one-column key that was read ahead; undefined when it was not. */
  stored(table: string, key: Row): Row[] | undefined {
    const readAhead = this.readAheads.get(table);
    const [entry, ...more] = Object.entries(key);
    if (!readAhead || !entry || more.length > 0 || !readAhead.covered.get(entry[0])?.has(String(entry[1]).toLowerCase())) return undefined;
    return readAhead.rows.matching(key).filter((row) => !readAhead.closures.has(row));
  }

  /** Closes a row `stored()` answered, at the flush. */
  close(table: string, row: Row, validTo: string): void {
    this.readAheads.get(table)?.closures.set(row, validTo);
  }

  async flush(): Promise<void> {
    const readAheads = [...this.readAheads];
    const inserts = [...this.inserts];
    // Once sent, the table holds rows the read-ahead does not know: later reads ask the table.
    this.readAheads.clear();
    this.inserts.clear();
    for (const [table, { ctids, closures }] of readAheads) {
      if (closures.size === 0) continue;
      await this.direct.query(`UPDATE ${table} t SET valid_to = c.valid_to FROM unnest($1::tid[], $2::bigint[]) AS c(ctid, valid_to) WHERE t.ctid = c.ctid`, [
        [...closures.keys()].map((row) => ctids.get(row)),
        [...closures.values()],
      ]);
    }
    for (const [table, index] of inserts) {
      const rows = index.all;
      // Consecutive rows with the same columns share a statement.
      for (let start = 0, end = 1; start < rows.length; start = end, end = start + 1) {
        const columns = Object.keys(rows[start]!);
        while (end < rows.length && sameColumns(rows[end]!, columns)) end++;
        await insertColumns(this.direct, table, columns, rows.slice(start, end));
      }
    }
  }
}

const matches = (row: Row, key: Row): boolean => Object.entries(key).every(([column, value]) => String(row[column]).toLowerCase() === String(value).toLowerCase());

/** Whether the row's own keys are `columns` in order; asked of every held row, so without a list of its keys. */
const sameColumns = (row: Row, columns: readonly string[]): boolean => {
  let index = 0;
  for (const key in row) if (key !== columns[index++]) return false;
  return index === columns.length;
};

/** The held writes of a manager from `withHeldWrites`, if it is one. */
export const heldWritesOf = (manager: EntityManager): HeldWrites | undefined => HELD.get(manager);

/** A batch's manager whose writes are held (see HeldWrites); `flush()` at the end of the batch. */
export const withHeldWrites = (manager: EntityManager): { readonly manager: EntityManager; readonly held: HeldWrites; flush(): Promise<void> } => {
  const held = new HeldWrites(manager);
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
  return { manager: holding, held, flush: () => held.flush() };
};
