import { randomUUID } from 'node:crypto';
import { investigationBody, offenceBody, reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/**
 * A uuid may be written in upper case (IsUUID accepts it), but one record has one id: the log, its stream
 * names and the read models hold it in lower case, whether it came in a body, an import line or a path.
 */
describe('ids in upper case name the same record', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  const V1 = '/api/v1';
  const streamOf = (name: string) => registry.runtime.store.readStream(name);

  it('records a report sent with its id in upper case, then in lower case, once, and counts it once', async () => {
    const reportId = randomUUID();
    const report = reportBody({ reportId: reportId.toUpperCase(), memberState: 'LV' });
    const first = await registry.http.post(`${V1}/reports`).send(report).expect(201);
    expect(first.body).toMatchObject({ id: reportId, created: true });
    const again = await registry.http
      .post(`${V1}/reports`)
      .send({ ...report, reportId })
      .expect(200);
    expect(again.body).toMatchObject({ id: reportId, created: false });
    expect(await streamOf(`report-${reportId.toUpperCase()}`)).toEqual([]);
    const [received] = await streamOf(`report-${reportId}`);
    expect(received?.data).toMatchObject({ reportId });
    await registry.settle();
    const { body } = await registry.http.get(`${V1}/statistics/art8?ms=LV&year=2024`).expect(200);
    expect(body.a.totalReports).toBe(1);
  });

  it('opens an investigation under an upper-case id and links reports named in upper case', async () => {
    const [reportId, linkedLater, investigationId] = [randomUUID(), randomUUID(), randomUUID()];
    await registry.http.post(`${V1}/reports`).send(reportBody({ reportId })).expect(201);
    await registry.http
      .post(`${V1}/reports`)
      .send(reportBody({ reportId: linkedLater }))
      .expect(201);
    const opened = investigationBody([reportId.toUpperCase()], { investigationId: investigationId.toUpperCase() });
    const created = await registry.http.post(`${V1}/investigations`).send(opened).expect(201);
    expect(created.body).toMatchObject({ id: investigationId });
    await registry.http.post(`${V1}/investigations/${investigationId}/offences`).send(offenceBody()).expect(201);
    await registry.http
      .post(`${V1}/investigations/${investigationId}/reports`)
      .send({ reportId: linkedLater.toUpperCase() })
      .expect(201);
    const events = await streamOf(`investigation-${investigationId}`);
    expect(events.map((event) => event.type)).toEqual([
      'InvestigationOpened',
      'OffenceClassified',
      'ReportLinkedToInvestigation',
    ]);
    expect(JSON.stringify(events.map((event) => event.data))).not.toMatch(/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-/);
  });

  it('imports a line with an upper-case id and the same line in lower case as one report, and links by it', async () => {
    const [reportId, investigationId] = [randomUUID(), randomUUID()];
    const data = reportBody({ reportId: reportId.toUpperCase(), memberState: 'EE' });
    const lines = [
      { type: 'RecordReport', data },
      { type: 'RecordReport', data: { ...data, reportId } },
      {
        type: 'OpenInvestigation',
        data: investigationBody([reportId.toUpperCase()], { investigationId, memberState: 'EE' }),
      },
    ];
    const { body } = await registry.http
      .post(`${V1}/imports`)
      .set('content-type', 'application/x-ndjson')
      .send(lines.map((line) => JSON.stringify(line)).join('\n'))
      .expect(200);
    expect(body).toMatchObject({ imported: 2, alreadyRecorded: 1, rejected: 0 });
    expect(await streamOf(`report-${reportId.toUpperCase()}`)).toEqual([]);
    expect(await streamOf(`report-${reportId}`)).toHaveLength(1);
    const [opened] = await streamOf(`investigation-${investigationId}`);
    expect(opened?.data).toMatchObject({ reportIds: [reportId] });
    await registry.settle();
    const figures = await registry.http.get(`${V1}/statistics/art8?ms=EE&year=2024`).expect(200);
    expect(figures.body.a.totalReports).toBe(1);
  });

  it('logs a read through an upper-case path under the id the record has', async () => {
    const reportId = randomUUID();
    await registry.http.post(`${V1}/reports`).send(reportBody({ reportId })).expect(201);
    await registry.settle();
    const reader = await registry.as(['recorder', 'auditor'], ['NL'], `reader-${reportId}`);
    await reader.get(`${V1}/reports/${reportId.toUpperCase()}`).expect(200);
    await reader.get(`${V1}/audit/streams/report-${reportId.toUpperCase()}`).expect(200);
    await registry.settle();
    for (const record of [reportId, reportId.toUpperCase()]) {
      const { body } = await registry.http.get(`${V1}/audit/access?record=${record}`).expect(200);
      const subjects = (body as { entries: { subject: string }[] }).entries.map((entry) => entry.subject);
      expect(new Set(subjects)).toEqual(new Set([reportId, `report-${reportId}`]));
    }
  });
});
