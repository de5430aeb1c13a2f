import type { EntityManager } from 'typeorm';
import type { SealRecord } from './latest-seal-record';

/**
 * The database does not hold the notary's latest seal as recorded outside it: its checkpoint was reset and its
 * seals deleted, or an older backup was restored, or the log was rewritten. The notary signs nothing then (ADR 0029).
 */
export class LatestSealNotInDatabase extends Error {
  constructor(
    readonly location: string,
    readonly difference: string,
  ) {
    super(
      `the notary refuses to notarise: the database does not hold its latest seal as recorded in ${location}: ` +
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

/** The database's latest seal; undefined before the first. */
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
