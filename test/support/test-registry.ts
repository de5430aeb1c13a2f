import type { INestApplication } from '@nestjs/common';
import { createApi } from '@registry/api';
import { FixedClock, RegistryRuntime, type Clock } from '@registry/application';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

export interface TestRegistry {
  readonly app: INestApplication;
  readonly http: TestAgent;
  readonly runtime: RegistryRuntime;
  readonly database: TestDatabase;
  readonly clock: FixedClock;
  /** Waits until every projection has read the whole log (read models are eventually consistent). */
  settle(): Promise<void>;
  /** Number of events in the log: a rejected command must leave it unchanged. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The whole registry in-process over a test database (PostgreSQL in DATABASE_URL, else PGlite), with
 * live projections, a fixed clock and the HTTP API behind supertest.
 */
export const startTestRegistry = async (clock: Clock = new FixedClock(new Date('2025-01-15T12:00:00Z'))): Promise<TestRegistry> => {
  const database = await createTestDatabase();
  const runtime = await RegistryRuntime.open(
    {
      storage: { kind: 'postgres', url: database.url, schema: database.schema, isSingleSession: database.kind === 'pglite' },
      port: 0,
      eventStoreUrl: null,
    },
    { projections: 'live' },
  );
  const app = await createApi(runtime, { clock, logger: process.env.TEST_LOG ? undefined : false });
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    runtime,
    database,
    clock: clock as FixedClock,
    settle: () => runtime.projector.waitUntilCaughtUp(),
    eventCount: async () => {
      const { events } = await runtime.store.readAll({ maxCount: 1_000_000 });
      return events.length;
    },
    close: async () => {
      await app.close();
      await runtime.close();
      await database.close();
    },
  };
};
