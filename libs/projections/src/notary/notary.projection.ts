import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projector/projection';
import { canonicalEvent, GENESIS_HEAD, nextHead, sha256 } from './canonical-event';
import { sealMessage, type NotaryKey } from './notary-key';
import { insertColumns } from '../projector/bulk-insert';

/** The notary seals at least this often; `verifyLog` takes a longer stretch without a seal for a deleted one. */
export const SEAL_EVERY_EVENTS = 1000;

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
    { sealEveryEvents = SEAL_EVERY_EVENTS, sealEveryMs = 60_000, now = () => new Date() }: NotaryOptions = {},
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
    const rows: Record<string, unknown>[] = [];
    const seals: Seal[] = [];
    const now = this.now();
    for (const [index, event] of events.entries()) {
      sequence += 1n;
      const eventHash = sha256(canonicalEvent(event));
      head = nextHead(head, eventHash);
      rows.push({ sequence: sequence.toString(), global_position: event.globalPosition.toString(), event_id: event.metadata.eventId, event_hash: eventHash, chain_head: head });
      const isCountDue = sequence - sealedThrough >= BigInt(this.sealEveryEvents);
      const isTimeDue = index === events.length - 1 && now.getTime() - lastSealedAt >= this.sealEveryMs;
      if (isCountDue || isTimeDue) {
        seals.push({ sequence: sequence.toString(), globalPosition: event.globalPosition.toString(), chainHead: head, sealedAt: now.toISOString() });
        sealedThrough = sequence;
      }
    }
    await insertColumns(manager, 'notary_chain', ['sequence', 'global_position', 'event_id', 'event_hash', 'chain_head'], rows);
    await insertColumns(
      manager,
      'notary_seal',
      ['sequence', 'global_position', 'chain_head', 'sealed_at', 'signature'],
      seals.map((seal) => ({
        sequence: seal.sequence,
        global_position: seal.globalPosition,
        chain_head: seal.chainHead,
        sealed_at: seal.sealedAt,
        signature: this.key.sign(sealMessage(seal)),
      })),
    );
  }
}

interface Seal {
  readonly sequence: string;
  readonly globalPosition: string;
  readonly chainHead: string;
  readonly sealedAt: string;
}
