import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import {
  BatchingEventStore,
  PrecedingAppendFailed,
  START_OF_LOG,
  appendChain,
  type AppendChain,
  type AppendResult,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
} from '@registry/event-store';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import { RegistryRuntime } from '../infrastructure/registry-runtime';
import { ErasePersonalDataCommand } from '../privacy/erase-personal-data';
import { RegistryModule } from '../registry.module';
import { RecordReportCommand } from '../reports/record-report';
import type { RecordReportInput } from '../reports/report.inputs';
import { SYSTEM_ACTOR } from '../shared/actor';
import { FixedClock } from '../shared/clock';
import { NdjsonImport, type ImportSummary, type RejectedLine } from './ndjson-import';

const fixedUuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const reportData = (n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  reportId: fixedUuid(n),
  memberState: 'NL',
  receivedAt: '2024-03-01T10:00:00Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  externalReference: `CT-${n}`,
  provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION' },
  contentCategory: 'KNOWN_CSAM',
  contentHashes: hash(n),
  ...overrides,
});

const recordReport = (data: Record<string, unknown>): string => JSON.stringify({ type: 'RecordReport', data });

const assessReport = (reportId: string, assessedAt = '2024-03-02T09:00:00Z'): string =>
  JSON.stringify({ type: 'AssessReport', data: { reportId, actionable: true, assessedAt } });

const hash = (n: number) => [{ algorithm: 'MD5', value: n.toString(16).padStart(32, '0') }];

/** Lines whose fate depends on earlier lines: repeats, duplicates by hash and account, rejections and their dependants. */
const entangledFile = (): string[] => [
  recordReport(reportData(1)),
  recordReport(reportData(2, { contentHashes: hash(1) })), // repeat report of 1 (same hash)
  assessReport(fixedUuid(1)),
  recordReport(reportData(3, { reporterKind: 'ROBOT' })), // invalid
  assessReport(fixedUuid(3)), // depends on the rejected line
  recordReport({ ...reportData(1), reportId: fixedUuid(40) }), // same channel and reference as line 1
  recordReport(reportData(5, { accountRefs: ['acct-0001'] })),
  recordReport(reportData(6, { accountRefs: ['acct-0001'] })), // repeat report of 5 (same account)
  assessReport(fixedUuid(6)),
  assessReport(fixedUuid(6), '2024-03-03T09:00:00Z'), // a reassessment
  recordReport(reportData(1)), // the very same line again
  '{"type":"RecordReport","data":{',
  recordReport(reportData(9, { memberState: 'BE' })),
  recordReport(reportData(10, { contentHashes: hash(9), memberState: 'BE' })), // repeat report of 9
  assessReport(fixedUuid(2)),
  recordReport(reportData(12, { contentHashes: [...hash(12), ...hash(5)] })), // repeat report of 5 (second hash)
  // 1's hash and 5's account: the case of 5 (with 6 and 12) joins the case of 1, in a batch of its own.
  recordReport(reportData(17, { contentHashes: hash(1), accountRefs: ['acct-0001'] })),
  assessReport(fixedUuid(17)),
];

/**
 * `count` lines, each one of: a new report, a report repeating the hash, account or external reference of a
 * report one to two batches back, an assessment of such a report, or the very same line again.
 */
const repeatsAcrossBatches = (count: number, batchLines: number): string[] => {
  let state = 2026;
  const next = (below: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return (state >>> 8) % below;
  };
  const lines: string[] = [];
  const reports: number[] = [];
  for (let n = 100; lines.length < count; n++) {
    const back = reports.at(-1 - batchLines - next(2 * batchLines));
    const roll = next(6);
    if (back === undefined || roll === 0) {
      lines.push(recordReport(reportData(n, { accountRefs: [`acct-${n}`] })));
    } else if (roll === 1) {
      lines.push(recordReport(reportData(n, { contentHashes: hash(back) })));
    } else if (roll === 2) {
      lines.push(recordReport(reportData(n, { accountRefs: [`acct-${back}`] })));
    } else if (roll === 3) {
      lines.push(recordReport({ ...reportData(back), reportId: fixedUuid(n) })); // the same report, another id
    } else if (roll === 4) {
      lines.push(assessReport(fixedUuid(back)));
      continue;
    } else {
      lines.push(recordReport(reportData(back, { accountRefs: [`acct-${back}`] }))); // the very same line again
      continue;
    }
    reports.push(n);
  }
  return lines;
};

interface Registry {
  readonly app: INestApplicationContext;
  readonly runtime: RegistryRuntime;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** A registry whose handlers use `storeOf(runtime.store)` (the batching store by default). */
const openRegistry = async (storeOf: (store: BatchingEventStore) => EventStore = (store) => store): Promise<Registry> => {
  const database = await createTestDatabase();
  // Secrets (notary key, token keys) go to a scratch directory of this test, never the working tree.
  const secretsDir = await mkdtemp(join(tmpdir(), 'registry-import-secrets-'));
  const runtime = await RegistryRuntime.open(
    {
      storage: { kind: 'postgres', url: database.url, schema: database.schema, isSingleSession: database.kind === 'pglite' },
      port: 0,
      eventStoreUrl: null,
      // One master key for every registry here, so account keys (pseudonyms) name the same streams.
      security: { dataDir: secretsDir, masterKey: Buffer.alloc(32, 7), auth: { kind: 'embedded' }, rateLimitPerMinute: 1_000_000, corsOrigins: [] },
    },
    { projections: 'none' },
  );
  const store = storeOf(runtime.store as BatchingEventStore);
  const module = RegistryModule.forRuntime(Object.assign(Object.create(runtime) as RegistryRuntime, { store }), new FixedClock(new Date('2025-01-15T12:00:00Z')));
  const app = await NestFactory.createApplicationContext(module, { logger: false });
  return {
    app,
    runtime,
    database,
    close: async () => {
      await app.close();
      await runtime.close();
      await database.close();
      await rm(secretsDir, { recursive: true, force: true });
    },
  };
};

interface RegistryWithRival {
  readonly registry: Registry;
  /** Whether the rival has got in. */
  interfered(): boolean;
  /** Appends of the batches' chain refused because the one before them failed. */
  refusedAfterIt(): number;
  /** Appends that went to the store on their own (`appendToStreams`), the rival's included. */
  appendedAlone(): number;
  /** Lets the rival in from now on (with `armedLater`: what was written before is the test's own setup). */
  arm(): void;
}

/**
 * A registry whose store, just before the first batch's transaction, lets a concurrent intake record `rival`
 * (outside the batch), so that the batch finds a key it meant to claim already claimed. The batches go through
 * the store's own append chain (`inChain`: the PostgreSQL COPY beside the batch before, on a server) or one
 * append at a time through `appendToStreams`.
 */
const openRegistryWithRival = async (
  rivalData: Record<string, unknown>,
  { inChain = false, armedLater = false }: { inChain?: boolean; armedLater?: boolean } = {},
): Promise<RegistryWithRival> => {
  let armed = !armedLater;
  let interfered = false;
  let refusedAfterIt = 0;
  let appendedAlone = 0;
  const rival = rivalData as unknown as RecordReportInput;
  const registry: Registry = await openRegistry((batching) => {
    const inner = Object.create(batching.inner) as EventStore;
    const store = new BatchingEventStore(inner);
    const interfere = async (appends: readonly StreamAppend[]) => {
      if (!armed || interfered || appends.length < 2) return;
      interfered = true;
      const command = new RecordReportCommand(rival, { actor: SYSTEM_ACTOR, correlationId: 'rival' });
      await store.outsideBatch(() => registry.app.get(CommandBus).execute(command));
    };
    inner.appendToStreams = async (appends: readonly StreamAppend[]) => {
      appendedAlone++;
      await interfere(appends);
      return batching.inner.appendToStreams(appends);
    };
    // Without a chain of its own, the batches' chain writes each in turn through appendToStreams above.
    const countRefusal = () => refusedAfterIt++;
    inner.appendChain = inChain ? () => rivalInChain(appendChain(batching.inner), interfere, countRefusal) : undefined;
    return store;
  });
  return {
    registry,
    interfered: () => interfered,
    refusedAfterIt: () => refusedAfterIt,
    appendedAlone: () => appendedAlone,
    arm: () => (armed = true),
  };
};

/** `chain`, with the rival let in before an append starts, and the appends refused for the one before counted. */
const rivalInChain = (
  chain: AppendChain,
  interfere: (appends: readonly StreamAppend[]) => Promise<void>,
  onRefusedAfter: () => void,
): AppendChain => {
  // Each append goes to the chain in the order it came, once the rival (if it gets in there) has written.
  let turn: Promise<unknown> = Promise.resolve();
  return {
    append: (appends) => {
      const started = turn.then(async () => {
        await interfere(appends);
        return { written: chain.append(appends) };
      });
      turn = started;
      return started.then(({ written }): Promise<AppendResult[]> => {
        written.catch((error: unknown) => error instanceof PrecedingAppendFailed && onRefusedAfter());
        return written;
      });
    },
  };
};

const importLines = async (registry: Registry, lines: readonly string[], batchLines?: number) => {
  const rejected: RejectedLine[] = [];
  const summary = await registry.app.get(NdjsonImport).run(
    Readable.from(lines) as AsyncIterable<string>,
    SYSTEM_ACTOR,
    { onRejected: (line) => void rejected.push(line) },
    { batchLines },
  );
  return { summary, rejected };
};

/**
 * The log as facts that do not depend on when or how it was written (key claims get random event ids). Read once
 * the gap-safe reader sees every event in the table: on a shared PostgreSQL server it stops below any transaction
 * still open anywhere on the server (another test file's), which hid a whole batch from one run of this file.
 */
const logOf = async ({ runtime, database }: Registry) => {
  const [{ stored }] = await runtime.readModels.query<[{ stored: string }]>(
    `SELECT count(*) AS stored FROM "${database.schema}".events`,
  );
  const deadline = Date.now() + 30_000;
  let events = await readWholeLog(runtime.store);
  while (events.length < Number(stored) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    events = await readWholeLog(runtime.store);
  }
  return events.map(({ streamName, streamRevision, type, data, metadata }) => ({
    streamName,
    streamRevision,
    type,
    data,
    // Each run correlates its events to its own id; which line they came from is what must match.
    correlationId: metadata.correlationId.replace(/^import-[0-9a-f]{12}-/, 'import-'),
    actor: metadata.actor,
    importedBy: metadata.importedBy,
  }));
};

const readWholeLog = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let after = START_OF_LOG; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    events.push(...page.events);
    after = page.next;
    if (page.isEnd) return events;
  }
};

describe('NdjsonImport in batches', () => {
  it('records exactly what one line at a time records, in the same order, across batch boundaries', async () => {
    const batched = await openRegistry();
    const oneByOne = await openRegistry((store) => store.inner);
    try {
      const file = entangledFile();
      // Batches of four: from the second on, lines are parsed on the parser thread; alone, all on this one.
      const inBatches = await importLines(batched, file, 4);
      const alone = await importLines(oneByOne, file);

      expect(inBatches).toEqual(alone);
      expect(inBatches.summary).toEqual<ImportSummary>({ imported: 13, alreadyRecorded: 2, rejected: 3 });
      expect(inBatches.rejected.map(({ line, code }) => [line, code])).toEqual([
        [4, 'INPUT.INVALID'],
        [5, 'IMPORT.DEPENDS_ON_REJECTED_LINE'],
        [12, 'IMPORT.MALFORMED_JSON'],
      ]);
      // Sealed account references differ per registry (subject keys); everything else is identical.
      const sealedAway = (log: Awaited<ReturnType<typeof logOf>>) =>
        log.map((event) => ({ ...event, data: { ...(event.data as object), accountRefs: undefined } }));
      expect(sealedAway(await logOf(batched))).toEqual(sealedAway(await logOf(oneByOne)));
      const markingOf5 = (await batched.runtime.store.readStream(`report-${fixedUuid(5)}`)).slice(1);
      expect(markingOf5.map(({ type, data }) => ({ type, data }))).toEqual([
        {
          type: 'ReportMarkedDuplicate',
          data: { reportId: fixedUuid(5), duplicateOfReportId: fixedUuid(1), basis: 'SAME_ACCOUNT', isAutomatic: true },
        },
      ]);

      // A second run records nothing, in batches as alone.
      expect((await importLines(batched, file, 4)).summary).toEqual({ imported: 0, alreadyRecorded: 15, rejected: 3 });
    } finally {
      await batched.close();
      await oneByOne.close();
    }
  }, 60_000);

  it('records what one line at a time records when repeats reach back into batches still being decided or written', async () => {
    // Counts the batches the store refused: a read ahead that missed a batch it did not follow is refused at its
    // flush (a key claimed twice) and then applied line by line, with the same outcome but not as a batch.
    let refused = 0;
    const batched = await openRegistry((batching) => {
      const inner = Object.create(batching.inner) as EventStore;
      inner.appendToStreams = (appends: readonly StreamAppend[]) =>
        batching.inner.appendToStreams(appends).catch((error: unknown) => {
          refused++;
          throw error;
        });
      return new BatchingEventStore(inner);
    });
    const oneByOne = await openRegistry((store) => store.inner);
    try {
      // Batches of three, reads ahead of them: a line often repeats a hash, an account or a reference of a
      // line one or two batches back, or assesses its report, which those reads ahead cannot have seen.
      const file = repeatsAcrossBatches(90, 3);
      const inBatches = await importLines(batched, file, 3);
      const alone = await importLines(oneByOne, file);

      expect(inBatches).toEqual(alone);
      expect(refused).toBe(0);
      expect(inBatches.summary.alreadyRecorded).toBeGreaterThan(0);
      const sealedAway = (log: Awaited<ReturnType<typeof logOf>>) =>
        log.map((event) => ({ ...event, data: { ...(event.data as object), accountRefs: undefined } }));
      const log = await logOf(batched);
      expect(log.filter((event) => event.type === 'ReportMarkedDuplicate').length).toBeGreaterThan(10);
      expect(sealedAway(log)).toEqual(sealedAway(await logOf(oneByOne)));
    } finally {
      await batched.close();
      await oneByOne.close();
    }
  }, 90_000);

  it('applies a batch again line by line when another writer claimed one of its keys first', async () => {
    const { registry, interfered } = await openRegistryWithRival(reportData(900, { contentHashes: hash(2), externalReference: 'RIVAL-1' }));
    try {
      // Batches of two: the second (assessing report 2) is decided on top of the first while the first is written.
      const file = [recordReport(reportData(1)), recordReport(reportData(2)), assessReport(fixedUuid(2)), recordReport(reportData(3))];
      const { summary } = await importLines(registry, file, 2);

      expect(interfered()).toBe(true);
      expect(summary).toEqual({ imported: 4, alreadyRecorded: 0, rejected: 0 });
      const report2 = await registry.runtime.store.readStream(`report-${fixedUuid(2)}`);
      expect(report2.map((event) => event.type)).toEqual(['ReportReceived', 'ReportMarkedDuplicate', 'ReportAssessed']);
      expect(report2[1]?.data).toMatchObject({ duplicateOfReportId: fixedUuid(900), basis: 'SAME_CONTENT_HASH' });
    } finally {
      await registry.close();
    }
  }, 60_000);

  it('decides again the batch written beside a refused one, which the store refused with it', async () => {
    const rival = reportData(900, { contentHashes: hash(2), externalReference: 'RIVAL-3' });
    const withRival = await openRegistryWithRival(rival, { inChain: true });
    const { registry, interfered, refusedAfterIt, appendedAlone } = withRival;
    try {
      // Batches of 150 reports (600 events: COPY on a server). The first is refused (the rival claimed report 2's
      // hash) while the second is written beside it; report 160, in the second, repeats report 2's hash.
      const file = Array.from({ length: 450 }, (_, index) => index + 1).map((n) =>
        recordReport(n === 160 ? reportData(n, { contentHashes: hash(2) }) : reportData(n)),
      );
      const { summary } = await importLines(registry, file, 150);

      expect(interfered()).toBe(true);
      expect(refusedAfterIt()).toBe(1);
      // The rival's intake, then the refused batch's lines one at a time; the second batch was decided again.
      expect(appendedAlone()).toBe(1 + 150);
      expect(summary).toEqual({ imported: 450, alreadyRecorded: 0, rejected: 0 });
      const log = await logOf(registry);
      const received = log.filter((event) => event.type === 'ReportReceived').map((event) => event.streamName);
      expect(new Set(received).size).toBe(451); // every report once, and the rival's
      expect(received).toHaveLength(451);
      const marks = log.filter((event) => event.type === 'ReportMarkedDuplicate').map((event) => event.streamName);
      expect(marks.sort()).toEqual([`report-${fixedUuid(160)}`, `report-${fixedUuid(2)}`].sort());
      const report160 = await registry.runtime.store.readStream(`report-${fixedUuid(160)}`);
      expect(report160[1]?.data).toMatchObject({ duplicateOfReportId: fixedUuid(900), basis: 'SAME_CONTENT_HASH' });
    } finally {
      await registry.close();
    }
  }, 90_000);

  it('applies a batch again line by line when another writer first claimed a released account key', async () => {
    // Report 800 claimed the account and was erased: the key reads as released, at revision 1, to the batch and the
    // rival alike. The rival claims it again (revision 2) before the batch is written, so the batch's claim at
    // revision 2 must be refused, not lost, and report 2 becomes the rival's repeat.
    const account = { accountRefs: ['acct-released-0001'] };
    const rival = reportData(900, { ...account, externalReference: 'RIVAL-4' });
    const withRival = await openRegistryWithRival(rival, { armedLater: true });
    const { registry, interfered } = withRival;
    try {
      const bus = registry.app.get(CommandBus);
      const context = { actor: SYSTEM_ACTOR, correlationId: 'set-up' };
      await bus.execute(new RecordReportCommand(reportData(800, account) as unknown as RecordReportInput, context));
      const erasure = { subjectId: fixedUuid(800), reason: 'DATA_SUBJECT_REQUEST' } as const;
      await bus.execute(new ErasePersonalDataCommand(erasure, context));
      withRival.arm();

      const file = [recordReport(reportData(1)), recordReport(reportData(2, account))];
      const { summary } = await importLines(registry, file, 2);

      expect(interfered()).toBe(true);
      expect(summary).toEqual({ imported: 2, alreadyRecorded: 0, rejected: 0 });
      const report2 = await registry.runtime.store.readStream(`report-${fixedUuid(2)}`);
      expect(report2.map((event) => event.type)).toEqual(['ReportReceived', 'ReportMarkedDuplicate']);
      expect(report2[1]?.data).toMatchObject({ duplicateOfReportId: fixedUuid(900), basis: 'SAME_ACCOUNT' });
      const releases = (await logOf(registry)).filter((event) => event.type === 'ReportKeyReleased');
      expect(releases).toHaveLength(1);
      const claims = await registry.runtime.store.readStream(releases[0]!.streamName);
      expect(claims.map(({ type, data }) => [type, (data as { reportId: string }).reportId])).toEqual([
        ['ReportKeyClaimed', fixedUuid(800)],
        ['ReportKeyReleased', fixedUuid(800)],
        ['ReportKeyClaimed', fixedUuid(900)],
      ]);
    } finally {
      await registry.close();
    }
  }, 60_000);

  // The rule that makes reads ahead across a refused batch stale is specified in reads-ahead.spec.ts: real timing
  // rarely sends a read out inside that window, so this journey checks the outcome, not the rule.
  it('keeps a later repeat in the rival\'s case when a refused batch was applied line by line while later batches read ahead', async () => {
    const { registry, interfered } = await openRegistryWithRival(reportData(900, { contentHashes: hash(2), externalReference: 'RIVAL-2' }));
    try {
      // The first batch is refused (the rival claimed report 2's hash) and applied line by line, while the third
      // has read ahead: what it read, and the first batch's refused appends, are stale. Report 5 repeats report
      // 2's hash, so it belongs to the rival's case, not to a case of report 2's own.
      const file = [1, 2, 3, 4].map((n) => recordReport(reportData(n)));
      file.push(recordReport(reportData(5, { contentHashes: hash(2) })), recordReport(reportData(6)));
      file.push(recordReport(reportData(7)), assessReport(fixedUuid(2)));
      const { summary } = await importLines(registry, file, 2);

      expect(interfered()).toBe(true);
      expect(summary).toEqual({ imported: 8, alreadyRecorded: 0, rejected: 0 });
      const report5 = await registry.runtime.store.readStream(`report-${fixedUuid(5)}`);
      expect(report5[1]?.data).toMatchObject({ duplicateOfReportId: fixedUuid(900), basis: 'SAME_CONTENT_HASH' });
    } finally {
      await registry.close();
    }
  }, 60_000);
});
