import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  privacyDecider,
  type Erasure,
  type PrivacyCommand,
  type PrivacyEvent,
  type ReportId,
} from '@registry/domain';
import { streamName, WrongExpectedRevision, type EventStore } from '@registry/event-store';
import type { RequestContext } from '../shared/actor';
import { releaseAccountKeys } from '../reports/release-account-keys';
import { Clock } from '../shared/clock';
import { mayActFor } from '../shared/member-state-scope';
import { stampFor } from '../shared/stamp';
import { writeToStream, type StreamSlice } from '../shared/stream-write';
import { EVENT_STORE } from '../shared/tokens';
import type { WriteResult } from '../shared/write-result';
import type { ErasePersonalDataInput } from './erasure.inputs';
import { PersonalData } from './personal-data';

export class SubjectNotFound extends DomainError {
  readonly code = 'SUBJECT.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly subjectId: string) {
    super(`No personal data is held for subject ${subjectId}`, { subjectId });
  }
}

export const erasureStream = (subjectId: string): string => streamName('erasure', subjectId);

const ERASURE_SLICE: StreamSlice<PrivacyCommand, PrivacyEvent, Erasure> = {
  decider: privacyDecider,
  streamOf: erasureStream,
  memberStateOf: (state) => (state.status === 'None' ? undefined : state.memberState),
  notFound: (id) => new SubjectNotFound(id),
};

export class ErasePersonalDataCommand extends Command<WriteResult> {
  constructor(
    readonly input: ErasePersonalDataInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Crypto-shredding: records `PersonalDataErased`, then destroys the subject's key. In that order, so the log
 * always holds the reason for a key that is gone; a repeat (or a retry after a failed destroy) records nothing
 * and destroys the key again. A process that stops between the two leaves the key to the projector, which
 * destroys it for every recorded erasure (ErasureCompletion). A subject of another member state answers like one
 * that does not exist.
 *
 * A report's account keys are released first (ADR 0005, the addendum on account keys): they are found from its
 * accounts, which the key still opens then. A crash after the release leaves the key, so a repeat finds the
 * keys released and completes the rest.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
    private readonly personalData: PersonalData,
  ) {}

  async execute({ input, context }: ErasePersonalDataCommand): Promise<WriteResult> {
    const subjectId = input.subjectId.toLowerCase();
    const subject = await this.personalData.findSubject(subjectId);
    if (!subject || !mayActFor(context.actor, subject.memberState)) throw new SubjectNotFound(subjectId);
    const erasedAt = this.clock.now();
    if (subject.kind === 'REPORT') {
      await this.requireExpectedRevision(subjectId, context);
      const stamp = stampFor(context, subject.memberState, erasedAt);
      await releaseAccountKeys(this.store, this.personalData, subjectId as ReportId, stamp);
    }
    const data = {
      subjectId,
      subjectKind: subject.kind,
      memberState: subject.memberState,
      reason: input.reason,
      erasedAt: erasedAt.toISOString(),
    };
    const result = await writeToStream(
      this,
      ERASURE_SLICE,
      subjectId,
      { type: 'ErasePersonalData', data },
      context,
      subject.memberState,
    );
    await this.personalData.destroyKey(subjectId, erasedAt);
    return result;
  }

  /** An If-Match is checked before the account keys are released too: a refused erasure must change nothing. */
  private async requireExpectedRevision(subjectId: string, { expectedRevision }: RequestContext): Promise<void> {
    if (expectedRevision === undefined) return;
    const stream = erasureStream(subjectId);
    const current = (await this.store.readStream(stream)).length - 1;
    if (current !== expectedRevision) throw new WrongExpectedRevision(stream, String(expectedRevision), current);
  }
}
