import type { EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { quoteIdent } from './quote-ident';

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

/** The names of the projection's indexes a rebuild dropped and nothing has built again yet. */
export const deferredIndexesOf = async (manager: EntityManager, projection: Projection): Promise<string[]> => {
  const rows = await manager.query<{ index_name: string }[]>(
    `SELECT index_name FROM projection_deferred_index WHERE projection = $1 ORDER BY index_name`,
    [projection.name],
  );
  return rows.map((row) => row.index_name);
};

/** Builds one deferred index from its stored definition; false when another process built it meanwhile. */
export const buildDeferredIndex = async (
  manager: EntityManager,
  projection: Projection,
  name: string,
): Promise<boolean> => {
  const [deferred] = await manager.query<{ definition: string }[]>(
    `WITH built AS (DELETE FROM projection_deferred_index WHERE projection = $1 AND index_name = $2 RETURNING definition)
     SELECT definition FROM built`,
    [projection.name, name],
  );
  if (!deferred) return false;
  // IF NOT EXISTS: a version switch may have put tables with every index in place since (ADR 0003).
  await manager.query(deferred.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
  return true;
};
