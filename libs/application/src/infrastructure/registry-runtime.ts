import { join } from 'node:path';
import {
  BatchingEventStore,
  EsdbEventStore,
  PostgresEventStore,
  postgresPoolConfig,
  startEmbeddedPostgres,
  surviveSocketErrors,
  type EventStore,
} from '@registry/event-store';
import { Pool } from 'pg';
import { NotaryProjection, openReadModels, Projector, registryProjections, type NotaryKey } from '@registry/projections';
import type { DataSource } from 'typeorm';
import type { RegistryConfig } from '../config/registry-config';
import { ErasureCompletion } from '../privacy/erasure-completion';
import { PersonalData } from '../privacy/personal-data';
import { Pseudonyms } from '../privacy/pseudonyms';
import { SubjectKeyStore } from '../privacy/subject-key-store';
import { KeyChecks } from '../security/key-checks';
import { RegistrySecurity } from '../security/registry-security';
import { lockDataDir } from './data-dir-lock';
import { announceReadModelUse, type ReadModelUse } from './read-model-use';
import { underSchemaSetUpLock } from './schema-set-up-lock';
import { asDatabaseUrlError, asEventStoreUrlError } from './unreachable-storage';

export interface RuntimeOptions {
  /** 'live': projections follow the log in this process; 'none': the caller catches up explicitly. */
  readonly projections: 'live' | 'none';
  /**
   * Told to the other processes on a database server for as long as this one runs (see announceReadModelUse):
   * 'serving' and 'projecting' wait for a running rebuild, 'rebuilding' is refused while either runs. Unset:
   * neither (one-off commands, which read the read models or catch them up, under the projections' own lock).
   */
  readonly readModelUse?: ReadModelUse;
}

/**
 * The registry's storage wired together: the event store, the read-model database and the projector. Events
 * live in EventStoreDB when EVENTSTORE_URL is set, otherwise in PostgreSQL; read models, checkpoints and
 * subject keys always live in PostgreSQL (a server, or embedded PGlite in the data directory). Opened once
 * per process.
 */
export class RegistryRuntime {
  private constructor(
    readonly store: EventStore,
    /** Whether this process runs the projections (`serve`, `project`) or leaves them to another (`serve --no-projector`). */
    readonly projections: RuntimeOptions['projections'],
    readonly readModels: DataSource,
    readonly projector: Projector,
    /** Secrets (data directory or environment), token verification, rate limit and CORS settings. */
    readonly security: RegistrySecurity,
    readonly pseudonyms: Pseudonyms,
    /** Per-subject keys (outside the event store) for sealing and revealing personal fields. */
    readonly personalData: PersonalData,
    /** Signs the notary's seals over the log; its public key is what a third party verifies them with. */
    readonly notaryKey: NotaryKey,
    private readonly release: () => Promise<void>,
  ) {}

  static async open(config: RegistryConfig, options: RuntimeOptions): Promise<RegistryRuntime> {
    const cleanups: (() => Promise<unknown>)[] = [];
    try {
      let url: string;
      let isSingleSession: boolean;
      if (config.storage.kind === 'embedded') {
        cleanups.unshift(await lockDataDir(config.storage.dataDir));
        const embedded = await startEmbeddedPostgres({
          dataDir: join(config.storage.dataDir, 'pglite'),
          maxConnections: 4,
        });
        cleanups.unshift(() => embedded.stop());
        url = embedded.url;
        isSingleSession = true;
      } else {
        url = config.storage.url;
        isSingleSession = config.storage.isSingleSession ?? false;
      }
      const { schema } = config.storage;
      // PGlite runs one backend session: its socket multiplexer interleaves the protocol messages of
      // concurrent connections ("portal does not exist"), so the whole process shares one connection.
      const pool = surviveSocketErrors(
        new Pool(
          postgresPoolConfig(url, {
            max: isSingleSession ? 1 : 10,
            idleInTransactionSessionTimeoutMs: isSingleSession ? 0 : 60_000,
          }),
        ),
      );
      pool.on('error', () => undefined);
      cleanups.unshift(() => pool.end());
      const store = config.eventStoreUrl
        ? await eventStoreDb(config.eventStoreUrl)
        : await postgresEvents(pool, schema);
      cleanups.unshift(() => store.close());
      const setUpTables = async () => {
        await SubjectKeyStore.migrate(pool, schema);
        await KeyChecks.migrate(pool, schema);
        return openReadModels(url, schema, isSingleSession ? pool : undefined);
      };
      // One process at a time (see underSchemaSetUpLock); the embedded database admits one process anyway.
      const readModels = await (isSingleSession ? setUpTables() : underSchemaSetUpLock(pool, schema, setUpTables));
      cleanups.unshift(() => readModels.destroy());
      // Before anything writes with them: keys other than the ones the database was written with are refused.
      const security = await RegistrySecurity.open(config.security, { pool, schema });
      const notaryKey = await security.notaryKey();
      const subjectKeys = new SubjectKeyStore(pool, schema, security.secrets.keyWrappingKey());
      const personalData = new PersonalData(subjectKeys);
      if (options.readModelUse && !isSingleSession) {
        cleanups.unshift(await announceReadModelUse(postgresPoolConfig(url), schema, options.readModelUse));
      }
      // The notary runs with the read models but is not one: it hashes every event, access records included. Last,
      // so that a CLI catch-up brings the read models up to date (and completes erasures) before a notary that
      // refuses (ADR 0029) fails it. Nor is the erasure completion one: it destroys the keys of erasures recorded by
      // a process that stopped before it did.
      const notary = new NotaryProjection(notaryKey, { latestSeal: security.latestNotarySeal() });
      const reactors = [new ErasureCompletion(subjectKeys), notary];
      const projector = new Projector(store, readModels, [...registryProjections(), ...reactors], {
        batchSize: config.projectorBatchSize,
      });
      if (options.projections === 'live') await projector.start();
      cleanups.unshift(() => projector.stop());
      return new RegistryRuntime(
        store,
        options.projections,
        readModels,
        projector,
        security,
        new Pseudonyms(security.secrets),
        personalData,
        notaryKey,
        () => runAll(cleanups),
      );
    } catch (error) {
      await runAll(cleanups);
      throw config.storage.kind === 'postgres' ? asDatabaseUrlError(error, config.storage.url) : error;
    }
  }

  async close(): Promise<void> {
    await this.release();
  }
}

/** Batching (imports) wraps the store; outside a batch it passes everything through. */
const eventStoreDb = async (url: string): Promise<EventStore> => {
  try {
    return await EsdbEventStore.connect(url);
  } catch (error) {
    throw asEventStoreUrlError(error);
  }
};

const postgresEvents = async (pool: Pool, schema: string): Promise<EventStore> => {
  await PostgresEventStore.migrate(pool, schema);
  return new BatchingEventStore(new PostgresEventStore({ pool, schema }));
};

const runAll = async (cleanups: readonly (() => Promise<unknown>)[]): Promise<void> => {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
};
