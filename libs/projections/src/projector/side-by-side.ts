import {
  hasConnectionToSpare,
  quoteIdent,
  START_OF_LOG,
  underSessionLock,
  type EventStore,
} from '@registry/event-store';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { versionOf, type Projection } from './projection';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProjectionFeed, type FeedOptions, type FeedProgress } from './projection-feed';
import { compareTables, type TableDifference } from './read-model-diff';
import { liveSchemaOf } from '../read-model-data-source';
import { shadowSchemaName, ShadowSchema, swapTables } from './shadow-schema';

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
 * running projector moved the live side meanwhile, the rebuild follows it and compares again. The shadow schema is
 * dropped at the end; one that a killed run left is dropped by the next (`dropAbandonedVerifications`).
 */
export const verifyProjection = async (
  context: SideBySideContext,
  projection: Projection,
  live: ProjectionFeed,
  options: { sampleSize: number; onProgress?: (progress: FeedProgress) => void },
): Promise<ProjectionVerification> => {
  const shadowName = shadowSchemaName(liveSchemaOf(context.dataSource), 'verify', `${process.pid}_${projection.name}`);
  return asRunningVerification(context.dataSource, shadowName, () =>
    verifyIn(shadowName, context, projection, live, options),
  );
};

/** `verifyProjection` in the shadow schema it named. */
const verifyIn = async (
  shadowName: string,
  { store, dataSource, batchSize }: SideBySideContext,
  projection: Projection,
  live: ProjectionFeed,
  { sampleSize, onProgress }: { sampleSize: number; onProgress?: (progress: FeedProgress) => void },
): Promise<ProjectionVerification> => {
  const liveSchema = liveSchemaOf(dataSource);
  const shadow = await ShadowSchema.create(dataSource, shadowName);
  try {
    const rebuilt = new ProjectionFeed(store, shadow.dataSource, projection, batchSize, shadow.name);
    // Only compared, then dropped: its query indexes are never needed (ADR 0023).
    await rebuilt.deferQueryIndexes();
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

/** The verifications running in this process, by shadow schema (PGlite's one session cannot tell them by a lock). */
const verificationsHere = new Set<string>();

const verificationLockKey = (shadowName: string): string => `registry.verify:${shadowName}`;

/**
 * Runs a verification that builds in `shadowName` while holding a session lock named after it, on a connection of
 * its own: the lock says that the schema is in use, and it ends with the process, however that ends.
 */
const asRunningVerification = async <T>(
  dataSource: DataSource,
  shadowName: string,
  work: () => Promise<T>,
): Promise<T> => {
  verificationsHere.add(shadowName);
  try {
    const pool = poolOf(dataSource);
    return await (hasConnectionToSpare(pool) ? underSessionLock(pool, verificationLockKey(shadowName), work) : work());
  } finally {
    verificationsHere.delete(shadowName);
  }
};

/**
 * Drops the shadow schemas of `rebuild --verify` runs that ended without dropping them (killed): a full copy of
 * the projections they had reached, which nothing else would ever drop, since each run names its schema after its
 * process. A schema whose lock (`asRunningVerification`) another session holds belongs to a verification still
 * running. A pool of one connection (embedded PGlite) has no session to spare for a lock, but its data directory
 * admits one process: there every such schema but this process's own is abandoned. Answers the schemas dropped.
 */
export const dropAbandonedVerifications = async (dataSource: DataSource): Promise<string[]> => {
  const prefix = `${liveSchemaOf(dataSource)}_verify_`;
  // Names longer than PostgreSQL's 63 characters are cut to 50 and hashed (shadowSchemaName): with a prefix that
  // long, the schemas found by it could be another live schema's.
  if (prefix.length > 50) return [];
  const found = await dataSource.query<{ nspname: string }[]>(
    'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) ORDER BY nspname',
    [prefix],
  );
  const pool = poolOf(dataSource);
  const dropped: string[] = [];
  for (const { nspname: name } of found) {
    // `<pid>_<projection>`: anything else with that prefix is not a verification's.
    if (!/^[0-9]+_/.test(name.slice(prefix.length)) || verificationsHere.has(name)) continue;
    if (!hasConnectionToSpare(pool)) {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
      dropped.push(name);
      continue;
    }
    const session = await pool.connect();
    try {
      const { rows } = await session.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [verificationLockKey(name)],
      );
      if (!rows[0]?.locked) continue;
      try {
        await session.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
        dropped.push(name);
      } finally {
        await session.query('SELECT pg_advisory_unlock(hashtext($1))', [verificationLockKey(name)]);
      }
    } finally {
      session.release();
    }
  }
  return dropped;
};

/**
 * A new projection version: builds it in a shadow schema from the first event while the old tables keep
 * answering reads, then, in one transaction, moves the old tables out, the new ones in and records the new
 * version's checkpoint. The live subscription then continues from there (ADR 0003).
 */
export const switchVersion = async (
  context: SideBySideContext,
  projection: Projection,
  options: Omit<FeedOptions, 'until'>,
): Promise<void> => {
  const { dataSource } = context;
  await oneSwitchAtATime(dataSource, `registry.switch:${liveSchemaOf(dataSource)}:${projection.name}`, async () => {
    const stored = await dataSource.manager.findOne(ProjectionCheckpoint, { where: { projection: projection.name } });
    // Switched meanwhile by whoever held the lock before: nothing left to build.
    if (stored && (stored.version ?? 1) === versionOf(projection)) return;
    await buildAndSwitch(context, projection, options);
  });
};

/** Switches running in this process, by lock key: a second waits for the first (PGlite shares one session). */
const switchesHere = new Map<string, Promise<void>>();

/**
 * One version switch of a projection at a time, in this process and across processes (ADR 0019): two would build in
 * the same shadow schema, and the second would drop the first's tables under it. Across processes a session advisory
 * lock, held on a connection of its own for the whole build; a pool of one connection (embedded PGlite, which admits
 * one process) has none to spare, and the queue in this process is all it needs.
 */
const oneSwitchAtATime = async (dataSource: DataSource, lockKey: string, work: () => Promise<void>): Promise<void> => {
  const before = switchesHere.get(lockKey);
  const mine = (async () => {
    await before?.catch(() => undefined);
    const pool = poolOf(dataSource);
    await (hasConnectionToSpare(pool) ? underSessionLock(pool, lockKey, work) : work());
  })();
  switchesHere.set(lockKey, mine);
  try {
    await mine;
  } finally {
    if (switchesHere.get(lockKey) === mine) switchesHere.delete(lockKey);
  }
};

/** The read models' pg pool: TypeORM's PostgreSQL driver keeps it as `master` (embedded PGlite's is shared, of one). */
const poolOf = (dataSource: DataSource): Pool => (dataSource.driver as PostgresDriver).master as Pool;

/** The switch itself, as `switchVersion` describes it, once this process may make it. */
const buildAndSwitch = async (
  { store, dataSource, batchSize }: SideBySideContext,
  projection: Projection,
  options: Omit<FeedOptions, 'until'>,
): Promise<void> => {
  const liveSchema = liveSchemaOf(dataSource);
  const shadow = await ShadowSchema.create(dataSource, shadowSchemaName(liveSchema, 'next', projection.name));
  try {
    const next = new ProjectionFeed(store, shadow.dataSource, projection, batchSize, shadow.name);
    // The query indexes are built once, over the tables the first pass filled (ADR 0023).
    await next.deferQueryIndexes();
    await next.feed(options);
    await next.buildDeferredIndexes();
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
