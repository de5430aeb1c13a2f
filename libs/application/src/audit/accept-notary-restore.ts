import { randomUUID } from 'node:crypto';
import {
  EVERY_MEMBER_STATE,
  NOTARY_RESTORES_STREAM,
  timeOrderedUuid,
  type NotaryRestoreAccepted,
  type SealReference,
} from '@registry/domain';
import {
  databaseIdentity,
  differenceFromRecord,
  isRecordOfAnotherDatabase,
  LatestSealNotRecorded,
  latestStoredSeal,
  verifyLog,
  type SealRecord,
} from '@registry/projections';
import type { RegistryRuntime } from '../infrastructure/registry-runtime';
import type { Actor } from '../shared/actor';
import type { Clock } from '../shared/clock';
import { stampFor } from '../shared/stamp';

/** The restore was not accepted: there was nothing to accept, or the database's log fails verification. */
export class NotaryRestoreNotAccepted extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NotaryRestoreNotAccepted';
  }
}

export interface NotaryRestoreAcceptance {
  readonly event: NotaryRestoreAccepted;
  /** Where the database's latest seal is now recorded. */
  readonly location: string;
  readonly eventsChecked: number;
}

/**
 * `registry notary-key --accept-restore`: the database lacks the notary's latest seal as recorded outside it (a
 * restored backup), and the operator accepts the database's log after it passed verification. The acceptance is an
 * event, written before the record is replaced, so no acceptance goes unrecorded; the notary notarises it with the
 * rest when it runs again (ADR 0029). Neither check tells a restored backup from a rewrite: the operator does.
 */
export const acceptNotaryRestore = async (
  runtime: RegistryRuntime,
  clock: Clock,
  actor: Actor,
  reason: string,
): Promise<NotaryRestoreAcceptance> => {
  const record = runtime.security.latestNotarySeal();
  const manager = runtime.readModels.manager;
  const recorded = await record.read();
  // A record of another database (a new cluster, a new embedded directory) is none of this one, as for the notary.
  if (!recorded || isRecordOfAnotherDatabase(recorded, await databaseIdentity(manager))) {
    throw new NotaryRestoreNotAccepted(
      `nothing to accept: no latest seal of this database is recorded in ${record.location}, and the notary ` +
        'records the database’s when it next runs',
    );
  }
  if ((await differenceFromRecord(manager, recorded)) === undefined) {
    throw new NotaryRestoreNotAccepted(
      `nothing to accept: the database holds the latest seal recorded in ${record.location} ` +
        `(sequence ${recorded.sequence}, position ${recorded.globalPosition})`,
    );
  }
  const verification = await verifyLog(runtime.store, manager, runtime.notaryKey.publicKey);
  if (verification.failure) {
    const { globalPosition, problem, detail } = verification.failure;
    throw new NotaryRestoreNotAccepted(
      `not accepted: the database’s log fails verification at position ${globalPosition}: ${problem}: ${detail}`,
    );
  }
  const stored = await latestStoredSeal(manager);
  const event: NotaryRestoreAccepted = {
    type: 'NotaryRestoreAccepted',
    data: { recordedSeal: referenceTo(recorded), databaseSeal: stored ? referenceTo(stored) : null, reason },
  };
  const stamp = stampFor({ actor, correlationId: randomUUID() }, EVERY_MEMBER_STATE, clock.now());
  await runtime.store.appendToStream(
    NOTARY_RESTORES_STREAM,
    [{ ...event, metadata: stamp(event, timeOrderedUuid()) }],
    { kind: 'any' },
  );
  const databaseSealRecord = stored && { ...stored, database: await databaseIdentity(manager) };
  await record.write(databaseSealRecord).catch((error: unknown) => {
    if (!(error instanceof LatestSealNotRecorded)) throw error;
    // The notary goes by the record, not by the event: until the record is written, it still refuses.
    throw new NotaryRestoreNotAccepted(
      `the acceptance is recorded in the log, but the data directory cannot take the database’s latest seal ` +
        `(${record.location}: ${error.writeError}), so the notary still refuses: make the data directory writable ` +
        '(REGISTRY_DATA_DIR or --data-dir) and run this command again',
      { cause: error },
    );
  });
  return { event, location: record.location, eventsChecked: verification.eventsChecked };
};

const referenceTo = ({ sequence, globalPosition, chainHead }: SealRecord): SealReference => ({
  sequence,
  globalPosition,
  chainHead,
});
