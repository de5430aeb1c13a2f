import type { KeyObject } from 'node:crypto';
import { START_OF_LOG, type EventStore } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { canonicalEvent, GENESIS_HEAD, nextHead, sha256 } from './canonical-event';
import { databaseIdentity, differenceFromRecord } from './latest-seal-check';
import { isRecordOfAnotherDatabase, type LatestSealRecord } from './latest-seal-record';
import { sealMessage, verifySeal } from './notary-key';
import { SEAL_EVERY_EVENTS } from './notary.projection';

export type LogProblem =
  | 'EVENT_ALTERED' // its content, metadata or place changed since it was notarised
  | 'EVENT_MISSING_OR_MOVED' // the notarised event is not where the chain says it was
  | 'CHAIN_ALTERED' // the stored chain disagrees with itself or with the log: a row edited, missing or added
  | 'SEAL_INVALID' // a seal's signature does not verify with the notary's public key
  | 'SEAL_MISMATCH' // the log recomputed up to a seal does not give the sealed chain head
  | 'SEAL_MISSING' // more events in a row than the notary ever leaves unsealed: a seal was deleted
  | 'RECORDED_SEAL_NOT_IN_DATABASE'; // the database lacks the notary's latest seal as recorded outside it (ADR 0029)

export interface LogVerification {
  readonly isIntact: boolean;
  readonly eventsChecked: number;
  readonly sealsChecked: number;
  /** Events after the last notarised one (the notary has not reached them yet). */
  readonly unnotarisedEvents: number;
  /**
   * Whether the database was checked against the notary's latest seal as recorded outside it: not where there is
   * no record (a fresh start, a process without a data directory) nor when the log failed before.
   */
  readonly recordedSealChecked: boolean;
  readonly failure?: { readonly problem: LogProblem; readonly globalPosition: string; readonly detail: string };
}

interface ChainRow {
  sequence: string;
  global_position: string;
  event_id: string;
  event_hash: string;
  chain_head: string;
}
interface SealRow {
  sequence: string;
  global_position: string;
  chain_head: string;
  sealed_at: Date;
  signature: string;
}

const PAGE = 2000;

export interface VerifyLogOptions {
  /** The notary's sealing cadence (NotaryOptions.sealEveryEvents). */
  readonly sealEveryEvents?: number;
  /**
   * Where the notary keeps its latest seal outside the database (NotaryOptions.latestSeal): once the log verifies,
   * the database must hold that seal and the chain up to it. Unset: not checked (accepting a restored backup).
   */
  readonly latestSeal?: LatestSealRecord;
}

/**
 * Recomputes the hash chain from the events alone and compares it with the notarised chain and the signed
 * seals. Stops at the first failure and names its global position. Then checks the database against the latest
 * seal recorded outside it, if there is one: a log rewritten with a chain recomputed to match, and the seals after
 * the edit deleted, passes everything else (ADR 0029).
 */
export const verifyLog = async (
  store: EventStore,
  manager: EntityManager,
  publicKey: KeyObject,
  { sealEveryEvents = SEAL_EVERY_EVENTS, latestSeal }: VerifyLogOptions = {},
): Promise<LogVerification> => {
  // A notary running meanwhile cannot make the record name a seal missing here: it records a seal once committed.
  const recorded = await latestSeal?.read();
  // Read before the seals: the notary writes rows and their seals together, so every row this end covers had its
  // seal written by the time the seals are read, however far the notary gets meanwhile.
  const [end] = await manager.query<{ sequence: string }[]>(`SELECT max(sequence) AS sequence FROM notary_chain`);
  const chainEnd = BigInt(end?.sequence ?? 0);
  const seals = await manager.query<SealRow[]>(`SELECT sequence, global_position, chain_head, sealed_at, signature FROM notary_seal ORDER BY sequence`);
  const sealsBySequence = new Map(seals.map((seal) => [seal.sequence, seal]));
  for (const seal of seals) {
    const message = sealMessage({ sequence: seal.sequence, globalPosition: seal.global_position, chainHead: seal.chain_head, sealedAt: new Date(seal.sealed_at).toISOString() });
    if (!verifySeal(publicKey, message, seal.signature)) {
      return failed(0, seals.length, 0, 'SEAL_INVALID', seal.global_position, `the seal over events up to sequence ${seal.sequence} has an invalid signature`);
    }
  }
  let after = START_OF_LOG;
  let sequence = 0n;
  let head = GENESIS_HEAD;
  let chain: ChainRow[] = [];
  let chainIndex = 0;
  let chainFetchedThrough = '0';
  let unnotarised = 0;
  let sealedThrough = 0n;
  const nextChainRow = async (): Promise<ChainRow | undefined> => {
    if (chainIndex >= chain.length) {
      chain = await manager.query<ChainRow[]>(
        `SELECT sequence, global_position, event_id, event_hash, chain_head FROM notary_chain WHERE sequence > $1 ORDER BY sequence LIMIT ${PAGE}`,
        [chainFetchedThrough],
      );
      chainIndex = 0;
      chainFetchedThrough = chain.at(-1)?.sequence ?? chainFetchedThrough;
    }
    return chain[chainIndex++];
  };
  for (;;) {
    const { events, next, isEnd } = await store.readAll({ after, maxCount: PAGE });
    for (const event of events) {
      sequence += 1n;
      const position = event.globalPosition.toString();
      const eventHash = sha256(canonicalEvent(event));
      const previousHead = head;
      head = nextHead(head, eventHash);
      const row = unnotarised > 0 ? undefined : await nextChainRow();
      if (!row) {
        unnotarised++;
        continue;
      }
      const checked = Number(sequence) - 1;
      const chainFailure = (detail: string) => failed(checked, seals.length, 0, 'CHAIN_ALTERED', position, detail);
      if (row.sequence !== sequence.toString()) {
        return chainFailure(`the chain has no row for sequence ${sequence}, the event at position ${position}`);
      }
      if (row.event_hash === eventHash) {
        // The hash covers the event's id and position: the event is the one notarised, so its row was edited.
        if (row.event_id !== event.metadata.eventId || row.global_position !== position || row.chain_head !== head) {
          return chainFailure(`the stored chain row at position ${position} does not follow from the log`);
        }
      } else if (nextHead(previousHead, row.event_hash) !== row.chain_head) {
        return chainFailure(`the stored chain row at position ${position} does not follow from the chain before it`);
      } else if (row.event_id !== event.metadata.eventId) {
        const notarisedAt = row.global_position;
        const detail = `the event notarised at position ${notarisedAt} is not there (another is, at ${position})`;
        return failed(checked, seals.length, 0, 'EVENT_MISSING_OR_MOVED', notarisedAt, detail);
      } else {
        const detail = `the event at position ${position} changed after it was notarised`;
        return failed(checked, seals.length, 0, 'EVENT_ALTERED', position, detail);
      }
      const seal = sealsBySequence.get(sequence.toString());
      if (seal && seal.chain_head !== head) {
        return failed(checked, seals.length, 0, 'SEAL_MISMATCH', seal.global_position, `the log up to position ${seal.global_position} differs from what was sealed`);
      }
      if (seal) sealedThrough = sequence;
      else if (sequence - sealedThrough >= BigInt(sealEveryEvents) && sequence <= chainEnd) {
        const detail = `no seal at position ${position}, though the notary seals every ${sealEveryEvents} events`;
        return failed(checked, seals.length, 0, 'SEAL_MISSING', position, detail);
      }
    }
    after = next;
    if (isEnd) break;
  }
  if (unnotarised === 0) {
    const extra = await nextChainRow();
    if (extra) return failed(Number(sequence), seals.length, 0, 'EVENT_MISSING_OR_MOVED', extra.global_position, `the event notarised at position ${extra.global_position} is missing from the log`);
  }
  const lastSeal = seals.at(-1);
  if (lastSeal && BigInt(lastSeal.sequence) > sequence) {
    return failed(Number(sequence), seals.length, unnotarised, 'EVENT_MISSING_OR_MOVED', lastSeal.global_position, `the log ends before the sealed position ${lastSeal.global_position}`);
  }
  const eventsChecked = Number(sequence);
  const intact = { isIntact: true, eventsChecked, sealsChecked: seals.length, unnotarisedEvents: unnotarised };
  // A record of another database (a new cluster of the same schema name) is none of this one, as for the notary.
  if (!latestSeal || !recorded || isRecordOfAnotherDatabase(recorded, await databaseIdentity(manager))) {
    return { ...intact, recordedSealChecked: false };
  }
  const difference = await differenceFromRecord(manager, recorded);
  if (difference === undefined) return { ...intact, recordedSealChecked: true };
  const detail = `the database does not hold the latest seal recorded in ${latestSeal.location}: ${difference}`;
  const problem = 'RECORDED_SEAL_NOT_IN_DATABASE';
  const failure = failed(eventsChecked, seals.length, unnotarised, problem, recorded.globalPosition, detail);
  return { ...failure, recordedSealChecked: true };
};

const failed = (eventsChecked: number, sealsChecked: number, unnotarisedEvents: number, problem: LogProblem, globalPosition: string, detail: string): LogVerification => ({
  isIntact: false,
  eventsChecked,
  sealsChecked,
  unnotarisedEvents,
  recordedSealChecked: false,
  failure: { problem, globalPosition, detail },
});
