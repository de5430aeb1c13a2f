import { Logger } from '@nestjs/common';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import type { AfterCommit, Projection } from '../projector/projection';
import { canonicalEvent, GENESIS_HEAD, nextHead, sha256 } from './canonical-event';
import { sealMessage, verifySeal, type NotaryKey } from './notary-key';
import { insertColumns } from '../projector/bulk-insert';
import {
  databaseIdentity,
  differenceFromRecord,
  latestStoredSeal,
  LatestSealNotInDatabase,
  NotaryRefusal,
} from './latest-seal-check';
import {
  isRecordOfAnotherDatabase,
  LatestSealNotRecorded,
  type LatestSealRecord,
  type SealRecord,
} from './latest-seal-record';

/** The notary seals at least this often; `verifyLog` takes a longer stretch without a seal for a deleted one. */
export const SEAL_EVERY_EVENTS = 1000;

export interface NotaryOptions {
  /** Seal after this many events since the last seal… */
  readonly sealEveryEvents?: number;
  /** …or when the last seal is older than this and events arrived since. */
  readonly sealEveryMs?: number;
  readonly now?: () => Date;
  /**
   * Where the latest seal is kept outside the database, to be checked before each batch (ADR 0029). Unset: neither
   * kept nor checked, for a notary that tests build and run on one database after another.
   */
  readonly latestSeal?: LatestSealRecord;
}

/**
 * Hashes the whole log, in log order, into a chain (one row per event) and periodically seals the chain head
 * with the notary's Ed25519 signature. `verifyLog` recomputes both: an edited, deleted or reordered event
 * breaks the chain at its position, and a rewritten chain breaks the signatures. Before each batch it checks that
 * the database still holds its latest seal as recorded outside it, and refuses to chain or sign anything when not:
 * a log rewritten together with its chain and seals would otherwise be signed again with the real key (ADR 0029).
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
  private readonly latestSeal: LatestSealRecord | undefined;
  private readonly logger = new Logger('Notary');
  /** The latest seal as recorded outside the database, once read; `seal` undefined: none recorded yet. */
  private recorded?: { readonly seal: SealRecord | undefined };
  /** `databaseIdentity`, asked once: what the record names its database by. */
  private database?: string;
  /** A seal committed that the data directory could not take (`LatestSealNotRecorded`): recorded after each batch. */
  private unrecorded?: SealRecord;

  constructor(
    private readonly key: NotaryKey,
    {
      sealEveryEvents = SEAL_EVERY_EVENTS,
      sealEveryMs = 60_000,
      now = () => new Date(),
      latestSeal,
    }: NotaryOptions = {},
  ) {
    this.sealEveryEvents = sealEveryEvents;
    this.sealEveryMs = sealEveryMs;
    this.now = now;
    this.latestSeal = latestSeal;
  }

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<AfterCommit | undefined> {
    await this.checkRecordedSeal(manager);
    const [last] = await manager.query<{ sequence: string; chain_head: string; event_id: string }[]>(
      `SELECT sequence, chain_head, event_id FROM notary_chain ORDER BY sequence DESC LIMIT 1`,
    );
    // A checkpoint moved back behind the chain would chain events a second time, and sign that chain.
    const chainedAgain = last && events.find((event) => event.metadata.eventId === last.event_id);
    if (chainedAgain) {
      throw new NotaryRefusal(
        `its checkpoint is behind its chain (the event at position ` +
          `${chainedAgain.globalPosition} is chained already, at sequence ${last.sequence}); nothing was chained`,
      );
    }
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
    const signed = seals.map((seal) => ({ ...seal, signature: this.key.sign(sealMessage(seal)) }));
    await insertColumns(
      manager,
      'notary_seal',
      ['sequence', 'global_position', 'chain_head', 'sealed_at', 'signature'],
      signed.map((seal) => ({
        sequence: seal.sequence,
        global_position: seal.globalPosition,
        chain_head: seal.chainHead,
        sealed_at: seal.sealedAt,
        signature: seal.signature,
      })),
    );
    // Until the seal it could not record is recorded, each batch tries again and the notary stays held (ADR 0029).
    const latest = signed.at(-1) ?? this.unrecorded;
    if (!latest || !this.latestSeal) return undefined;
    // Recorded once the seal has committed: a record ahead of the database would refuse the next start.
    return () => this.record(latest);
  }

  /** Throws LatestSealNotInDatabase unless the database holds the recorded seal and the chain up to it. */
  private async checkRecordedSeal(manager: EntityManager): Promise<void> {
    if (!this.latestSeal) return;
    this.database ??= await databaseIdentity(manager);
    this.recorded ??= { seal: await this.recordOfThisDatabase(this.latestSeal, this.database) };
    const recorded = this.recorded.seal ?? (await this.startRecord(manager, this.latestSeal));
    if (!recorded) return;
    const difference = await differenceFromRecord(manager, recorded);
    if (difference === undefined) return;
    // Read again at the next try: `notary-key --accept-restore` may have replaced it meanwhile, and then goes by the
    // database's seals, not by one this notary could not record.
    this.recorded = undefined;
    this.unrecorded = undefined;
    throw new LatestSealNotInDatabase(this.latestSeal.location, difference);
  }

  /**
   * The record kept outside the database, unless it names another database: one with the same schema name in a new
   * cluster (a new embedded directory, a logical restore into a new server) starts a record of its own, as one in a
   * new data directory does. Dropping and creating the schema again keeps the cluster, and is refused (ADR 0029).
   */
  private async recordOfThisDatabase(latestSeal: LatestSealRecord, database: string): Promise<SealRecord | undefined> {
    const recorded = await latestSeal.read();
    if (!recorded || !isRecordOfAnotherDatabase(recorded, database)) return recorded;
    this.logger.warn(
      `${latestSeal.location} records the latest seal of another database (${recorded.database}), not of this one ` +
        `(${database}): this database's record starts now and replaces it`,
    );
    return undefined;
  }

  /**
   * No seal recorded: a new database, which has none either; or a database sealed before the record was kept (an
   * upgrade), or another data directory. Whoever could delete the record could read the key beside it, so refusing
   * would protect nothing: the database's latest seal is recorded from now on, and a warning says so (ADR 0029).
   */
  private async startRecord(manager: EntityManager, latestSeal: LatestSealRecord): Promise<SealRecord | undefined> {
    const latest = await latestStoredSeal(manager);
    if (!latest) return undefined;
    if (!verifySeal(this.key.publicKey, sealMessage(latest), latest.signature)) {
      const where = `sequence ${latest.sequence}`;
      throw new NotaryRefusal(`the database’s latest seal (${where}) is not signed by its key`);
    }
    await this.record(latest);
    this.logger.warn(
      `no latest seal recorded in ${latestSeal.location}: recorded the database’s, at sequence ` +
        `${latest.sequence} (position ${latest.globalPosition}); expected once per data directory and schema`,
    );
    return latest;
  }

  /** Records `seal` as this database's (checkRecordedSeal asked which database this is before any seal). */
  private async record(seal: SealRecord): Promise<void> {
    const named: SealRecord = { ...seal, ...(this.database !== undefined && { database: this.database }) };
    try {
      await this.latestSeal?.write(named);
    } catch (error) {
      if (error instanceof LatestSealNotRecorded) this.unrecorded = seal;
      throw error;
    }
    this.unrecorded = undefined;
    this.recorded = { seal: named };
  }
}

interface Seal {
  readonly sequence: string;
  readonly globalPosition: string;
  readonly chainHead: string;
  readonly sealedAt: string;
}
