import type { INestApplication, LoggerService } from '@nestjs/common';
import { closeApi, createApi } from '@registry/api';
import { FixedClock, RegistryRuntime, type Clock, type SecurityConfig, type TokenRole } from '@registry/application';
import type { MemberState } from '@registry/domain';
import { createTestDatabase, startEsdbDouble, type EsdbDouble, type TestDatabase } from '@registry/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';

/** Every role a token may carry: the default agent may use every route, as the tests before issue 6 did. */
const EVERY_ROLE: readonly TokenRole[] = ['recorder', 'auditor', 'statistician-exact', 'admin'];

export interface TestRegistry {
  readonly app: INestApplication;
  /** Authenticated with every role for every member state (the operator of a test registry). */
  readonly http: TestAgent;
  /** No Authorization header. */
  readonly anonymous: TestAgent;
  readonly runtime: RegistryRuntime;
  readonly database: TestDatabase;
  /** The in-process EventStoreDB double, when the events live there (to drop its connections). */
  readonly eventStoreDouble?: EsdbDouble;
  readonly clock: FixedClock;
  /** A bearer token signed with the registry's (test) key: `tokenFor('recorder', ['NL'])`; '*' for every member state. */
  tokenFor(
    roles: TokenRole | readonly TokenRole[],
    memberStates: readonly MemberState[] | '*',
    subject?: string,
  ): Promise<string>;
  /** An agent sending such a token with every request. */
  as(
    roles: TokenRole | readonly TokenRole[],
    memberStates: readonly MemberState[] | '*',
    subject?: string,
  ): Promise<TestAgent>;
  /** Waits until every projection has read the whole log (read models are eventually consistent). */
  settle(): Promise<void>;
  /** Number of events in the log: a rejected command must leave it unchanged. */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

export interface TestRegistryOptions {
  readonly logger?: LoggerService | false;
  /** Requests per minute and client before 429; tests get a limit they never reach unless they ask. */
  readonly rateLimitPerMinute?: number;
  /**
   * Where the events live: PostgreSQL (default, the test database), or EventStoreDB — the real server in
   * EVENTSTORE_URL when set, else the in-process protocol double. Read models stay in the test database.
   */
  readonly eventStore?: 'postgres' | 'eventstoredb';
  /** Secrets from a data directory or a given master key, as in production; default: random, in memory. */
  readonly security?: SecurityConfig;
}

/**
 * The whole registry in-process over a test database (PostgreSQL in DATABASE_URL, else PGlite), with
 * live projections, a fixed clock and the HTTP API behind supertest. Secrets are random per registry.
 */
export const startTestRegistry = async (
  clock: Clock = new FixedClock(new Date('2025-01-15T12:00:00Z')),
  options: TestRegistryOptions = {},
): Promise<TestRegistry> => {
  const database = await createTestDatabase();
  const esdb = options.eventStore === 'eventstoredb' && !process.env.EVENTSTORE_URL ? await startEsdbDouble() : undefined;
  const eventStoreUrl = options.eventStore === 'eventstoredb' ? (process.env.EVENTSTORE_URL ?? esdb?.connectionString ?? null) : null;
  const runtime = await RegistryRuntime.open(
    {
      storage: {
        kind: 'postgres',
        url: database.url,
        schema: database.schema,
        isSingleSession: database.kind === 'pglite',
      },
      port: 0,
      eventStoreUrl,
      security: options.security,
    },
    { projections: 'live' },
  );
  const app = await createApi(runtime, {
    clock,
    logger: options.logger ?? (process.env.TEST_LOG ? undefined : false),
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1_000_000,
  });
  await app.init();
  // Fastify adds its routes when it is ready; supertest then talks to its server without a port.
  await app.getHttpAdapter().getInstance().ready();
  const server = app.getHttpServer() as Parameters<typeof request>[0];
  const keys = await runtime.security.embeddedTokenKeys();
  const tokenFor = (
    roles: TokenRole | readonly TokenRole[],
    memberStates: readonly MemberState[] | '*',
    subject?: string,
  ) => {
    const list = typeof roles === 'string' ? [roles] : roles;
    return keys.sign({
      subject: subject ?? `test-${list.join('+')}`,
      roles: list,
      memberStates: memberStates === '*' ? 'all' : memberStates,
      ttlSeconds: 3600,
    });
  };
  const as = async (
    roles: TokenRole | readonly TokenRole[],
    memberStates: readonly MemberState[] | '*',
    subject?: string,
  ) => request.agent(server).set('Authorization', `Bearer ${await tokenFor(roles, memberStates, subject)}`);
  // Events in the PostgreSQL events table, committed or not yet visible to the gap-safe reader (null: EventStoreDB).
  const storedCount = async (): Promise<number | null> =>
    eventStoreUrl
      ? null
      : Number((await runtime.readModels.query<{ n: string }[]>(`SELECT count(*) AS n FROM "${database.schema}".events`))[0]!.n);
  return {
    app,
    http: await as(EVERY_ROLE, '*', 'test-operator'),
    anonymous: request.agent(server),
    runtime,
    database,
    ...(esdb && { eventStoreDouble: esdb }),
    clock: clock as FixedClock,
    tokenFor,
    as,
    settle: () => settle(runtime, storedCount),
    eventCount: async () => (await storedCount()) ?? (await visibleCount(runtime)),
    close: async () => {
      await closeApi(app);
      await runtime.close();
      await esdb?.stop();
      await database.close();
    },
  };
};

const visibleCount = async (runtime: RegistryRuntime): Promise<number> => (await runtime.store.readAll({ maxCount: 1_000_000 })).events.length;

/**
 * Until the projections have read every stored event. On a shared PostgreSQL server the gap-safe reader stops
 * below any transaction still open anywhere on the server (other test files included), so "caught up" alone
 * can mean "caught up to an earlier horizon": wait until the reader sees the whole table too.
 */
const settle = async (runtime: RegistryRuntime, storedCount: () => Promise<number | null>, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await runtime.projector.waitUntilCaughtUp(Math.max(deadline - Date.now(), 1));
    const stored = await storedCount();
    if (stored === null || (await visibleCount(runtime)) >= stored) {
      await runtime.projector.waitUntilCaughtUp(Math.max(deadline - Date.now(), 1));
      return;
    }
    if (Date.now() > deadline) throw new Error('the log did not become visible to the projections in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
