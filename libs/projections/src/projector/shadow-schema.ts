import { createHash } from 'node:crypto';
import { quoteIdent } from '@registry/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresDataSourceOptions as PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { READ_MODEL_MIGRATIONS } from '../read-model-data-source';

/** `<live>_<purpose>_<name>`, cut to PostgreSQL's 63 characters with a hash when longer. */
export const shadowSchemaName = (live: string, purpose: 'verify' | 'next' | 'retired', name: string): string => {
  const plain = `${live}_${purpose}_${name.replace(/[^a-z0-9_]/g, '_')}`;
  return plain.length <= 63
    ? plain
    : `${plain.slice(0, 50)}_${createHash('sha256').update(plain).digest('hex').slice(0, 12)}`;
};

/**
 * A fresh schema beside the live read models, migrated exactly like them, with a DataSource whose entities
 * resolve to it. Used to rebuild projections side by side: `rebuild --verify` compares it with the live tables,
 * a new projection version is built in it and then swapped in (ADR 0003).
 */
export class ShadowSchema {
  private constructor(
    readonly name: string,
    readonly dataSource: DataSource,
    private readonly live: DataSource,
  ) {}

  /** Drops what a crashed run may have left under the same name and creates the schema anew. */
  static async create(live: DataSource, name: string): Promise<ShadowSchema> {
    await live.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
    // The migrations' SQL is unqualified: SET LOCAL aims it at the new schema for this transaction only
    // (a connection option would not do on PGlite, whose one session the whole process shares).
    await live.transaction(async (manager) => {
      await manager.query(`CREATE SCHEMA ${quoteIdent(name)}`);
      await manager.query(`SET LOCAL search_path TO ${quoteIdent(name)}`);
      for (const Migration of READ_MODEL_MIGRATIONS) await new Migration().up(manager.queryRunner!);
    });
    const options = live.options as PostgresConnectionOptions;
    const dataSource = new DataSource({
      ...options,
      schema: name,
      migrations: [],
      extra: { ...(options.extra as object), options: `-c search_path=${name}`, max: 2 },
    });
    await dataSource.initialize();
    return new ShadowSchema(name, dataSource, live);
  }

  async drop(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.live.query(`DROP SCHEMA IF EXISTS ${quoteIdent(this.name)} CASCADE`);
  }
}

/**
 * Puts the shadow's tables in place of the live ones in the caller's transaction: the live tables move to
 * `retired` (dropped by the caller after commit) and the shadow's take their place, indexes and all.
 * Readers see the old tables until commit and the new ones after; nothing is copied.
 */
export const swapTables = async (
  manager: EntityManager,
  tables: readonly string[],
  from: string,
  to: string,
  retired: string,
): Promise<void> => {
  await manager.query(`DROP SCHEMA IF EXISTS ${quoteIdent(retired)} CASCADE`);
  await manager.query(`CREATE SCHEMA ${quoteIdent(retired)}`);
  for (const table of tables) {
    await manager.query(`ALTER TABLE ${quoteIdent(to)}.${quoteIdent(table)} SET SCHEMA ${quoteIdent(retired)}`);
    await manager.query(`ALTER TABLE ${quoteIdent(from)}.${quoteIdent(table)} SET SCHEMA ${quoteIdent(to)}`);
  }
};
