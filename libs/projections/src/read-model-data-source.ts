import { DataSource } from 'typeorm';
import { ReportStatistic } from './art8-reports/report-statistic.entity';
import { ReportReadModels1732320000000 } from './migrations/1732320000000-report-read-models';
import { ProjectionCheckpoint } from './projector/projection-checkpoint.entity';
import { ReportDetail } from './report-detail/report-detail.entity';

export const READ_MODEL_ENTITIES = [ProjectionCheckpoint, ReportDetail, ReportStatistic];
export const READ_MODEL_MIGRATIONS = [ReportReadModels1732320000000];

/**
 * The read-model database: the same PostgreSQL (or embedded PGlite) as the events, in `schema`. Tables
 * come from migrations only; `synchronize` is never used, so a model change cannot silently drop data.
 */
export const createReadModelDataSource = (url: string, schema: string): DataSource =>
  new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: READ_MODEL_ENTITIES,
    migrations: READ_MODEL_MIGRATIONS,
    migrationsTableName: 'read_model_migrations',
    synchronize: false,
    logging: false,
    // Unqualified table names in raw SQL resolve to the registry's schema.
    extra: { options: `-c search_path=${schema}`, max: 8 },
  });

/** Opens the data source and brings its tables up to date. */
export const openReadModels = async (url: string, schema: string): Promise<DataSource> => {
  const dataSource = createReadModelDataSource(url, schema);
  await dataSource.initialize();
  if (schema !== 'public') await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await dataSource.runMigrations({ transaction: 'all' });
  return dataSource;
};
