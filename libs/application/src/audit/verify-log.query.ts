import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@registry/event-store';
import {
  latestStoredSeal,
  NotaryKey,
  verifyLog,
  type LatestSealRecord,
  type LogVerification,
} from '@registry/projections';
import { DataSource } from 'typeorm';
import { EVENT_STORE, LATEST_NOTARY_SEAL } from '../shared/tokens';

/** The log checked against the notary's chain and seals, with the key a third party checks the seals with. */
export interface LogVerificationReport extends LogVerification {
  readonly notary: { readonly algorithm: 'Ed25519'; readonly publicKey: string };
  /** The newest signed checkpoint, to keep and check later with the public key alone (docs/audit-verification.md). */
  readonly latestSeal: SealedCheckpoint | null;
}

export interface SealedCheckpoint {
  /** The seal covers the chain's first `sequence` events… */
  readonly sequence: string;
  /** …the last of which has this global position. */
  readonly globalPosition: string;
  readonly chainHead: string;
  readonly sealedAt: string;
  /** base64 Ed25519 signature of `case-registry-seal-v1|sequence|globalPosition|chainHead|sealedAt`. */
  readonly signature: string;
}

/**
 * `registry verify-log` and `GET /audit/verify`: recomputes the hash chain from the events and checks every seal,
 * then that the database holds the notary's latest seal as recorded in the data directory, if one is (ADR 0029).
 */
export class VerifyLogQuery extends Query<LogVerificationReport> {}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: DataSource,
    private readonly notaryKey: NotaryKey,
    @Inject(LATEST_NOTARY_SEAL) private readonly latestSeal: LatestSealRecord,
  ) {}

  async execute(): Promise<LogVerificationReport> {
    const result = await verifyLog(this.store, this.readModels.manager, this.notaryKey.publicKey, {
      latestSeal: this.latestSeal,
    });
    const latestSeal = (await latestStoredSeal(this.readModels.manager)) ?? null;
    return { ...result, notary: { algorithm: 'Ed25519', publicKey: this.notaryKey.publicKeyPem() }, latestSeal };
  }
}
