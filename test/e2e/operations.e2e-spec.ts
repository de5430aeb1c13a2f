import { reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

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
});
