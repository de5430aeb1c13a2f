import {
  logPositionSortKey,
  quoteIdent,
  START_OF_LOG,
  type EventStore,
  type LogPosition,
  type ReadAllResult,
  type RecordedEvent,
} from '@registry/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { isDisposable, versionOf, type AfterCommit, type Projection } from './projection';
import { storeReader, type LogReader } from './shared-log-read';
import { liveSchemaOf } from '../read-model-data-source';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { buildNextDeferredIndex, deferIndexes } from './deferred-indexes';

/** How far a feed got: events applied so far and the position it has read to. */
export interface FeedProgress {
  readonly projection: string;
  readonly events: number;
  readonly position: LogPosition;
  /** Global position of the last event applied in this run. */
  readonly globalPosition: bigint | null;
}

export interface FeedOptions {
  /** Stop once the feed has read to this position (never past it); default: the end of the log. */
  readonly until?: LogPosition;
  readonly onProgress?: (progress: FeedProgress) => void;
  /** Checked between batches: an aborted feed stops with the signal's reason after its last committed batch. */
  readonly signal?: AbortSignal;
  /** Where pages come from (a read shared with other feeds); default: the store, with the projection's filter. */
  readonly reader?: LogReader;
}

/**
 * Another process moved the projection's checkpoint back (`registry rebuild` emptied it): the feed's position means
 * nothing any more, and it goes on from the stored one instead.
 */
export class CheckpointRewound extends Error {
  constructor(
    readonly projection: string,
    readonly position: LogPosition,
  ) {
    super(`projection ${projection}: its checkpoint was moved back by another process (a rebuild?)`);
  }
}

/** Pages without an event for the projection that may pass before its checkpoint is moved past them. */
const PAGES_BETWEEN_CHECKPOINTS = 50;

/** Tables are analysed again whenever this many more events, or as many as before, have been applied. */
const ANALYZE_AFTER_EVENTS = 1000;

/**
 * Applies the log to one projection in one set of tables: the live ones, or a shadow schema's (a rebuild
 * beside the live tables). Each batch is one transaction holding the rows and the checkpoint.
 *
 * In a shadow schema `SET LOCAL search_path` points the projection's unqualified SQL at the shadow tables for
 * that transaction only, which also works on embedded PGlite, where the whole process shares one session and
 * connection-time options are ignored; entities resolve through the shadow DataSource's `schema`.
 */
export class ProjectionFeed {
  private appliedTotal = 0;
  private appliedSinceAnalyze = 0;
  private analyzing: Promise<void> | undefined;
  /** The schema of the projection's tables: the live one or the shadow's. */
  private readonly tablesSchema: string;
  /** The first statement of every batch: the projection's lock and the transaction's settings. */
  private readonly opening: BatchOpening;
  /** The stored checkpoint as this feed last read or wrote it: anything else there was written by another process. */
  private known: LogPosition = START_OF_LOG;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projection: Projection,
    private readonly batchSize: number,
    /** null: the live tables, whose search_path the connection already sets. */
    private readonly schema: string | null = null,
  ) {
    this.tablesSchema = schema ?? liveSchemaOf(dataSource);
    this.opening = batchOpening(projection, schema, `registry.projection:${this.tablesSchema}:${projection.name}`);
  }

  checkpoint(manager: EntityManager = this.dataSource.manager): Promise<ProjectionCheckpoint | null> {
    return manager.findOne(ProjectionCheckpoint, { where: { projection: this.projection.name } });
  }

  async position(): Promise<LogPosition> {
    return (await this.checkpoint())?.position ?? START_OF_LOG;
  }

  /** Where a run of the feed (a catch-up, a live subscription) starts: the stored checkpoint, from now on `known`. */
  async startingPosition(): Promise<LogPosition> {
    this.known = await this.position();
    return this.known;
  }

  /** Empties the projection's tables and checkpoint (a rebuild), under its lock: feeds in other processes notice. */
  async reset(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(this.opening.sql, this.opening.values);
      for (const table of this.projection.tables) await manager.query(`TRUNCATE TABLE ${quoteIdent(table)}`);
      await manager.delete(ProjectionCheckpoint, { projection: this.projection.name });
    });
    this.known = START_OF_LOG;
  }

  /** Drops the indexes only queries read, before the tables are filled from the first event (ADR 0023). */
  async deferQueryIndexes(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(this.opening.sql, this.opening.values);
      await deferIndexes(manager, this.projection, this.tablesSchema);
    });
  }

  /**
   * Builds the indexes a rebuild of the projection dropped: at the rebuild's end, or, after it failed or crashed,
   * when a process next projects the schema. Each in a transaction under the projection's lock (never while a
   * rebuild in another process resets it) that also sets a shadow schema's search_path. Answers their names.
   */
  async buildDeferredIndexes(onBuilding?: (index: string) => void): Promise<string[]> {
    const built: string[] = [];
    for (;;) {
      const index = await this.dataSource.transaction(async (manager) => {
        await manager.query(this.opening.sql, this.opening.values);
        return buildNextDeferredIndex(manager, this.projection, onBuilding);
      });
      if (index === undefined) return built;
      built.push(index);
    }
  }

  /** Reads the log from the checkpoint to its end (or to `until`) once, without a live subscription. */
  async feed({ until, onProgress, signal, reader }: FeedOptions = {}): Promise<FeedProgress> {
    let after = await this.startingPosition();
    let events = 0;
    let globalPosition: bigint | null = null;
    const limit = until === undefined ? undefined : logPositionSortKey(until);
    const read = reader ?? storeReader(this.store, this.projection.filter, this.batchSize);
    let readAhead: Promise<ReadAllResult> | undefined;
    let pagesUnrecorded = 0;
    while (!(limit && compareKeys(logPositionSortKey(after), limit) >= 0)) {
      signal?.throwIfAborted();
      const page = await (readAhead ?? read(after));
      readAhead = undefined;
      let batch = page.events;
      let next = page.next;
      if (limit && until !== undefined && (page.isEnd || compareKeys(logPositionSortKey(next), limit) > 0)) {
        batch = batch.filter((event) => compareKeys(logPositionSortKey(event.position), limit) <= 0);
        next = until;
      }
      if (!page.isEnd && next !== until) {
        // The next page is read while this one is applied (the log does not depend on the read model).
        readAhead = read(next);
        readAhead.catch(() => undefined);
      }
      // A page with none of this projection's events only moves the checkpoint: that is written with the next
      // batch, at the end, or every so many pages (a restart then reads at most those pages again).
      if (next !== after) pagesUnrecorded++;
      const last = page.isEnd || next === until;
      if (batch.length > 0 || (pagesUnrecorded > 0 && (last || pagesUnrecorded >= PAGES_BETWEEN_CHECKPOINTS))) {
        try {
          events += await this.applyBatch(batch, next);
        } catch (error) {
          if (!(error instanceof CheckpointRewound)) throw error;
          // Read again from where the projection now stands; the page read ahead is from the old position.
          after = error.position;
          readAhead = undefined;
          pagesUnrecorded = 0;
          continue;
        }
        pagesUnrecorded = 0;
      }
      globalPosition = batch.at(-1)?.globalPosition ?? globalPosition;
      after = next;
      onProgress?.({ projection: this.projection.name, events, position: after, globalPosition });
      if (page.isEnd) break;
    }
    await this.idle();
    return { projection: this.projection.name, events, position: after, globalPosition };
  }

  /**
   * Applies a page's events for the projection and moves its checkpoint to `next`, in one transaction. Another
   * process may project the same tables at the same time (`registry stats` or `registry import` catching up
   * beside a running server, a projector restarted before the old one ended): the batch first takes the
   * projection's lock, then applies only the events its stored checkpoint does not cover yet, so every event is
   * applied once, whoever applies it, and the checkpoint never moves back. A checkpoint behind the one this feed
   * knows was moved back by another process (a rebuild): the batch writes nothing and throws CheckpointRewound.
   * Answers how many events it applied.
   */
  async applyBatch(events: readonly RecordedEvent[], next: LogPosition): Promise<number> {
    type Outcome =
      | { readonly rewound: LogPosition }
      | { readonly applied: number; readonly known: LogPosition; readonly afterCommit?: AfterCommit };
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      await manager.query(this.opening.sql, this.opening.values);
      // Read after the lock was granted: it shows whatever the process that held it committed.
      const stored = (await this.checkpoint(manager)) ?? undefined;
      const storedPosition = stored?.position ?? START_OF_LOG;
      const covered = logPositionSortKey(storedPosition);
      if (compareKeys(covered, logPositionSortKey(this.known)) < 0) return { rewound: storedPosition };
      if (compareKeys(covered, logPositionSortKey(next)) >= 0) return { applied: 0, known: storedPosition };
      const unapplied = events.filter((event) => compareKeys(logPositionSortKey(event.position), covered) > 0);
      const afterCommit = unapplied.length > 0 ? await this.projection.apply(unapplied, manager) : undefined;
      const last = unapplied.at(-1);
      await manager.upsert(
        ProjectionCheckpoint,
        {
          projection: this.projection.name,
          position: next,
          globalPosition: last ? last.globalPosition.toString() : (stored?.globalPosition ?? null),
          version: versionOf(this.projection),
          updatedAt: new Date(),
        },
        ['projection'],
      );
      return { applied: unapplied.length, known: next, ...(afterCommit && { afterCommit }) };
    });
    if ('rewound' in outcome) {
      this.known = outcome.rewound;
      throw new CheckpointRewound(this.projection.name, outcome.rewound);
    }
    this.known = outcome.known;
    await outcome.afterCommit?.();
    this.analyzeWhenGrown(outcome.applied);
    return outcome.applied;
  }

  /**
   * Refreshes the planner's statistics of the projection's tables as they grow. PostgreSQL's autovacuum does
   * this on a server; embedded PGlite has none, and without statistics its planner takes tables of thousands
   * of rows for one row and picks nested loops (an Art. 8 document took 30 s instead of 0.3 s). The next batches
   * are applied meanwhile (on embedded PGlite's one connection, after it); one ANALYZE at a time.
   */
  private analyzeWhenGrown(applied: number): void {
    this.appliedTotal += applied;
    this.appliedSinceAnalyze += applied;
    if (this.analyzing || this.appliedSinceAnalyze < Math.max(ANALYZE_AFTER_EVENTS, this.appliedTotal / 2)) return;
    this.appliedSinceAnalyze = 0;
    const prefix = this.schema === null ? '' : `${quoteIdent(this.schema)}.`;
    const analyzing = (async () => {
      for (const table of this.projection.tables) await this.dataSource.query(`ANALYZE ${prefix}${quoteIdent(table)}`);
    })();
    // A failed ANALYZE only leaves the planner's older statistics; a database that is gone fails the next batch.
    this.analyzing = analyzing.catch(() => undefined).finally(() => (this.analyzing = undefined));
  }

  /** Waits for a running ANALYZE, so that nothing of the feed's runs on after it is stopped. */
  async idle(): Promise<void> {
    await this.analyzing;
  }
}

/**
 * A batch's first statement, one round trip: the projection's lock (`pg_advisory_xact_lock`, held until the batch
 * commits; see `applyBatch`), and what the transaction sets for itself (`set_config(…, true)` is `SET LOCAL`): in a
 * shadow schema its search_path; for a disposable projection, not waiting for its WAL to reach the disk (ADR
 * 0018): a crash of the server may take the last batches, rows and checkpoint together, and the feed then reads
 * their events again from the log. The notary's evidence, and every write to the log, still waits.
 */
interface BatchOpening {
  readonly sql: string;
  readonly values: string[];
}

const batchOpening = (projection: Projection, schema: string | null, lockKey: string): BatchOpening => {
  const settings: [name: string, value: string][] = [];
  if (schema !== null) settings.push(['search_path', quoteIdent(schema)]);
  if (isDisposable(projection)) settings.push(['synchronous_commit', 'off']);
  const calls = settings.map((_, index) => `set_config($${2 * index + 2}, $${2 * index + 3}, true)`);
  return {
    sql: `SELECT ${['pg_advisory_xact_lock(hashtext($1))', ...calls].join(', ')}`,
    values: [lockKey, ...settings.flat()],
  };
};

export const compareKeys = ([a1, a2]: readonly [bigint, bigint], [b1, b2]: readonly [bigint, bigint]): number =>
  a1 !== b1 ? (a1 < b1 ? -1 : 1) : a2 !== b2 ? (a2 < b2 ? -1 : 1) : 0;
