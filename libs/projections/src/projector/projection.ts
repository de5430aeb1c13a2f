import type { LogFilter, RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';

/**
 * A read model fed from the log. `apply` runs inside the transaction that also stores the projection's
 * checkpoint, so a batch is either fully applied and checkpointed or not at all. Projections must also be
 * idempotent (the same event twice leaves the same rows): rows remember the stream revision they reflect.
 */
export interface Projection {
  /** Stable name: the checkpoint's key and `registry rebuild --projection NAME`. */
  readonly name: string;
  /** Only these events are read (server-side filter). */
  readonly filter: LogFilter;
  /** Tables owned by the projection, emptied by a rebuild. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void>;
}

/** A recorded event typed as one of the domain's event unions, so `switch (event.type)` narrows its data. */
export type Recorded<E extends { type: string; data: unknown }> = Omit<RecordedEvent, 'type' | 'data'> & E;

/** Projections subscribe by category, so the events they get belong to the slice they name. */
export const asRecorded = <E extends { type: string; data: unknown }>(recorded: RecordedEvent): Recorded<E> =>
  recorded as unknown as Recorded<E>;
