import { quoteIdent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';

/** Rows of one table that only one side has (a changed row shows once on each side). */
export interface TableDifference {
  readonly table: string;
  /** Rows in the live table that the rebuild did not produce, and how many there are in all. */
  readonly liveOnly: { readonly count: number; readonly sample: readonly Record<string, unknown>[] };
  /** Rows the rebuild produced that the live table lacks. */
  readonly rebuiltOnly: { readonly count: number; readonly sample: readonly Record<string, unknown>[] };
}

/**
 * Compares each table of two schemas as multisets of rows (`EXCEPT ALL` over the rows as jsonb, so every
 * column type compares, json included). Answers only the tables that differ, each with a bounded sample.
 */
export const compareTables = async (
  manager: EntityManager,
  tables: readonly string[],
  live: string,
  rebuilt: string,
  sampleSize: number,
): Promise<TableDifference[]> => {
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const rowsOf = (schema: string) => `SELECT to_jsonb(t) AS row FROM ${quoteIdent(schema)}.${quoteIdent(table)} t`;
    const onlyIn = async (one: string, other: string) => {
      const rows = await manager.query<{ row: Record<string, unknown>; total: string }[]>(
        `SELECT row, count(*) OVER () AS total FROM (${rowsOf(one)} EXCEPT ALL ${rowsOf(other)}) d ORDER BY row::text LIMIT $1`,
        [sampleSize],
      );
      return { count: Number(rows[0]?.total ?? 0), sample: rows.map(({ row }) => row) };
    };
    const liveOnly = await onlyIn(live, rebuilt);
    const rebuiltOnly = await onlyIn(rebuilt, live);
    if (liveOnly.count > 0 || rebuiltOnly.count > 0) differences.push({ table, liveOnly, rebuiltOnly });
  }
  return differences;
};
