import { join } from 'node:path';
import { PostgresEventStore, startEmbeddedPostgres, type EventStore } from '@registry/event-store';
import { openReadModels, Projector, registryProjections } from '@registry/projections';
import type { DataSource } from 'typeorm';
import type { RegistryConfig } from '../config/registry-config';
import { lockDataDir } from './data-dir-lock';

export interface RuntimeOptions {
  /** 'live': projections follow the log in this process; 'none': the caller catches up explicitly. */
  readonly projections: 'live' | 'none';
}

/**
 * The registry's storage wired together: the event store, the read-model database and the projector, on a
 * PostgreSQL server or on embedded PGlite in the data directory. Opened once per process.
 */
export class RegistryRuntime {
  private constructor(
    readonly store: EventStore,
    readonly readModels: DataSource,
    readonly projector: Projector,
    private readonly release: () => Promise<void>,
  ) {}

  static async open(config: RegistryConfig, options: RuntimeOptions): Promise<RegistryRuntime> {
    const cleanups: (() => Promise<unknown>)[] = [];
    try {
      let url: string;
      if (config.storage.kind === 'embedded') {
        cleanups.unshift(await lockDataDir(config.storage.dataDir));
        const embedded = await startEmbeddedPostgres({ dataDir: join(config.storage.dataDir, 'pglite'), maxConnections: 16 });
        cleanups.unshift(() => embedded.stop());
        url = embedded.url;
      } else {
        url = config.storage.url;
      }
      const { schema } = config.storage;
      const store = await PostgresEventStore.connect(url, { schema, max: 8 });
      cleanups.unshift(() => store.close());
      const readModels = await openReadModels(url, schema);
      cleanups.unshift(() => readModels.destroy());
      const projector = new Projector(store, readModels, registryProjections());
      if (options.projections === 'live') await projector.start();
      cleanups.unshift(() => projector.stop());
      return new RegistryRuntime(store, readModels, projector, () => runAll(cleanups));
    } catch (error) {
      await runAll(cleanups);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.release();
  }
}

const runAll = async (cleanups: readonly (() => Promise<unknown>)[]): Promise<void> => {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
};
