import { quoteIdent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';

/**
 * Query-only indexes deferred by a rebuild (ADR 0023). Their definitions are read from the catalogue, not
 * written twice: the migrations stay the one place an index is defined, and what is built again is exactly
 * what was dropped. Both steps run in the caller's transaction, which holds the projection's lock.
 */

/** Stores the definition of each of the projection's query indexes and drops the index. */
export const deferIndexes = async (manager: EntityManager, projection: Projection, schema: string): Promise<void> => {
  const names = projection.queryIndexes ?? [];
  if (names.length === 0) return;
  // An index a crashed rebuild already deferred is no longer in the catalogue; its stored row stays as it is.
  await manager.query(
    `INSERT INTO projection_deferred_index (projection, index_name, definition)
     SELECT $1, indexname, indexdef FROM pg_indexes WHERE schemaname = $2 AND indexname = ANY($3::text[])
     ON CONFLICT (projection, index_name) DO NOTHING`,
    [projection.name, schema, names],
  );
  for (const name of names) await manager.query(`DROP INDEX IF EXISTS ${quoteIdent(schema)}.${quoteIdent(name)}`);
};

/**
 * Builds one of the projection's deferred indexes from its stored definition and forgets it; answers its name, or
 * undefined when none is left. `onBuilding` hears the name first (building one takes seconds at national scale).
 */
export const buildNextDeferredIndex = async (
  manager: EntityManager,
  projection: Projection,
  onBuilding?: (index: string) => void,
): Promise<string | undefined> => {
  const [deferred] = await manager.query<{ index_name: string; definition: string }[]>(
    `WITH next AS (
       DELETE FROM projection_deferred_index
       WHERE (projection, index_name) IN (
         SELECT projection, index_name FROM projection_deferred_index WHERE projection = $1 ORDER BY index_name LIMIT 1)
       RETURNING index_name, definition)
     SELECT index_name, definition FROM next`,
    [projection.name],
  );
  if (!deferred) return undefined;
  onBuilding?.(deferred.index_name);
  // IF NOT EXISTS: a version switch may have put tables with every index in place since (ADR 0003).
  await manager.query(deferred.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  return deferred.index_name;
};
