import type { EntityManager } from 'typeorm';
import { ProjectionRefusal } from '../projector/projection';
import type { SealRecord } from './latest-seal-record';

/** The notary signs nothing on this database, and says why in one line an operator can act on (ADR 0029). */
export class NotaryRefusal extends ProjectionRefusal {
  constructor(reason: string) {
    super(`the notary refuses to notarise: ${reason}`);
    this.name = 'NotaryRefusal';
  }
}

/**
 * The database does not hold the notary's latest seal as recorded outside it: its checkpoint was reset and its
 * seals deleted, or an older backup was restored, or the log was rewritten. The notary signs nothing then (ADR 0029).
 */
export class LatestSealNotInDatabase extends NotaryRefusal {
  constructor(
    readonly location: string,
    readonly difference: string,
  ) {
    super(
      `the database does not hold its latest seal as recorded in ${location}: ` +
        `${difference}; ` +
        'if a backup was restored, check it with `registry verify-log` and accept it with ' +
        '`registry notary-key --accept-restore --reason …`; otherwise the log may have been rewritten (ADR 0029)',
    );
    this.name = 'LatestSealNotInDatabase';
  }
}

interface StoredSeal {
  sequence: string;
  global_position: string;
  chain_head: string;
  sealed_at: Date;
  signature: string;
}

const sealOf = (row: StoredSeal): SealRecord => ({
  sequence: row.sequence,
  globalPosition: row.global_position,
  chainHead: row.chain_head,
  sealedAt: new Date(row.sealed_at).toISOString(),
  signature: row.signature,
});

/**
 * Which database this is, for the record of its latest seal: the cluster's system identifier, which no SQL statement
 * can change and a new cluster (a new embedded directory, a cluster restored from a logical dump) does not share, and
 * the database's name. A server that does not grant `pg_control_system()` is named by the database's name alone.
 */
export const databaseIdentity = async (manager: EntityManager): Promise<string> => {
  const [row] = await manager.query<{ cluster: string | null; name: string }[]>(
    `SELECT current_database() AS name,
            CASE WHEN has_function_privilege('pg_control_system()', 'EXECUTE')
                 THEN (SELECT system_identifier::text FROM pg_control_system()) END AS cluster`,
  );
  return `${row!.cluster ?? 'cluster-not-shown'}/${row!.name}`;
};

/** The database's latest seal; undefined before the first. A record of it adds the database (`databaseIdentity`). */
export const latestStoredSeal = async (manager: EntityManager): Promise<SealRecord | undefined> => {
  const [row] = await manager.query<StoredSeal[]>(
    `SELECT sequence, global_position, chain_head, sealed_at, signature FROM notary_seal
      ORDER BY sequence DESC LIMIT 1`,
  );
  return row && sealOf(row);
};

/**
 * How the database differs from the recorded seal, as a phrase for LatestSealNotInDatabase; undefined when it holds
 * that seal and the chain up to it. The chain row is checked too: a rewrite that kept the seal's row but deleted
 * the chain before it would otherwise be chained again.
 */
export const differenceFromRecord = async (
  manager: EntityManager,
  recorded: SealRecord,
): Promise<string | undefined> => {
  const [row] = await manager.query<(StoredSeal & { chained_head: string | null })[]>(
    `SELECT s.sequence, s.global_position, s.chain_head, s.sealed_at, s.signature, c.chain_head AS chained_head
       FROM notary_seal s LEFT JOIN notary_chain c ON c.sequence = s.sequence
      WHERE s.sequence = $1`,
    [recorded.sequence],
  );
  const where = `sequence ${recorded.sequence} (position ${recorded.globalPosition})`;
  if (!row) return `no seal at ${where}`;
  const stored = sealOf(row);
  const fields = (['globalPosition', 'chainHead', 'sealedAt', 'signature'] as const).filter(
    (field) => stored[field] !== recorded[field],
  );
  if (fields.length > 0) return `the seal at ${where} differs in ${fields.join(', ')}`;
  if (row.chained_head !== recorded.chainHead) return `the seal at ${where} is there, the chain up to it is not`;
  return undefined;
};
