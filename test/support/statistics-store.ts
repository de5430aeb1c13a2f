import { randomUUID } from 'node:crypto';
import { ExpectedRevision, PostgresEventStore, postgresPoolConfig, type EventStore } from '@registry/event-store';
import { openReadModels, Projector, StatisticsProjection } from '@registry/projections';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { streamOf, type StatisticsDomainEvent } from './statistics-events';

/**
 * A real event store (PostgreSQL or PGlite) with the statistics projection behind a Projector, for specs
 * that go through the application's handlers (snapshots, --as-of, restatements). Events are appended to
 * their streams as the write path would, with metadata whose `recordedAt` follows a clock the spec sets.
 */
export interface StatisticsStore {
  readonly store: EventStore;
  readonly readModels: DataSource;
  readonly projector: Projector;
  readonly database: TestDatabase;
  /** Appends each event to its stream, then lets the projector catch up; answers their global positions. */
  append(...events: readonly StatisticsDomainEvent[]): Promise<string[]>;
  /** The next event is recorded at this instant; later ones a minute apart. */
  setClock(at: string): void;
  close(): Promise<void>;
}

export const openStatisticsStore = async (): Promise<StatisticsStore> => {
  const database = await createTestDatabase();
  const isSingleSession = database.kind === 'pglite';
  // PGlite has one backend session: the store and the read models share one connection, as the registry does.
  const pool = new Pool(postgresPoolConfig(database.url, { max: isSingleSession ? 1 : 4 }));
  pool.on('error', () => undefined);
  await PostgresEventStore.migrate(pool, database.schema);
  const store = new PostgresEventStore({ pool, schema: database.schema });
  const readModels = await openReadModels(database.url, database.schema, isSingleSession ? pool : undefined);
  const projector = new Projector(store, readModels, [new StatisticsProjection()]);
  let clock = Date.parse('2025-01-15T12:00:00.000Z');
  return {
    store,
    readModels,
    projector,
    database,
    setClock: (at) => {
      clock = Date.parse(at);
    },
    append: async (...events) => {
      const positions: string[] = [];
      for (const event of events) {
        const data = event.data as { memberState?: string };
        const eventId = randomUUID();
        const result = await store.appendToStream(
          streamOf(event),
          [
            {
              type: event.type,
              data: event.data,
              metadata: {
                eventId,
                recordedAt: new Date(clock).toISOString(),
                actor: { userId: 'recorder-nl-1', role: 'recorder' },
                memberState: data.memberState ?? 'NL',
                correlationId: eventId,
                causationId: eventId,
                schemaVersion: 1,
              },
            },
          ],
          ExpectedRevision.any,
        );
        clock += 60_000;
        positions.push(result.globalPosition.toString());
      }
      await projector.catchUp();
      return positions;
    },
    close: async () => {
      await store.close();
      await readModels.destroy();
      await pool.end();
      await database.close();
    },
  };
};
