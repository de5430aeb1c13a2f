import type { EntityManager } from 'typeorm';

/**
 * Makes a record projection idempotent: moves the row's revision to the event's stream revision and answers
 * whether the event is new for that row. A redelivered (or unknown-record) event then changes nothing.
 */
export const advanceRevision = async (manager: EntityManager, table: string, key: string, id: string, revision: number, updatedAt: string): Promise<boolean> => {
  const rows = await manager.query<unknown[]>(
    `UPDATE ${table} SET revision = $2, updated_at = $3 WHERE ${key} = $1 AND revision < $2 RETURNING 1`,
    [id, revision, updatedAt],
  );
  // TypeORM answers UPDATE … RETURNING as [rows, affectedCount].
  const [returned] = rows as [unknown[] | undefined];
  return Array.isArray(returned) ? returned.length > 0 : rows.length > 0;
};
