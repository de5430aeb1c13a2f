import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Pool } from 'pg';
import {
  CONTENT_CATEGORIES,
  PROVIDER_TYPES,
  REPORTER_KINDS,
  SOURCE_CHANNELS,
  type ReportEvent,
} from '@registry/domain';
import {
  ExpectedRevision,
  PostgresEventStore,
  postgresPoolConfig,
  startEmbeddedPostgres,
  type NewEvent,
  type StreamAppend,
} from '@registry/event-store';
import type { DataSource } from 'typeorm';
import { openReadModels } from '../read-model-data-source';
import { registryProjections } from '../registry-projections';
import { Projector } from './projector';

/**
 * The must-hold crash guarantee with a real crash: `registry project` runs as a child process on a log of a few
 * thousand report events, is killed with SIGKILL mid-stream, restarted, and the read model it then holds must
 * equal a from-scratch rebuild (and the counts the events imply).
 */
const ROOT = resolve(__dirname, '../../../..');
const CLI = ['-r', '@swc-node/register', 'apps/cli/src/main.ts', 'project'];
/** The projections this log feeds; other projections of the registry see none of its events. */
const REPORT_PROJECTIONS = ['report-detail', 'statistics'];

/** `projected report-detail@120 statistics@95 …` → [120, 95]; NaN for a projection without a checkpoint. */
const reportPositionsIn = (line: string): [number, number] | undefined => {
  if (!line.startsWith('projected ')) return undefined;
  const positions = new Map(
    line
      .split(' ')
      .slice(1)
      .map((entry) => entry.split('@') as [string, string]),
  );
  const [detail, art8] = REPORT_PROJECTIONS.map((name) => Number(positions.get(name)));
  return [detail ?? NaN, art8 ?? NaN];
};

/** A few thousand events over REPORTS reports, so that every branch of both projections runs. */
const REPORTS = 1200;
const reportIdOf = (i: number) => `5e0c0000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
// Duplicates link reports within a block of 20, so a block has one member state.
const memberStateOf = (i: number) => (Math.floor(i / 20) % 3 === 0 ? 'BE' : 'NL');
// Fixed rules decide which report gets which later event; the expected counts follow from the same rules.
const is = {
  assessed: (i: number) => i % 5 !== 4,
  reassessed: (i: number) => i % 7 === 0,
  duplicateOfRoot: (i: number) => i % 20 === 3, // joins report i-1 while that is a root
  groupMoved: (i: number) => i % 20 === 2, // then i-1 joins i-2, taking report i along
  corrected: (i: number) => i % 10 === 6,
  withdrawn: (i: number) => i % 17 === 9,
  otherUnit: (i: number) => i % 25 === 5 || i % 30 === 6, // URL when received, or corrected to NOTIFICATION
};
const receivedAtOf = (i: number) =>
  i % 50 === 7
    ? `${2023 + (i % 2)}-12-31T23:30:00.000Z`
    : new Date(Date.UTC(2023 + (i % 3), i % 12, 1 + (i % 28), 10)).toISOString();

const received = (i: number): ReportEvent => ({
  type: 'ReportReceived',
  data: {
    reportId: reportIdOf(i) as never,
    memberState: memberStateOf(i),
    receivedAt: receivedAtOf(i),
    reporterKind: REPORTER_KINDS[i % 2]!,
    sourceChannel: SOURCE_CHANNELS[i % 9]!,
    sourceOrganisation: 'NCMEC',
    externalReference: i % 4 === 0 ? null : `CT-${i}`,
    provider: { name: 'Example Messenger', providerType: PROVIDER_TYPES[i % 6]!, serviceName: null },
    contentCategory: CONTENT_CATEGORIES[i % 5]!,
    detectedUnderArt3: [true, false, null][i % 3]!,
    countUnit: i % 25 === 5 ? 'URL' : 'REPORT',
    contentHashes: [{ algorithm: 'SHA256', value: i.toString(16).padStart(64, '0'), matchedDatabase: null }],
    accountRefs: [`hmac:${i}`],
    concernedMemberStates: [memberStateOf(i)],
  },
});
const assessed = (i: number, actionable: boolean): ReportEvent => ({
  type: 'ReportAssessed',
  data: {
    reportId: reportIdOf(i) as never,
    actionable,
    reasonIfNot: actionable ? null : 'NOT_CSAM',
    assessedAt: '2025-02-01T09:00:00.000Z',
  },
});
const markedDuplicate = (i: number, of: number): ReportEvent => ({
  type: 'ReportMarkedDuplicate',
  data: {
    reportId: reportIdOf(i) as never,
    duplicateOfReportId: reportIdOf(of) as never,
    basis: 'SAME_CONTENT_HASH',
    isAutomatic: false,
  },
});
const corrected = (i: number): ReportEvent => {
  const receivedAt = receivedAtOf(i);
  const nextYear = receivedAt.replace(/^\d{4}/, (year) => String(Number(year) + 1));
  const changes = [
    { field: 'receivedAt' as const, oldValue: receivedAt, newValue: nextYear },
    ...(i % 20 === 16
      ? [{ field: 'contentCategory' as const, oldValue: CONTENT_CATEGORIES[i % 5], newValue: 'SEXTORTION' }]
      : []),
    ...(i % 30 === 6 ? [{ field: 'countUnit' as const, oldValue: 'REPORT', newValue: 'NOTIFICATION' }] : []),
  ];
  return { type: 'ReportCorrected', data: { reportId: reportIdOf(i) as never, changes, reason: 'typing error' } };
};
const withdrawn = (i: number): ReportEvent => ({
  type: 'ReportWithdrawn',
  data: { reportId: reportIdOf(i) as never, reason: 'entered in error' },
});

/** The log in phases (at most one event per report each), as analysts would work through the year's intake. */
const reportEventPhases = (): { streamName: string; event: NewEvent }[][] => {
  const all = Array.from({ length: REPORTS }, (_, i) => i);
  let sequence = 0;
  const toNew = (i: number, event: ReportEvent) => ({
    streamName: `report-${reportIdOf(i)}`,
    event: {
      ...event,
      metadata: {
        eventId: randomUUID(),
        recordedAt: new Date(Date.UTC(2025, 1, 1) + ++sequence * 1000).toISOString(),
        actor: { userId: 'analyst-7', role: 'analyst' },
        memberState: memberStateOf(i),
        correlationId: randomUUID(),
        causationId: randomUUID(),
        schemaVersion: 1,
      },
    },
  });
  const phase = (rule: (i: number) => boolean, make: (i: number) => ReportEvent) =>
    all.filter(rule).map((i) => toNew(i, make(i)));
  return [
    phase(() => true, received),
    phase(is.assessed, (i) => assessed(i, i % 3 !== 1)),
    phase(is.duplicateOfRoot, (i) => markedDuplicate(i, i - 1)),
    phase(is.corrected, corrected),
    phase(is.groupMoved, (i) => markedDuplicate(i, i - 2)),
    phase(is.reassessed, (i) => assessed(i, i % 3 === 1)),
    phase(is.withdrawn, withdrawn),
  ];
};

const expectedCounts = () => {
  const count = (rule: (i: number) => boolean) => Array.from({ length: REPORTS }, (_, i) => i).filter(rule).length;
  const duplicates = count((i) => is.duplicateOfRoot(i) || is.groupMoved(i));
  const withdrawnReports = count(is.withdrawn);
  return {
    detail: {
      reports: REPORTS,
      assessed: count((i) => is.assessed(i) || is.reassessed(i)),
      duplicates,
      corrections: count(is.corrected),
      withdrawn: withdrawnReports,
    },
    art8: {
      reports: REPORTS,
      withdrawn: withdrawnReports,
      groups: REPORTS - duplicates,
      other_units: count(is.otherUnit),
    },
  };
};

interface Opened {
  readonly store: PostgresEventStore;
  readonly projector: Projector;
  readonly readModels: DataSource;
  close(): Promise<void>;
}

interface Storage {
  /** Environment that points the child's `registry project` at the same storage. */
  readonly childEnv: NodeJS.ProcessEnv;
  open(): Promise<Opened>;
  dispose(): Promise<void>;
}

/** The store, read models and projector wired as RegistryRuntime does, minus the application layer. */
const wire = async (
  url: string,
  schema: string,
  pool: Pool,
  isSingleSession: boolean,
  release: () => Promise<void>,
): Promise<Opened> => {
  await PostgresEventStore.migrate(pool, schema);
  const store = new PostgresEventStore({ pool, schema });
  const readModels = await openReadModels(url, schema, isSingleSession ? pool : undefined);
  return {
    store,
    readModels,
    // Only the projections under test: the child runs every projection, but the others are not this test's subject.
    projector: new Projector(
      store,
      readModels,
      registryProjections().filter(({ name }) => REPORT_PROJECTIONS.includes(name)),
    ),
    close: async () => {
      await readModels.destroy();
      await store.close();
      await pool.end();
      await release();
    },
  };
};

/** A fresh schema on the DATABASE_URL server, or a PGlite data directory in a temporary folder. */
const createStorage = async (): Promise<Storage> => {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const schema = `crash_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = async (sql: string) => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(sql).finally(() => client.end());
    };
    await admin(`CREATE SCHEMA "${schema}"`);
    return {
      // Small batches keep even a fast server busy for seconds, so the first progress line comes mid-stream. At
      // its default priority (nice 19, ADR 0028) the child would wait for every busy test worker on the machine.
      childEnv: { ...process.env, DATABASE_SCHEMA: schema, PROJECTOR_BATCH_SIZE: '10', PROJECTOR_NICE: '0' },
      open: () =>
        wire(serverUrl, schema, new Pool(postgresPoolConfig(serverUrl, { max: 4 })), false, () => Promise.resolve()),
      dispose: async () => {
        await admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        // The child kept the notary's latest seal of this schema in its data directory (ADR 0029), beside the keys.
        const childDataDir = resolve(ROOT, process.env.REGISTRY_DATA_DIR ?? 'data');
        await rm(join(childDataDir, `notary-seal-${schema}.json`), { force: true });
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'registry-crash-'));
  const lockFile = join(dataDir, 'registry.pid');
  const { DATABASE_URL: _unset, DATABASE_SCHEMA: _public, ...embeddedEnv } = process.env;
  return {
    // PGlite is slower per event: batches of 50 still leave it seconds of work, and keep the test quick.
    childEnv: { ...embeddedEnv, REGISTRY_DATA_DIR: dataDir, PROJECTOR_BATCH_SIZE: '50' },
    open: async () => {
      // RegistryRuntime's layout and lock: while the test holds the directory a child would refuse to start.
      await writeFile(lockFile, String(process.pid));
      const embedded = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pglite'), maxConnections: 4 });
      // One backend session: the store and the read models share one connection, as in RegistryRuntime.
      const pool = new Pool(postgresPoolConfig(embedded.url, { max: 1, idleInTransactionSessionTimeoutMs: 0 }));
      return wire(embedded.url, 'public', pool, true, async () => {
        await embedded.stop();
        await rm(lockFile, { force: true });
      });
    },
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
};

interface RunningProjector {
  readonly child: ChildProcess;
  readonly output: string[];
  /** Resolves with the first progress line `accept` takes; rejects when the child exits first or time runs out. */
  progress(accept: (positions: [number, number]) => boolean, timeoutMs: number): Promise<[number, number]>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const startProjector = (env: NodeJS.ProcessEnv): RunningProjector => {
  const child = spawn(process.execPath, CLI, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const listeners = new Set<(line: string) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    output.push(line);
    for (const listener of listeners) listener(line);
  });
  child.stderr.on('data', (chunk: Buffer) => output.push(`stderr: ${chunk.toString().trim()}`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const progress = (accept: (positions: [number, number]) => boolean, timeoutMs: number) =>
    new Promise<[number, number]>((found, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`no matching progress in ${timeoutMs} ms:\n${output.join('\n')}`)),
        timeoutMs,
      );
      const listener = (line: string) => {
        const positions = reportPositionsIn(line);
        if (!positions || !accept(positions)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        found(positions);
      };
      listeners.add(listener);
      void exited.then(() => fail(new Error(`projector exited early:\n${output.join('\n')}`)));
    });
  return { child, output, progress, exited };
};

/** Both tables, every column, in key order: what a reader of the read model can see. */
const dump = async (readModels: DataSource) => ({
  reportDetail: await readModels.query<unknown[]>(`SELECT * FROM report_detail ORDER BY report_id`),
  statReport: await readModels.query<unknown[]>(`SELECT * FROM stat_report ORDER BY report_id, valid_from`),
});

describe('a projector killed with SIGKILL mid-stream', () => {
  let storage: Storage;
  let opened: Opened | undefined;
  let running: RunningProjector | undefined;
  let lastPosition = 0;

  const openStorage = async () => (opened = await storage.open());
  const closeStorage = async () => {
    await opened?.close();
    opened = undefined;
  };

  beforeAll(async () => {
    storage = await createStorage();
    const { store } = await openStorage();
    const revisions = new Map<string, number>();
    for (const phase of reportEventPhases()) {
      // Many streams per transaction: recording is set-up here, not the subject.
      for (let start = 0; start < phase.length; start += 500) {
        const appends: StreamAppend[] = phase.slice(start, start + 500).map(({ streamName, event }) => ({
          streamName,
          events: [event],
          expectedRevision: ExpectedRevision.after(revisions.get(streamName) ?? -1),
        }));
        const results = await store.appendToStreams(appends);
        appends.forEach(({ streamName }) => revisions.set(streamName, (revisions.get(streamName) ?? -1) + 1));
        lastPosition = Number(results.at(-1)!.globalPosition);
      }
    }
    await closeStorage();
  }, 60_000);

  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    await closeStorage();
    await storage?.dispose();
  });

  it('resumes after a restart and ends with the read model a rebuild produces', async () => {
    running = startProjector(storage.childEnv);
    // Killed once a tenth of the log is visibly projected, while batches are still being committed.
    await running.progress((positions) => Math.max(...positions) >= lastPosition / 10, 45_000);
    running.child.kill('SIGKILL');
    expect(await running.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // What the dead process left: some batches committed, the rest of the log still to read.
    const afterCrash = await (await openStorage()).projector.status();
    await closeStorage();
    expect(afterCrash).toHaveLength(2);
    expect(afterCrash.some(({ globalPosition }) => globalPosition !== null)).toBe(true);
    expect(afterCrash.some(({ globalPosition }) => Number(globalPosition ?? 0) < lastPosition)).toBe(true);

    running = startProjector(storage.childEnv);
    await running.progress(([detail, art8]) => detail === lastPosition && art8 === lastPosition, 60_000);
    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });

    const { projector, readModels } = await openStorage();
    expect(await projector.isCaughtUp()).toBe(true);
    const resumed = await dump(readModels);
    await projector.rebuild();
    expect(resumed).toEqual(await dump(readModels));
    expect(await countsOf(readModels)).toEqual(expectedCounts());
  }, 150_000);
});

const countsOf = async (readModels: DataSource) => {
  const [detail] = await readModels.query<Record<string, number>[]>(
    `SELECT count(*)::int AS reports, count(assessment)::int AS assessed, count(duplicate_of)::int AS duplicates,
            sum(correction_count)::int AS corrections, count(withdrawn_reason)::int AS withdrawn FROM report_detail`,
  );
  const [art8] = await readModels.query<Record<string, number>[]>(
    `SELECT count(*)::int AS reports, count(*) FILTER (WHERE is_withdrawn)::int AS withdrawn,
            count(DISTINCT group_root)::int AS groups, count(*) FILTER (WHERE count_unit <> 'REPORT')::int AS other_units
       FROM stat_report WHERE valid_to IS NULL`,
  );
  return { detail, art8 };
};
