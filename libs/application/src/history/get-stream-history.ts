import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@registry/domain';
import type { EventStore, RecordedEvent } from '@registry/event-store';
import type { Actor } from '../shared/actor';
import { PersonalData } from '../privacy/personal-data';
import { maySeeEventsOf } from '../shared/member-state-scope';
import { EVENT_STORE } from '../shared/tokens';

export class StreamNotFound extends DomainError {
  readonly code = 'STREAM.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly stream: string) {
    super(`Stream ${stream} has no events`, { stream });
  }
}

/** One event as `registry history` and the audit API print it. */
export interface HistoryEntry {
  readonly stream: string;
  readonly revision: number;
  readonly globalPosition: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: RecordedEvent['metadata'];
}

export const historyEntryOf = (event: RecordedEvent): HistoryEntry => ({
  stream: event.streamName,
  revision: event.streamRevision,
  globalPosition: event.globalPosition.toString(),
  type: event.type,
  data: event.data,
  metadata: event.metadata,
});

export class GetStreamHistoryQuery extends Query<HistoryEntry[]> {
  constructor(
    readonly stream: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetStreamHistoryQuery)
export class GetStreamHistoryHandler implements IQueryHandler<GetStreamHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalData,
  ) {}

  async execute({ stream, actor }: GetStreamHistoryQuery): Promise<HistoryEntry[]> {
    const events = await this.store.readStream(stream);
    // As log pages show events: a stream outside the reader's member states is answered as one without events.
    if (events.length === 0 || !maySeeEventsOf(actor, events[0]!.metadata.memberState))
      throw new StreamNotFound(stream);
    // Sealed personal fields are opened for the auditor, or read [erased] once their subject was erased.
    return this.personalData.reveal(events.map(historyEntryOf));
  }
}
