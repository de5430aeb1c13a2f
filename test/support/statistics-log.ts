import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@registry/event-store';
import { openReadModels, StatisticsProjection } from '@registry/projections';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { streamOf, type StatisticsDomainEvent } from './statistics-events';

/**
 * Stamps domain events as the event store records them: one log in order, positions "<n>/<n>" (the
 * PostgreSQL adapter's "<transaction>/<global position>" shape), stream revisions from 0, and the metadata
 * every event carries. `recordedAt` is a clock the spec controls, so `--as-of DATE` is deterministic.
 */
export class StatisticsLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();
  private readonly memberStates = new Map<string, string>();
  private clock: number;

  constructor(
    startAt = '2025-01-15T12:00:00.000Z',
    private readonly stepMs = 60_000,
  ) {
    this.clock = Date.parse(startAt);
  }

  /** The next event is recorded at this instant; later ones a step apart. */
  setClock(at: string): void {
    this.clock = Date.parse(at);
  }

  record(...domainEvents: readonly StatisticsDomainEvent[]): RecordedEvent[] {
    return domainEvents.map((event) => {
      const streamName = streamOf(event);
      const revision = (this.revisions.get(streamName) ?? -1) + 1;
      this.revisions.set(streamName, revision);
      const data = event.data as { memberState?: string };
      if (data.memberState && !this.memberStates.has(streamName)) this.memberStates.set(streamName, data.memberState);
      const n = this.events.length + 1;
      const eventId = randomUUID();
      const recorded: RecordedEvent = {
        streamName,
        streamRevision: revision,
        globalPosition: BigInt(n),
        position: `${n}/${n}`,
        type: event.type,
        data: event.data,
        metadata: {
          eventId,
          recordedAt: new Date(this.clock).toISOString(),
          actor: { userId: 'recorder-nl-1', role: 'recorder' },
          memberState: this.memberStates.get(streamName) ?? 'NL',
          correlationId: eventId,
          causationId: eventId,
          schemaVersion: 1,
        },
      };
      this.clock += this.stepMs;
      this.events.push(recorded);
      return recorded;
    });
  }
}

/** The read-model database with the statistics tables, fed straight from recorded events (no projector). */
export interface StatisticsReadModels {
  readonly readModels: DataSource;
  readonly database: TestDatabase;
  /** One batch in its own transaction, as the projector delivers it. */
  project(events: readonly RecordedEvent[]): Promise<void>;
  /** Empties the statistics tables between scenarios. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const openStatisticsReadModels = async (): Promise<StatisticsReadModels> => {
  const database = await createTestDatabase();
  // PGlite has one backend session: share one connection, as the registry does.
  const pool = database.kind === 'pglite' ? new Pool({ connectionString: database.url, max: 1 }) : undefined;
  const readModels = await openReadModels(database.url, database.schema, pool);
  const projection = new StatisticsProjection();
  return {
    readModels,
    database,
    project: (events) => readModels.transaction((manager) => projection.apply(events, manager)),
    reset: async () => {
      await readModels.query(`TRUNCATE ${projection.tables.join(', ')}`);
    },
    close: async () => {
      await readModels.destroy();
      await pool?.end();
      await database.close();
    },
  };
};
