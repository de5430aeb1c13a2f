import { Logger } from '@nestjs/common';
import {
  START_OF_LOG,
  type BatchHandler,
  type EventStore,
  type LogPosition,
  type Subscription,
} from '@registry/event-store';
import type { DataSource } from 'typeorm';
import { isDisposable, ProjectionRefusal, versionOf, type Projection } from './projection';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { CheckpointRewound, ProjectionFeed, type FeedOptions, type FeedProgress } from './projection-feed';
import {
  dropAbandonedVerifications,
  switchVersion,
  verifyProjection,
  type ProjectionVerification,
} from './side-by-side';
import { SharedLogRead } from './shared-log-read';
import { HeldBackWatch } from './held-back-watch';

/** Lag is counted up to here: enough to tell "catching up" from "far behind" without scanning the log. */
export const LAG_LIMIT = 1000;

export interface ProjectorOptions {
  /** Events per transaction (default 1000): smaller batches commit progress more often, larger ones run faster. */
  readonly batchSize?: number;
  /** How long a projection that refused to go on (`ProjectionRefusal`) waits before it is tried again. */
  readonly refusalRetryMs?: number;
}

/**
 * Soon enough after an operator has acted (`notary-key --accept-restore`) that nobody thinks of a restart, seldom
 * enough that a refusal's check (a read of the notary's record and of two rows) costs nothing.
 */
const REFUSAL_RETRY_MS = 30_000;

export interface RebuildOptions extends Omit<FeedOptions, 'until' | 'reader'> {
  /** A projection's feed is done and one of the indexes it deferred is being built (ADR 0023). */
  readonly onIndexBuild?: (step: { readonly projection: string; readonly index: string }) => void;
}

export interface ProjectionStatus {
  readonly projection: string;
  readonly position: LogPosition;
  readonly globalPosition: string | null;
  readonly isRunning: boolean;
  /** Events of the projection's filter not yet applied, counted up to LAG_LIMIT; null unless asked for. */
  readonly lag: number | null;
  readonly error: string | null;
  /** The projection refused to go on (`error` says why) and is tried again every `refusalRetryMs` (ADR 0029). */
  readonly isRefusing: boolean;
  /** The code's version, and whether it is being rebuilt beside the tables of the stored one (ADR 0003). */
  readonly version: number;
  readonly isSwitchingVersion: boolean;
}

/**
 * A projection that is no read model was named for a rebuild (the notary, whose rows are evidence; the erasure
 * completion, whose work destroys keys): refused, never emptied.
 */
export class ProjectionNotDisposable extends Error {
  constructor(readonly projection: string) {
    super(
      `${projection} is not a disposable read model and is never rebuilt: the notary's rows are evidence of the log ` +
        '(check them with verify-log), and the erasure completion destroys keys that no rebuild brings back',
    );
    this.name = 'ProjectionNotDisposable';
  }
}

/**
 * Feeds each projection from its own catch-up subscription to the log, one transaction per batch that
 * holds both the rows and the checkpoint. After a crash the projection resumes exactly after the last
 * committed batch: nothing is applied twice or skipped. A projection whose code `version` differs from the
 * stored one is first rebuilt beside its live tables and switched over when caught up.
 */
export class Projector {
  private readonly logger = new Logger('Projector');
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly switching = new Map<string, Promise<void>>();
  private readonly errors = new Map<string, string>();
  /** The projections held by a refusal, until a batch of theirs applies again. */
  private readonly refusing = new Set<string>();
  /** The timers that try a refusing projection again. */
  private readonly retries = new Map<string, NodeJS.Timeout>();
  /** Writes of `projection_refusal`, one after another, so that a hold's row is never deleted before it is written. */
  private refusalsPublished: Promise<void> = Promise.resolve();
  private readonly feeds: Map<string, ProjectionFeed>;
  private readonly batchSize: number;
  private readonly refusalRetryMs: number;
  private readonly heldBackWatch: HeldBackWatch;
  private stopping = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    { batchSize = 1000, refusalRetryMs = REFUSAL_RETRY_MS }: ProjectorOptions = {},
  ) {
    this.batchSize = batchSize;
    this.refusalRetryMs = refusalRetryMs;
    this.heldBackWatch = new HeldBackWatch(store, this.logger, { limit: LAG_LIMIT });
    this.feeds = new Map(
      projections.map((projection) => [projection.name, new ProjectionFeed(store, dataSource, projection, batchSize)]),
    );
  }

  async start(): Promise<void> {
    this.stopping = new AbortController();
    // A hold an earlier process left: its projections are tried afresh now, and held again if they refuse again.
    await this.dataSource.query('DELETE FROM projection_refusal WHERE projection = ANY($1)', [
      this.projections.map(({ name }) => name),
    ]);
    await this.buildLeftoverIndexes(this.projections);
    await this.dropAbandonedVerifications();
    for (const projection of this.projections) {
      const checkpoint = await this.feedOf(projection).checkpoint();
      if (checkpoint && (checkpoint.version ?? 1) !== versionOf(projection)) {
        const switched = this.switchVersion(projection)
          .then(() => (this.stopping.signal.aborted ? undefined : this.subscribe(projection)))
          .catch((error: unknown) => this.failed(projection, error))
          .finally(() => this.switching.delete(projection.name));
        this.switching.set(projection.name, switched);
      } else {
        await this.subscribe(projection);
      }
    }
    this.heldBackWatch.start();
  }

  async stop(): Promise<void> {
    this.stopping.abort(new Error('the projector is stopping'));
    this.heldBackWatch.stop();
    for (const retry of this.retries.values()) clearTimeout(retry);
    this.retries.clear();
    await Promise.allSettled([...this.switching.values()]);
    await Promise.allSettled([...this.subscriptions.values()].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
    await Promise.allSettled([...this.feeds.values()].map((feed) => feed.idle()));
    await this.refusalsPublished;
  }

  /** Reads the log to its end once, without a live subscription (CLI commands, rebuilds). */
  async catchUp(
    projections: readonly Projection[] = this.projections,
    options: Omit<FeedOptions, 'until'> = {},
  ): Promise<void> {
    await this.buildLeftoverIndexes(projections);
    for (const projection of projections) {
      const checkpoint = await this.feedOf(projection).checkpoint();
      if (checkpoint && (checkpoint.version ?? 1) !== versionOf(projection))
        await this.switchVersion(projection, options);
      await this.feedOf(projection).feed(options);
    }
  }

  /**
   * Empties a projection's tables and checkpoint and reads the whole log again. Without a list: every
   * disposable projection; naming one that is not (the notary) is refused. The indexes only queries read are
   * dropped meanwhile and built at the end (ADR 0023); after a failure, by the next start or catch-up.
   */
  async rebuild(projections?: readonly Projection[], { onIndexBuild, ...options }: RebuildOptions = {}): Promise<void> {
    const chosen = projections ?? this.projections.filter(isDisposable);
    const kept = chosen.find((projection) => !isDisposable(projection));
    if (kept) throw new ProjectionNotDisposable(kept.name);
    // Side by side: each has its own tables and checkpoint, and one waits on the database while another computes.
    // They all start at the first event, so the log is read once for all of them.
    // All of them finish (or fail) before the first failure is reported, so none runs on after rebuild() returns.
    const shared = new SharedLogRead(this.store, chosen.map((projection) => projection.filter), this.batchSize);
    const readers = chosen.map((projection) => shared.join(projection.filter));
    const rebuilt = await Promise.allSettled(
      chosen.map(async (projection, index) => {
        const feed = this.feedOf(projection);
        const reader = readers[index]!;
        try {
          await feed.reset();
          await feed.deferQueryIndexes();
          await feed.feed({ ...options, reader: reader.read });
        } finally {
          reader.leave();
        }
        // While the other projections are still being fed: building an index is PostgreSQL's work, not ours.
        await feed.buildDeferredIndexes((name) => onIndexBuild?.({ projection: projection.name, index: name }));
      }),
    );
    const failure = rebuilt.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * Rebuilds projections into a fresh schema beside the live one (blue/green) up to the live checkpoint and
   * compares the tables row by row; the live read models are not touched. Without a list: every disposable one.
   */
  async verify(
    projections?: readonly Projection[],
    { sampleSize = 10, onProgress }: { sampleSize?: number; onProgress?: (progress: FeedProgress) => void } = {},
  ): Promise<ProjectionVerification[]> {
    const chosen = projections ?? this.projections.filter(isDisposable);
    const kept = chosen.find((projection) => !isDisposable(projection));
    if (kept) throw new ProjectionNotDisposable(kept.name);
    await this.dropAbandonedVerifications();
    const results: ProjectionVerification[] = [];
    for (const projection of chosen) {
      results.push(
        await verifyProjection(this.context(), projection, this.feedOf(projection), { sampleSize, onProgress }),
      );
    }
    return results;
  }

  /** True when no projection has an event left to read. */
  async isCaughtUp(): Promise<boolean> {
    if (this.switching.size > 0) return false;
    for (const projection of this.projections) {
      const after = await this.feedOf(projection).position();
      const { events } = await this.store.readAll({ after, filter: projection.filter, maxCount: 1 });
      if (events.length > 0) return false;
    }
    return true;
  }

  async waitUntilCaughtUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.isCaughtUp())) {
      const failed = [...this.errors.entries()][0];
      if (failed) throw new Error(`projection ${failed[0]} stopped: ${failed[1]}`);
      if (Date.now() > deadline) throw new Error(`projections did not catch up within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** True once `start()` runs the projections in this process (false for `serve --no-projector`, CLI commands). */
  get isLive(): boolean {
    return this.subscriptions.size > 0 || this.switching.size > 0 || this.retries.size > 0;
  }

  /** Each projection's checkpoint; `withLag` also counts the events still ahead of it (one read each). */
  async status({ withLag = false } = {}): Promise<ProjectionStatus[]> {
    const checkpoints = await this.dataSource.manager.find(ProjectionCheckpoint);
    // The holds of a projector in another process, too (`serve --no-projector` beside `registry project`).
    const heldElsewhere = new Map(
      (
        await this.dataSource.query<{ projection: string; reason: string }[]>(
          'SELECT projection, reason FROM projection_refusal',
        )
      ).map(({ projection, reason }) => [projection, reason]),
    );
    const statuses: ProjectionStatus[] = [];
    for (const projection of this.projections) {
      const position = checkpoints.find((row) => row.projection === projection.name);
      const after = position?.position ?? START_OF_LOG;
      const lag = withLag
        ? (await this.store.readAll({ after, filter: projection.filter, maxCount: LAG_LIMIT })).events.length
        : null;
      const isSwitchingVersion = this.switching.has(projection.name);
      statuses.push({
        projection: projection.name,
        position: after,
        globalPosition: position?.globalPosition ?? null,
        isRunning: (this.subscriptions.has(projection.name) || isSwitchingVersion) && !this.errors.has(projection.name),
        lag,
        error: this.errors.get(projection.name) ?? heldElsewhere.get(projection.name) ?? null,
        isRefusing: this.refusing.has(projection.name) || heldElsewhere.has(projection.name),
        version: versionOf(projection),
        isSwitchingVersion,
      });
    }
    return statuses;
  }

  private async subscribe(projection: Projection): Promise<void> {
    const feed = this.feedOf(projection);
    const after = await feed.startingPosition();
    // A projection that follows a rebuild elsewhere subscribes again, possibly while this projector is stopping.
    if (this.stopping.signal.aborted) return;
    const applyBatch: BatchHandler = async (events, next) => {
      const applied = await feed.applyBatch(events, next);
      // A batch another process applied meanwhile passed none of this projection's checks: it is still held.
      if (applied === 0 || !this.refusing.delete(projection.name)) return;
      this.errors.delete(projection.name);
      this.logger.log(`projection ${projection.name}: going on again`);
      this.publishRefusal(projection.name, undefined);
    };
    const subscription = this.store.subscribeToAll(applyBatch, {
      after,
      filter: projection.filter,
      batchSize: this.batchSize,
    });
    this.subscriptions.set(projection.name, subscription);
    subscription.done.catch((error: unknown) => {
      if (error instanceof ProjectionRefusal && !this.stopping.signal.aborted) return this.refused(projection, error);
      if (!(error instanceof CheckpointRewound) || this.stopping.signal.aborted) return this.failed(projection, error);
      // Another process emptied the projection (`registry rebuild`): follow the log again from where it now stands.
      this.logger.warn(`projection ${projection.name}: rebuilt by another process; following it from its checkpoint`);
      this.subscriptions.delete(projection.name);
      this.subscribe(projection).catch((failure: unknown) => this.failed(projection, failure));
    });
  }

  /**
   * Indexes a rebuild dropped and could not build again (it failed, or its process ended first): built now. One
   * read of the live schema's table finds whether there are any; usually there are none.
   */
  private async buildLeftoverIndexes(projections: readonly Projection[]): Promise<void> {
    const leftOver = await this.dataSource.query<{ projection: string }[]>(
      'SELECT DISTINCT projection FROM projection_deferred_index',
    );
    for (const projection of projections.filter(({ name }) => leftOver.some((row) => row.projection === name))) {
      const built = await this.feedOf(projection).buildDeferredIndexes();
      if (built.length === 0) continue;
      const names = built.join(', ');
      this.logger.warn(`projection ${projection.name}: built the indexes an unfinished rebuild left out: ${names}`);
    }
  }

  /** What killed `rebuild --verify` runs left beside the live tables: a copy of each projection they reached. */
  private async dropAbandonedVerifications(): Promise<void> {
    const dropped = await dropAbandonedVerifications(this.dataSource);
    if (dropped.length > 0)
      this.logger.warn(`dropped the schemas of verifications that did not finish: ${dropped.join(', ')}`);
  }

  private switchVersion(projection: Projection, options: Omit<FeedOptions, 'until'> = {}): Promise<void> {
    this.logger.log(
      `projection ${projection.name}: version ${versionOf(projection)} differs from the stored one; rebuilding beside it`,
    );
    return switchVersion(this.context(), projection, { ...options, signal: this.stopping.signal });
  }

  private failed(projection: Projection, error: unknown): void {
    if (this.stopping.signal.aborted) return;
    // Logged without the event's data: read models hold personal and case data.
    const message = error instanceof Error ? error.message : String(error);
    this.errors.set(projection.name, message);
    this.refusing.delete(projection.name);
    this.logger.error(`projection ${projection.name} stopped: ${message}`);
  }

  /**
   * Holds the projection that refused, alone: the others go on. It is tried again every `refusalRetryMs`, and goes on
   * once a batch applies (after the operator has acted); until then its status shows the refusal. Logged once per
   * reason, not at every try.
   */
  private refused(projection: Projection, refusal: ProjectionRefusal): void {
    this.subscriptions.delete(projection.name);
    if (this.errors.get(projection.name) !== refusal.message) {
      const every = this.refusalRetryMs / 1000;
      this.logger.error(`projection ${projection.name} stopped: ${refusal.message}; tried again every ${every} s`);
    }
    this.errors.set(projection.name, refusal.message);
    this.refusing.add(projection.name);
    this.publishRefusal(projection.name, refusal.message);
    // Forgotten once subscribed again, not when it fires: the projector stays live meanwhile (`isLive`).
    const retry = setTimeout(() => {
      this.subscribe(projection)
        .catch((failure: unknown) => this.failed(projection, failure))
        .finally(() => this.retries.get(projection.name) === retry && this.retries.delete(projection.name));
    }, this.refusalRetryMs).unref(); // the process's own work keeps it alive, not a retry
    this.retries.set(projection.name, retry);
  }

  /**
   * Writes the hold (`reason`) or its end (undefined) where a server in another process reads it. Best effort: a
   * failed write is logged and leaves this process's own status right; the table stays as it was until the next
   * refusal's try writes it again, or a projector of the projection starts.
   */
  private publishRefusal(projection: string, reason: string | undefined): void {
    const write = () =>
      reason === undefined
        ? this.dataSource.query('DELETE FROM projection_refusal WHERE projection = $1', [projection])
        : this.dataSource.query(
            `INSERT INTO projection_refusal (projection, reason) VALUES ($1, $2)
             ON CONFLICT (projection) DO UPDATE SET reason = EXCLUDED.reason`,
            [projection, reason],
          );
    this.refusalsPublished = this.refusalsPublished
      .then(write)
      .then(
        () => undefined,
        (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          this.logger.warn(`projection ${projection}: could not publish its hold for other processes: ${message}`);
        },
      );
  }

  private context() {
    return { store: this.store, dataSource: this.dataSource, batchSize: this.batchSize };
  }

  private feedOf(projection: Projection): ProjectionFeed {
    return (
      this.feeds.get(projection.name) ?? new ProjectionFeed(this.store, this.dataSource, projection, this.batchSize)
    );
  }
}

export type { ProjectionVerification } from './side-by-side';
