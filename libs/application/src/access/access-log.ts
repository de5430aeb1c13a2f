import { Inject, Injectable } from '@nestjs/common';
import { timeOrderedUuid, type AccessEvent, type MemberState } from '@registry/domain';
import type { EventStore, NewEvent, StreamAppend } from '@registry/event-store';
import type { RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { stampFor } from '../shared/stamp';
import { EVENT_STORE } from '../shared/tokens';

/** `access-NL-2025-01-15`: one stream per member state and (UTC) day, outside every projection's category but the access log's. */
export const accessStream = (memberState: MemberState, at: Date): string =>
  `access-${memberState}-${at.toISOString().slice(0, 10)}`;

export interface AccessRecord {
  readonly context: Pick<RequestContext, 'actor' | 'correlationId'>;
  readonly event: AccessEvent;
}

interface Pending {
  readonly append: { readonly streamName: string; readonly event: NewEvent };
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The access record could not be written, so the read it describes is refused (ADR 0006). */
export class AccessLogUnavailable extends Error {
  constructor(cause: unknown) {
    super('The access log could not be written; the read was refused so that no access goes unrecorded', { cause });
    this.name = 'AccessLogUnavailable';
  }
}

/**
 * Writes access records as events (so the notary's chain covers them) with group commit: records that
 * arrive while a write is in flight go together in the next one, one transaction for all of them. `record`
 * resolves only once its records are durable and rejects with AccessLogUnavailable otherwise; callers
 * answer the read only after it resolved (ADR 0006).
 */
@Injectable()
export class AccessLog {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  record(records: readonly AccessRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const recordedAt = this.clock.now();
    return Promise.all(
      records.map(
        ({ context, event }) =>
          new Promise<void>((resolve, reject) => {
            const metadata = stampFor(context, event.data.memberState, recordedAt)(event, timeOrderedUuid());
            const append = {
              streamName: accessStream(event.data.memberState, recordedAt),
              event: { ...event, metadata },
            };
            this.queue.push({ append, resolve, reject });
            this.writing ??= this.drain();
          }),
      ),
    ).then(() => undefined);
  }

  /** Writes what is queued, then what queued up meanwhile, until nothing is left. */
  private async drain(): Promise<void> {
    // Let the records of requests answered in the same tick join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.store.appendToStreams(groupByStream(batch));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        const failure = new AccessLogUnavailable(error);
        for (const pending of batch) pending.reject(failure);
      }
    }
    this.writing = null;
  }
}

const groupByStream = (batch: readonly Pending[]): StreamAppend[] => {
  const streams = new Map<string, NewEvent[]>();
  for (const { append } of batch)
    streams.set(append.streamName, [...(streams.get(append.streamName) ?? []), append.event]);
  return [...streams].map(([streamName, events]) => ({ streamName, events, expectedRevision: { kind: 'any' } }));
};
