import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { DATABASE_URL, WORK_DIR, flag, freshSchema, report, round, sql } from './bench-support';
import { startCpuMeter, type CpuSplit } from './cpu-meter';
import { reportLines } from './report-lines';

const REGISTRY = join(__dirname, '..', 'bin', 'registry.js');
const SCHEMA = 'bench_api';

/**
 * Benchmark 2: POST /api/v1/reports against a `registry serve` (built; its projector beside it in a process of its
 * own, or in the same process with `--projector in-process`) under 32 concurrent
 * connections for 30 s (autocannon), each request a new realistic report (5% repeat a hash); against 16 raw
 * pg clients doing single INSERTs guarded by the unique (stream, revision) key, for as long, measured in the
 * same run on the same server. The targets are checked on that first run, of a server that had served nothing:
 * its first seconds are V8 compiling the request path (docs/benchmarks.md). Then, on the same server, the same
 * load again (`--warm-seconds`, as long by default; 0 skips it), which shows what the warm-up costs, and the HTTP
 * floor: a valid report that the handler refuses before touching storage.
 */
const main = async (): Promise<void> => {
  const duration = Number(flag('seconds', '30'));
  const connections = Number(flag('connections', '32'));
  const warmSeconds = Number(flag('warm-seconds', String(duration)));
  const floorSeconds = Number(flag('floor-seconds', '10'));
  const dataDir = join(WORK_DIR, 'api-data');
  mkdirSync(dataDir, { recursive: true });
  await freshSchema(SCHEMA, dataDir);
  const port = await freePort();
  const env = { ...process.env, DATABASE_URL, DATABASE_SCHEMA: SCHEMA, REGISTRY_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '10000000', PORT: String(port) };
  const token = execFileSync(process.execPath, [REGISTRY, 'token', '--role', 'recorder', '--ms', '*', '--sub', 'bench'], { env }).toString().trim();
  const server = await startServer(env);
  const projector = projectorMode === 'separate' ? startProjector(env) : undefined;
  const pids = { server: server.pid, projector: projector?.pid };
  let cold: LoadRun;
  let warm: LoadRun | undefined;
  let catchUp: { seconds: number; caughtUp: boolean };
  let warmCatchUp: { seconds: number; caughtUp: boolean } | undefined;
  let floor: HttpFloor | undefined;
  let events: number;
  try {
    // Running before the load, as in a deployment: its start-up (loading the code, opening the read models) would
    // otherwise compete with the server's first seconds.
    if (projector) await untilLogged(projector, PROJECTOR_LOG, 'projector running', 'registry project');
    const lines = reportLines({ lines: 100_000_000, seed: 7 });
    // The measured run: a server that has served nothing yet, as after a start or a deployment.
    cold = await loadReports({ port, token, connections, seconds: duration, lines, pids });
    // With no projector beside the API, one starts now, as if on a machine of its own, and applies what the load wrote.
    catchUp = projectorMode === 'none' ? await projectorAfterLoad(env) : await projectionsCaughtUp();
    events = await eventCount();
    // The same load again on the server the first run warmed: what it serves once V8 has compiled its paths.
    if (warmSeconds > 0) {
      warm = await loadReports({ port, token, connections, seconds: warmSeconds, lines, pids });
      if (projectorMode !== 'none') warmCatchUp = await projectionsCaughtUp();
    }
    floor = await httpFloor(env, port, connections, floorSeconds, lines, server.pid);
  } finally {
    for (const child of [server, projector]) child?.kill('SIGTERM');
    const running = [server, projector].filter((child): child is ChildProcess => child !== undefined && child.exitCode === null);
    await Promise.all(running.map((child) => once(child, 'exit')));
  }
  const raw = await rawGuardedInserts(16, duration);
  const ratio = cold.result.requests.average / raw.appendsPerSecond;
  report(projectorMode === 'separate' ? 'api' : `api-${projectorMode}`, {
    storage: `PostgreSQL, schema ${SCHEMA}`,
    projector: {
      mode: projectorMode,
      what: {
        separate:
          '`registry serve --no-projector` and `registry project` (at nice 19 unless PROJECTOR_NICE, ADR 0028) ' +
          'as two processes (the deployment in infra/)',
        'in-process': '`registry serve`: the API and the projector in one Node process',
        none: '`registry serve --no-projector` alone under the load; `registry project` started after it',
      }[projectorMode],
      readModelsCaughtUpSecondsAfterLoad: catchUp.seconds,
      caughtUp: catchUp.caughtUp,
      ...(projectorMode === 'none' && { catchUpNote: 'the projector started once the load was over, as if it ran on a machine of its own' }),
    },
    connections,
    seconds: duration,
    ...loadFigures(cold),
    eventsWritten: events,
    baseline: { what: '16 pg clients, one INSERT per transaction guarded by unique (stream, revision), into a bare events table', ...raw },
    ratio: round(ratio, 3),
    ...(warm && {
      warm: {
        what: 'the same load again, right after the first run and its catch-up, on the server that run warmed',
        note: 'the targets are checked on the first run, not this one',
        seconds: warmSeconds,
        ...loadFigures(warm),
        ...(warmCatchUp && { readModelsCaughtUpSecondsAfterLoad: warmCatchUp.seconds, caughtUp: warmCatchUp.caughtUp }),
        ratio: round(warm.result.requests.average / raw.appendsPerSecond, 3),
      },
    }),
    ...(floor && { httpFloor: { ...floor, ratio: round(floor.requestsPerSecond / raw.appendsPerSecond, 3) } }),
    targets: { ratioAtLeast: 0.25, p99MsAtMost: 100, met: ratio >= 0.25 && cold.result.latency.p99 <= 100 },
  });
};

interface LoadRun {
  readonly result: autocannon.Result;
  readonly cpu?: CpuSplit;
}

/** `seconds` of POST /api/v1/reports under `connections`, each request a new report from `lines`. */
const loadReports = async ({
  port,
  token,
  connections,
  seconds,
  lines,
  pids,
}: {
  port: number;
  token: string;
  connections: number;
  seconds: number;
  lines: Iterator<string>;
  pids: { server?: number; projector?: number };
}): Promise<LoadRun> => {
  // autocannon runs in this process: its share of the cores is the bench's.
  const meter = startCpuMeter({ ...pids, autocannon: process.pid });
  const nextReport = () => JSON.stringify((JSON.parse(lines.next().value as string) as { data: unknown }).data);
  const result = await postReports({ port, token, connections, seconds }, nextReport);
  return { result, cpu: meter.stop() };
};

/** autocannon posting reports to the API: the same body each time, or a new one from `body()` for each request. */
const postReports = (
  { port, token, connections, seconds }: { port: number; token: string; connections: number; seconds: number },
  body: string | (() => string),
): Promise<autocannon.Result> =>
  autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/reports',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(typeof body === 'string' ? { body } : { setupRequest: (request) => ({ ...request, body: body() }) }),
      },
    ],
  });

const loadFigures = ({ result, cpu }: LoadRun) => ({
  requestsPerSecond: round(result.requests.average, 0),
  latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
  responses: { '2xx': result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
  ...(cpu && { cpu: withServerCpuPerRequest(cpu, result.requests.average) }),
});

const eventCount = async (): Promise<number> => {
  const [{ events }] = (await sql<{ events: string }>(`SELECT count(*) AS events FROM "${SCHEMA}".events`)) as [{ events: string }];
  return Number(events);
};

interface HttpFloor {
  readonly what: string;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly responses: { readonly '403': number; readonly other: number };
  readonly cpu?: CpuSplit & { readonly serverCpuMsPerRequest?: number };
}

/** The API process's CPU time per request answered: what the handler and the HTTP stack cost together. */
const withServerCpuPerRequest = (cpu: CpuSplit, requestsPerSecond: number): CpuSplit & { serverCpuMsPerRequest?: number } => {
  const cores = cpu.coresByProcess.server;
  return cores === undefined || requestsPerSecond <= 0 ? cpu : { ...cpu, serverCpuMsPerRequest: round((cores * 1000) / requestsPerSecond, 2) };
};

/**
 * What a request costs before it touches storage, on the same server and connections: a valid report for a member
 * state the token does not serve. The token, the rate limit, body parsing, validation and the command bus run; the
 * handler refuses it (403) before its first read, and a refusal writes nothing, not even to the access log. The
 * write path does all of this and then its work, so this is about the most it could serve (a refusal's problem
 * answer costs about what a 201 does). `--floor-seconds 0` skips it.
 */
const httpFloor = async (
  env: NodeJS.ProcessEnv,
  port: number,
  connections: number,
  seconds: number,
  lines: Iterator<string>,
  serverPid: number | undefined,
): Promise<HttpFloor | undefined> => {
  if (seconds <= 0) return undefined;
  const tokenArgs = [REGISTRY, 'token', '--role', 'recorder', '--ms', 'DE', '--sub', 'bench-floor'];
  const token = execFileSync(process.execPath, tokenArgs, { env }).toString().trim();
  const report = (JSON.parse(lines.next().value as string) as { data: Record<string, unknown> }).data;
  const meter = startCpuMeter({ server: serverPid, autocannon: process.pid });
  const result = await postReports({ port, token, connections, seconds }, JSON.stringify({ ...report, memberState: 'FR' }));
  const cpu = meter.stop();
  const refused = result.statusCodeStats?.['403']?.count ?? 0;
  return {
    what: 'POST /api/v1/reports, a valid report for FR with a token for DE only: refused (403) before any storage',
    seconds,
    requestsPerSecond: round(result.requests.average, 0),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
    responses: { '403': refused, other: result['2xx'] + result.non2xx - refused },
    ...(cpu && { cpu: withServerCpuPerRequest(cpu, result.requests.average) }),
  };
};

/** Where the projector runs: `--projector separate` (default), `in-process` or `none`. */
const projectorMode = ((): 'separate' | 'in-process' | 'none' => {
  const mode = flag('projector', process.argv.includes('--no-projector') ? 'none' : 'separate');
  if (mode !== 'separate' && mode !== 'in-process' && mode !== 'none') throw new Error(`--projector ${mode}: separate, in-process or none`);
  return mode;
})();

const PROJECTOR_LOG = join(WORK_DIR, 'api-projector.log');

const startProjector = (env: NodeJS.ProcessEnv): ChildProcess => {
  const log = openSync(PROJECTOR_LOG, 'w');
  const projector = spawn(process.execPath, [REGISTRY, 'project'], { env, stdio: ['ignore', log, log] });
  closeSync(log);
  return projector;
};

/** With no projector beside the API: how long `registry project` then takes to apply what the load wrote. */
const projectorAfterLoad = async (env: NodeJS.ProcessEnv): Promise<{ seconds: number; caughtUp: boolean }> => {
  // Timed from its start: the catch-up a projector started after the load would take, start-up included.
  const projector = startProjector(env);
  try {
    return await projectionsCaughtUp();
  } finally {
    projector.kill('SIGTERM');
    if (projector.exitCode === null) await once(projector, 'exit');
  }
};

/** The projections a reader of a report and of the Art. 8 figures waits for. */
const WATCHED_PROJECTIONS = ['report-detail', 'statistics'];

/**
 * How long after the load the watched projections had applied the whole log (the read models' lag), up to 120 s.
 * A projection counts once its checkpoint reaches the last report event: one that has not stored a checkpoint yet
 * (a projector just started on a fresh schema) has applied nothing.
 */
const projectionsCaughtUp = async (): Promise<{ seconds: number; caughtUp: boolean }> => {
  const startedAt = Date.now();
  for (;;) {
    const [{ caughtUp }] = (await sql<{ caughtUp: string }>(
      `SELECT count(*) AS "caughtUp" FROM "${SCHEMA}".projection_checkpoint
        WHERE global_position >= (SELECT max(global_position) FROM "${SCHEMA}".events WHERE category = 'report')
          AND projection IN (${WATCHED_PROJECTIONS.map((name) => `'${name}'`).join(', ')})`,
    )) as [{ caughtUp: string }];
    const seconds = round((Date.now() - startedAt) / 1000, 1);
    const all = Number(caughtUp) === WATCHED_PROJECTIONS.length;
    if (all || seconds > 120) return { seconds, caughtUp: all };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
};

/** Its output goes to a file: a pipe the bench process (busy running autocannon) reads late would block its logging. */
const startServer = async (env: NodeJS.ProcessEnv): Promise<ChildProcess> => {
  const logFile = join(WORK_DIR, 'api-server.log');
  const log = openSync(logFile, 'w');
  const nodeOptions = process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean) ?? [];
  const serveFlags = projectorMode === 'in-process' ? [] : ['--no-projector'];
  const server = spawn(process.execPath, [...nodeOptions, REGISTRY, 'serve', ...serveFlags], { env, stdio: ['ignore', log, 'inherit'] });
  closeSync(log);
  await untilLogged(server, logFile, 'listening on', 'registry serve');
  return server;
};

/** Waits until a child process has written `line` to its log (it is ready), or fails if it exits or takes a minute. */
const untilLogged = async (child: ChildProcess, logFile: string, line: string, what: string): Promise<void> => {
  for (let waited = 0; !readFileSync(logFile, 'utf8').includes(line); waited += 100) {
    if (child.exitCode !== null || waited > 60_000) {
      throw new Error(`${what} did not start: ${readFileSync(logFile, 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** The ceiling: clients that each insert one event per statement (its own transaction), as fast as they can. */
const rawGuardedInserts = async (clients: number, durationSeconds: number): Promise<{ appendsPerSecond: number; latencyMsP50: number; latencyMsP99: number }> => {
  const schema = 'bench_raw_api';
  await sql([
    `DROP SCHEMA IF EXISTS ${schema} CASCADE`,
    `CREATE SCHEMA ${schema}`,
    `CREATE TABLE ${schema}.events (global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_name text NOT NULL,
      stream_revision integer NOT NULL, event_id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      UNIQUE (stream_name, stream_revision))`,
  ]);
  const lines = reportLines({ lines: 100_000_000, seed: 11 });
  const metadata = JSON.stringify({ recordedAt: new Date().toISOString(), actor: { userId: 'bench', role: 'recorder' }, memberState: 'DE', schemaVersion: 1 });
  const latencies: number[] = [];
  const deadline = Date.now() + durationSeconds * 1000;
  const worker = async (): Promise<number> => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    let count = 0;
    try {
      while (Date.now() < deadline) {
        const data = (JSON.parse(lines.next().value as string) as { data: { reportId: string } }).data;
        const startedAt = process.hrtime.bigint();
        await client.query(`INSERT INTO ${schema}.events (stream_name, stream_revision, event_id, type, data, metadata) VALUES ($1, 0, $2, 'ReportReceived', $3, $4)`, [
          `report-${data.reportId}`,
          randomUUID(),
          JSON.stringify(data),
          metadata,
        ]);
        latencies.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
        count++;
      }
    } finally {
      await client.end();
    }
    return count;
  };
  const startedAt = Date.now();
  const counts = await Promise.all(Array.from({ length: clients }, worker));
  const elapsed = (Date.now() - startedAt) / 1000;
  await sql(`DROP SCHEMA ${schema} CASCADE`);
  latencies.sort((a, b) => a - b);
  return {
    appendsPerSecond: round(counts.reduce((sum, count) => sum + count, 0) / elapsed, 0),
    latencyMsP50: round(latencies[Math.floor(latencies.length / 2)] ?? NaN),
    latencyMsP99: round(latencies[Math.floor(latencies.length * 0.99)] ?? NaN),
  };
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
