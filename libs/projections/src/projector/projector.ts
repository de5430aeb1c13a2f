import { Logger } from '@nestjs/common';
import { START_OF_LOG, type EventStore, type LogPosition, type RecordedEvent, type Subscription } from '@registry/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import type { Projection } from './projection';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

/** Lag is counted up to here: enough to tell "catching up" from "far behind" without scanning the log. */
export const LAG_LIMIT = 1000;

export interface ProjectorOptions {
  /** Events per transaction (default 500): smaller batches commit progress more often, larger ones run faster. */
  readonly batchSize?: number;
}

export interface ProjectionStatus {
  readonly projection: string;
  readonly position: LogPosition;
  readonly globalPosition: string | null;
  readonly isRunning: boolean;
  /** Events of the projection's filter not yet applied, counted up to LAG_LIMIT; null unless asked for. */
  readonly lag: number | null;
  readonly error: string | null;
}

/**
 * Feeds each projection from its own catch-up subscription to the log, one transaction per batch that
 * holds both the rows and the checkpoint. After a crash the projection resumes exactly after the last
 * committed batch: nothing is applied twice or skipped.
 */
export class Projector {
  private readonly logger = new Logger('Projector');
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly errors = new Map<string, string>();
  private readonly batchSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    { batchSize = 500 }: ProjectorOptions = {},
  ) {
    this.batchSize = batchSize;
  }

  async start(): Promise<void> {
    for (const projection of this.projections) {
      const checkpoint = await this.checkpointOf(projection.name, this.dataSource.manager);
      const subscription = this.store.subscribeToAll((events, next) => this.applyBatch(projection, events, next), {
        after: checkpoint?.position ?? START_OF_LOG,
        filter: projection.filter,
        batchSize: this.batchSize,
      });
      this.subscriptions.set(projection.name, subscription);
      subscription.done.catch((error: unknown) => {
        // Logged without the event's data: read models hold personal and case data.
        const message = error instanceof Error ? error.message : String(error);
        this.errors.set(projection.name, message);
        this.logger.error(`projection ${projection.name} stopped: ${message}`);
      });
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.subscriptions.values()].map((subscription) => subscription.stop()));
    this.subscriptions.clear();
  }

  /** Reads the log to its end once, without a live subscription (CLI commands, rebuilds). */
  async catchUp(projections: readonly Projection[] = this.projections): Promise<void> {
    for (const projection of projections) {
      let after = (await this.checkpointOf(projection.name, this.dataSource.manager))?.position ?? START_OF_LOG;
      for (;;) {
        const { events, next, isEnd } = await this.store.readAll({ after, filter: projection.filter, maxCount: this.batchSize });
        if (events.length > 0 || next !== after) await this.applyBatch(projection, events, next);
        after = next;
        if (isEnd) break;
      }
    }
  }

  /** Empties a projection's tables and checkpoint and reads the whole log again. */
  async rebuild(projections: readonly Projection[] = this.projections): Promise<void> {
    for (const projection of projections) {
      await this.dataSource.transaction(async (manager) => {
        for (const table of projection.tables) await manager.query(`TRUNCATE TABLE ${quoteIdent(table)}`);
        await manager.delete(ProjectionCheckpoint, { projection: projection.name });
      });
    }
    await this.catchUp(projections);
  }

  /** True when no projection has an event left to read. */
  async isCaughtUp(): Promise<boolean> {
    for (const projection of this.projections) {
      const after = (await this.checkpointOf(projection.name, this.dataSource.manager))?.position ?? START_OF_LOG;
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
    return this.subscriptions.size > 0;
  }

  /** Each projection's checkpoint; `withLag` also counts the events still ahead of it (one read each). */
  async status({ withLag = false } = {}): Promise<ProjectionStatus[]> {
    const checkpoints = await this.dataSource.manager.find(ProjectionCheckpoint);
    const statuses: ProjectionStatus[] = [];
    for (const projection of this.projections) {
      const position = checkpoints.find((row) => row.projection === projection.name);
      const after = position?.position ?? START_OF_LOG;
      const lag = withLag ? (await this.store.readAll({ after, filter: projection.filter, maxCount: LAG_LIMIT })).events.length : null;
      statuses.push({
        projection: projection.name,
        position: after,
        globalPosition: position?.globalPosition ?? null,
        isRunning: this.subscriptions.has(projection.name) && !this.errors.has(projection.name),
        lag,
        error: this.errors.get(projection.name) ?? null,
      });
    }
    return statuses;
  }

  private async applyBatch(projection: Projection, events: readonly RecordedEvent[], next: LogPosition): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (events.length > 0) await projection.apply(events, manager);
      const last = events.at(-1);
      const previous = last ? null : await this.checkpointOf(projection.name, manager);
      await manager.upsert(
        ProjectionCheckpoint,
        {
          projection: projection.name,
          position: next,
          globalPosition: last ? last.globalPosition.toString() : (previous?.globalPosition ?? null),
          updatedAt: new Date(),
        },
        ['projection'],
      );
    });
  }

  private checkpointOf(name: string, manager: EntityManager): Promise<ProjectionCheckpoint | null> {
    return manager.findOne(ProjectionCheckpoint, { where: { projection: name } });
  }
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
