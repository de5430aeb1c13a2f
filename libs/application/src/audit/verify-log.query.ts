import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@registry/event-store';
import { NotaryKey, verifyLog, type LogVerification } from '@registry/projections';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../shared/tokens';

/** The log checked against the notary's chain and seals, with the key a third party checks the seals with. */
export interface LogVerificationReport extends LogVerification {
  readonly notary: { readonly algorithm: 'Ed25519'; readonly publicKey: string };
}

/** `registry verify-log` and `GET /audit/verify`: recomputes the hash chain from the events and checks every seal. */
export class VerifyLogQuery extends Query<LogVerificationReport> {}

@QueryHandler(VerifyLogQuery)
export class VerifyLogHandler implements IQueryHandler<VerifyLogQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: DataSource,
    private readonly notaryKey: NotaryKey,
  ) {}

  async execute(): Promise<LogVerificationReport> {
    const result = await verifyLog(this.store, this.readModels.manager, this.notaryKey.publicKey);
    return { ...result, notary: { algorithm: 'Ed25519', publicKey: this.notaryKey.publicKeyPem() } };
  }
}
