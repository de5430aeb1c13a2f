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
  /**
   * Raise it whenever a change to `apply` (or to its tables) would write other rows for the same log: the
   * projector then rebuilds the projection beside the old tables and switches over once caught up (ADR 0003).
   * Default 1.
   */
  readonly version?: number;
  /**
   * False when the rows are evidence rather than a derived view (the notary's chain and seals): a rebuild
   * would rewrite them from whatever the log says now. Such projections are never emptied. Default true.
   */
  readonly isDisposable?: boolean;
  /**
   * Indexes on the projection's tables that only queries read, never `apply`: a rebuild drops them while it
   * refills the tables and builds each once at its end, which is faster than keeping it up to date row by row
   * (ADR 0023). An index `apply` looks rows up by must not be named here: the rebuild would then scan.
   */
  readonly queryIndexes?: readonly string[];
  /**
   * May answer work to do once the batch's transaction has committed, outside the database (the notary records its
   * latest seal in a file, ADR 0029); it is not done when the transaction fails.
   */
  apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void | AfterCommit>;
}

export type AfterCommit = () => Promise<void>;

/**
 * A projection's refusal to go on that only an operator can resolve (the notary's, ADR 0029): restarting the process
 * changes nothing. The projector holds that projection alone, keeps the others running, and tries it again now and
 * then, so that it resumes once the operator has acted.
 */
export class ProjectionRefusal extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProjectionRefusal';
  }
}

export const versionOf = (projection: Projection): number => projection.version ?? 1;
export const isDisposable = (projection: Projection): boolean => projection.isDisposable ?? true;

/** A recorded event typed as one of the domain's event unions, so `switch (event.type)` narrows its data. */
export type Recorded<E extends { type: string; data: unknown }> = Omit<RecordedEvent, 'type' | 'data'> & E;

/** Projections subscribe by category, so the events they get belong to the slice they name. */
export const asRecorded = <E extends { type: string; data: unknown }>(recorded: RecordedEvent): Recorded<E> =>
  recorded as unknown as Recorded<E>;
