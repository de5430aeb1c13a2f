import { Client } from 'pg';
import { sleep } from '@registry/testing';
import { reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

// Another session's transaction holds the log's readable end only on a server (PGlite runs one at a time).
const onServer = process.env.DATABASE_URL ? it : it.skip;

describe('operating the registry: health and metrics', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  it('answers /health without a token, with every projection running and its lag', async () => {
    await registry.http.post('/api/v1/reports').send(reportBody()).expect(201);
    await registry.settle();
    const { body } = await registry.anonymous.get('/health').expect(200);
    expect(body).toMatchObject({ status: 'ok', projector: 'in this process' });
    expect(body.projections).toContainEqual(expect.objectContaining({ projection: 'statistics', isRunning: true, lag: 0, error: null }));
    expect(Object.keys(body.log)).toEqual(['heldBack', 'oldestOpenTransactionSeconds']);
  });

  onServer('shows the committed events a transaction open elsewhere holds back, and stays ready', async () => {
    const holder = new Client({ connectionString: registry.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()');
      await sleep(1_100);
      await registry.http.post('/api/v1/reports').send(reportBody()).expect(201);

      const { body } = await registry.anonymous.get('/health').expect(200);

      expect(body.status).toBe('ok');
      expect(body.log.heldBack).toBeGreaterThan(0);
      expect(body.log.oldestOpenTransactionSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.end();
    }
  });

  it('exposes Prometheus metrics by route pattern, never with record ids', async () => {
    const report = reportBody();
    await registry.http.post('/api/v1/reports').send(report).expect(201);
    await registry.http.get(`/api/v1/reports/${report.reportId}`);
    const metrics = await registry.anonymous.get('/api/v1/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/registry_http_requests_total\{method="POST",route="\/api\/v1\/reports",status="201"\} \d+/);
    expect(metrics.text).toContain('route="/api/v1/reports/:id"');
    expect(metrics.text).toMatch(/registry_projection_position\{projection="report-detail"\} \d+/);
    expect(metrics.text).not.toContain(report.reportId);
  });

  it('exposes the events the readable end of the log holds back as gauges', async () => {
    const { text } = await registry.anonymous.get('/api/v1/metrics').expect(200);
    expect(text).toContain('# TYPE registry_log_held_back_events gauge');
    expect(text).toMatch(/^registry_log_held_back_events \d+$/m);
    expect(text).toContain('# TYPE registry_log_oldest_open_transaction_seconds gauge');
  });

  onServer('counts the committed events a transaction open elsewhere holds back, and its age', async () => {
    const holder = new Client({ connectionString: registry.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      // A write takes a transaction id: from here on, whatever the registry commits waits behind this one.
      await holder.query('CREATE TEMP TABLE held_open (n int); INSERT INTO held_open VALUES (1)');
      await sleep(1_100);
      await registry.http.post('/api/v1/reports').send(reportBody()).expect(201);

      const { text } = await registry.anonymous.get('/api/v1/metrics').expect(200);

      expect(Number(/^registry_log_held_back_events (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
      expect(Number(/^registry_log_oldest_open_transaction_seconds (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
  });

  it('counts a refused request under the status it was answered with', async () => {
    const count = async (status: number) => {
      const { text } = await registry.anonymous.get('/api/v1/metrics').expect(200);
      const pattern = new RegExp(`registry_http_requests_total\\{method="POST",route="/api/v1/reports",status="${status}"\\} (\\d+)`);
      return Number(pattern.exec(text)?.[1] ?? 0);
    };
    const [created, invalid, unauthenticated] = [await count(201), await count(400), await count(401)];
    await registry.http.post('/api/v1/reports').send({ ...reportBody(), memberState: 'UK' }).expect(400);
    await registry.anonymous.post('/api/v1/reports').send(reportBody()).expect(401);
    expect([await count(201), await count(400), await count(401)]).toEqual([created, invalid + 1, unauthenticated + 1]);
  });
});
