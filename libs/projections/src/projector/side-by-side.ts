import { START_OF_LOG, type EventStore } from '@registry/event-store';
import type { DataSource } from 'typeorm';
import { versionOf, type Projection } from './projection';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProjectionFeed, quoteIdent, type FeedOptions, type FeedProgress } from './projection-feed';
import { compareTables, type TableDifference } from './read-model-diff';
import { liveSchemaOf, shadowSchemaName, ShadowSchema, swapTables } from './shadow-schema';

export interface SideBySideContext {
  readonly store: EventStore;
  readonly dataSource: DataSource;
  readonly batchSize: number;
}

/** A projection rebuilt beside the live tables and compared with them at the same log position. */
export interface ProjectionVerification {
  readonly projection: string;
  /** The last event both sides reflect. */
  readonly globalPosition: string | null;
  readonly differences: readonly TableDifference[];
}

/** A live projection that never holds still long enough to compare (a projector applying a flood of events). */
const MAX_ATTEMPTS = 20;

/**
 * `rebuild --verify` for one projection: rebuilds it into a fresh schema up to the live checkpoint, then,
 * in one repeatable-read transaction that sees the live checkpoint unchanged, compares the tables. If a
 * running projector moved the live side meanwhile, the rebuild follows it and compares again.
 */
export const verifyProjection = async (
  { store, dataSource, batchSize }: SideBySideContext,
  projection: Projection,
  live: ProjectionFeed,
  { sampleSize, onProgress }: { sampleSize: number; onProgress?: (progress: FeedProgress) => void },
): Promise<ProjectionVerification> => {
  const liveSchema = liveSchemaOf(dataSource);
  const shadow = await ShadowSchema.create(
    dataSource,
    shadowSchemaName(liveSchema, 'verify', `${process.pid}_${projection.name}`),
  );
  try {
    const rebuilt = new ProjectionFeed(store, shadow.dataSource, projection, batchSize, shadow.name);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const target = await live.checkpoint();
      const until = target?.position ?? START_OF_LOG;
      await rebuilt.feed({ until, ...(onProgress && { onProgress }) });
      const differences = await dataSource.transaction('REPEATABLE READ', async (manager) => {
        const now = await live.checkpoint(manager);
        if ((now?.position ?? START_OF_LOG) !== until) return undefined;
        return compareTables(manager, projection.tables, liveSchema, shadow.name, sampleSize);
      });
      if (differences)
        return { projection: projection.name, globalPosition: target?.globalPosition ?? null, differences };
    }
    throw new Error(
      `projection ${projection.name} kept moving: compared ${MAX_ATTEMPTS} times without catching it at rest`,
    );
  } finally {
    await shadow.drop();
  }
};

/**
 * A new projection version: builds it in a shadow schema from the first event while the old tables keep
 * answering reads, then, in one transaction, moves the old tables out, the new ones in and records the new
 * version's checkpoint. The live subscription then continues from there (ADR 0003).
 */
export const switchVersion = async (
  { store, dataSource, batchSize }: SideBySideContext,
  projection: Projection,
  options: Omit<FeedOptions, 'until'>,
): Promise<void> => {
  const liveSchema = liveSchemaOf(dataSource);
  const shadow = await ShadowSchema.create(dataSource, shadowSchemaName(liveSchema, 'next', projection.name));
  try {
    const next = new ProjectionFeed(store, shadow.dataSource, projection, batchSize, shadow.name);
    await next.feed(options);
    // What arrived during the long first pass: the rest is applied live after the switch.
    await next.feed(options);
    const built = await next.checkpoint();
    const retired = shadowSchemaName(liveSchema, 'retired', projection.name);
    await dataSource.transaction(async (manager) => {
      await swapTables(manager, projection.tables, shadow.name, liveSchema, retired);
      await manager.upsert(
        ProjectionCheckpoint,
        {
          projection: projection.name,
          position: built?.position ?? START_OF_LOG,
          globalPosition: built?.globalPosition ?? null,
          version: versionOf(projection),
          updatedAt: new Date(),
        },
        ['projection'],
      );
    });
    await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdent(retired)} CASCADE`);
  } finally {
    await shadow.drop();
  }
};
