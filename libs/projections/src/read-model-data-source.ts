import * as pg from 'pg';
import { surviveSocketErrors } from '@registry/event-store';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ReportReadModels1732320000000 } from './migrations/1732320000000-report-read-models';
import { Notary1732330000000 } from './migrations/1732330000000-notary';
import { CaseRecords1732340000000 } from './migrations/1732340000000-case-records';
import { Statistics1732350000000 } from './migrations/1732350000000-statistics';
import { DropArt8Report1732360000000 } from './migrations/1732360000000-drop-art8-report';
import { ProjectionVersions1732370000000 } from './migrations/1732370000000-projection-versions';
import { AccessLog1732380000000 } from './migrations/1732380000000-access-log';
import { DeferredIndexes1732390000000 } from './migrations/1732390000000-deferred-indexes';
import { JudgmentDecidedYear1732400000000 } from './migrations/1732400000000-judgment-decided-year';
import { ProjectionRefusals1732410000000 } from './migrations/1732410000000-projection-refusals';
import { ProjectionCheckpoint } from './projector/projection-checkpoint.entity';
import { ReportDetail } from './report-detail/report-detail.entity';

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, ReportDetail];
export const READ_MODEL_MIGRATIONS = [
  ReportReadModels1732320000000,
  Notary1732330000000,
  CaseRecords1732340000000,
  Statistics1732350000000,
  DropArt8Report1732360000000,
  ProjectionVersions1732370000000,
  AccessLog1732380000000,
  DeferredIndexes1732390000000,
  JudgmentDecidedYear1732400000000,
  ProjectionRefusals1732410000000,
];

/**
 * The read-model database: the same PostgreSQL (or embedded PGlite) as the events, in `schema`. Tables
 * come from migrations only; `synchronize` is never used, so a model change cannot silently drop data.
 */
export const createReadModelDataSource = (url: string, schema: string, sharedPool?: pg.Pool): DataSource =>
  new DataSource({
    type: 'postgres',
    url,
    schema,
    driver: sharedPool ? driverOver(sharedPool) : driverSurvivingSocketErrors,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    logging: false,
    // Unqualified table names in raw SQL resolve to the registry's schema.
    extra: { options: `-c search_path=${schema}`, max: 8 },
  });

/** The schema the live read models are in (the DataSource's `schema`; embedded PGlite: public). */
export const liveSchemaOf = (dataSource: DataSource): string =>
  (dataSource.options as PostgresDataSourceOptions).schema ?? 'public';

/** Opens the data source and brings its tables up to date. */
export const openReadModels = async (url: string, schema: string, sharedPool?: pg.Pool): Promise<DataSource> => {
  const dataSource = createReadModelDataSource(url, schema, sharedPool);
  await dataSource.initialize();
  try {
    if (schema !== 'public') await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'all' });
  } catch (error) {
    // Its connections would otherwise stay open, and keep a process that handles the error from ending.
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
};

/** The pg module as TypeORM sees it, its pools guarded against a connection that dies while checked out. */
const driverSurvivingSocketErrors: typeof pg = {
  ...pg,
  Pool: class extends pg.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config);
      surviveSocketErrors(this);
    }
  },
};

/**
 * The pg module as TypeORM sees it, but every `new Pool()` is the given pool, which TypeORM may use but not
 * end. Embedded PGlite has a single backend session, so the whole process shares one connection to it.
 */
const driverOver = (pool: pg.Pool): typeof pg => {
  const borrowed = new Proxy(pool, {
    get: (target, property, receiver) =>
      property === 'end' ? (callback?: (error?: Error) => void) => callback?.() : (Reflect.get(target, property, receiver) as unknown),
  });
  return { ...pg, Pool: function SharedPool() { return borrowed; } as unknown as typeof pg.Pool };
};
