import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projector/projection';
import { canonicalEvent, GENESIS_HEAD, nextHead, sha256 } from './canonical-event';
import { sealMessage, type NotaryKey } from './notary-key';

export interface NotaryOptions {
  /** Seal after this many events since the last seal… */
  readonly sealEveryEvents?: number;
  /** …or when the last seal is older than this and events arrived since. */
  readonly sealEveryMs?: number;
  readonly now?: () => Date;
}

/**
 * Hashes the whole log, in log order, into a chain (one row per event) and periodically seals the chain head
 * with the notary's Ed25519 signature. `verifyLog` recomputes both: an edited, deleted or reordered event
 * breaks the chain at its position, and a rewritten chain breaks the signatures.
 */
export class NotaryProjection implements Projection {
  readonly name = 'notary';
  readonly filter = {};
  readonly tables = ['notary_chain', 'notary_seal'];
  /** The chain and seals attest what the log said when it was notarised: rebuilding them would launder an edit. */
  readonly isDisposable = false;
  private readonly sealEveryEvents: number;
  private readonly sealEveryMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly key: NotaryKey,
    { sealEveryEvents = 1000, sealEveryMs = 60_000, now = () => new Date() }: NotaryOptions = {},
  ) {
    this.sealEveryEvents = sealEveryEvents;
    this.sealEveryMs = sealEveryMs;
    this.now = now;
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const [last] = await manager.query<{ sequence: string; chain_head: string }[]>(
      `SELECT sequence, chain_head FROM notary_chain ORDER BY sequence DESC LIMIT 1`,
    );
    const [lastSeal] = await manager.query<{ sequence: string; sealed_at: Date }[]>(
      `SELECT sequence, sealed_at FROM notary_seal ORDER BY sequence DESC LIMIT 1`,
    );
    let sealedThrough = BigInt(lastSeal?.sequence ?? 0);
    const lastSealedAt = lastSeal ? new Date(lastSeal.sealed_at).getTime() : Number.NEGATIVE_INFINITY;
    let sequence = BigInt(last?.sequence ?? 0);
    let head = last?.chain_head ?? GENESIS_HEAD;
    const rows: unknown[][] = [];
    const seals: Seal[] = [];
    const now = this.now();
    for (const [index, event] of events.entries()) {
      sequence += 1n;
      const eventHash = sha256(canonicalEvent(event));
      head = nextHead(head, eventHash);
      rows.push([sequence.toString(), event.globalPosition.toString(), event.metadata.eventId, eventHash, head]);
      const isCountDue = sequence - sealedThrough >= BigInt(this.sealEveryEvents);
      const isTimeDue = index === events.length - 1 && now.getTime() - lastSealedAt >= this.sealEveryMs;
      if (isCountDue || isTimeDue) {
        seals.push({ sequence: sequence.toString(), globalPosition: event.globalPosition.toString(), chainHead: head, sealedAt: now.toISOString() });
        sealedThrough = sequence;
      }
    }
    await insertColumns(manager, 'notary_chain', CHAIN_COLUMNS, rows);
    await insertColumns(
      manager,
      'notary_seal',
      SEAL_COLUMNS,
      seals.map((seal) => [seal.sequence, seal.globalPosition, seal.chainHead, seal.sealedAt, this.key.sign(sealMessage(seal))]),
    );
  }
}

const CHAIN_COLUMNS = [
  ['sequence', 'bigint'],
  ['global_position', 'bigint'],
  ['event_id', 'uuid'],
  ['event_hash', 'text'],
  ['chain_head', 'text'],
] as const;
const SEAL_COLUMNS = [
  ['sequence', 'bigint'],
  ['global_position', 'bigint'],
  ['chain_head', 'text'],
  ['sealed_at', 'timestamptz'],
  ['signature', 'text'],
] as const;

interface Seal {
  readonly sequence: string;
  readonly globalPosition: string;
  readonly chainHead: string;
  readonly sealedAt: string;
}

/** One INSERT for any number of rows: each column goes as one array parameter (unnest). */
const insertColumns = async (
  manager: EntityManager,
  table: string,
  columns: readonly (readonly [name: string, type: string])[],
  rows: readonly unknown[][],
): Promise<void> => {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')})
     SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`,
    columns.map((_, column) => rows.map((row) => row[column])),
  );
};
