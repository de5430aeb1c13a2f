import { randomUUID } from 'node:crypto';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

const aReport = (overrides: Record<string, unknown> = {}) => ({
  reportId: randomUUID(),
  memberState: 'NL',
  receivedAt: '2024-03-01T10:00:00Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  externalReference: `CT-${randomUUID()}`,
  provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION' },
  contentCategory: 'KNOWN_CSAM',
  detectedUnderArt3: true,
  contentHashes: [{ algorithm: 'PDQ', value: randomUUID().replace(/-/g, '') }],
  ...overrides,
});

describe('recording reports over HTTP', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  it('records a report and shows it with its ETag', async () => {
    const report = aReport();
    const created = await registry.http.post('/api/v1/reports').send(report).expect(201);
    expect(created.body).toMatchObject({ id: report.reportId, revision: 0, created: true });
    expect(created.headers.etag).toBe('W/"0"');
    await registry.settle();
    const shown = await registry.http.get(`/api/v1/reports/${report.reportId}`).expect(200);
    expect(shown.body).toMatchObject({ reportId: report.reportId, memberState: 'NL', duplicateOf: null, isWithdrawn: false });
    expect(shown.headers.etag).toBe('W/"0"');
  });

  it('records the same report twice (same channel and external reference) as one report', async () => {
    const first = aReport();
    await registry.http.post('/api/v1/reports').send(first).expect(201);
    const before = await registry.eventCount();
    const again = await registry.http.post('/api/v1/reports').send({ ...first, reportId: randomUUID() }).expect(200);
    expect(again.body).toMatchObject({ id: first.reportId, created: false });
    expect(await registry.eventCount()).toBe(before);
  });

  it('answers a replayed report (same Idempotency-Key, accounts sealed afresh) as the first time, recording nothing new', async () => {
    const report = aReport({ accountRefs: ['acct-hmac-0f3a9c'] });
    const record = (body: Record<string, unknown>) =>
      registry.http.post('/api/v1/reports').set('Idempotency-Key', `record-${report.reportId}`).send(body);
    const first = await record(report).expect(201);
    const before = await registry.eventCount();
    // Sealed again, its accounts take other bytes: the replay is told by the events of the first request.
    const replay = await record(report).expect(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.etag).toBe(first.headers.etag);
    // The key names the request, whatever its body says now (contract: the first answer).
    const underAnotherId = await record({ ...report, reportId: randomUUID() }).expect(201);
    expect(underAnotherId.body).toEqual(first.body);
    expect(await registry.eventCount()).toBe(before);
  });

  it('replays a write retried with the same Idempotency-Key on its path with the id in the other case', async () => {
    const report = aReport();
    await registry.http.post('/api/v1/reports').send(report).expect(201);
    const assess = (id: string) =>
      registry.http
        .post(`/api/v1/reports/${id}/assessments`)
        .set('Idempotency-Key', `assess-${report.reportId}`)
        .send({ actionable: true, assessedAt: '2024-03-05T10:00:00Z' })
        .expect(201);
    const first = await assess(report.reportId.toUpperCase());
    const before = await registry.eventCount();
    const retried = await assess(report.reportId);
    expect(retried.body).toEqual(first.body);
    expect(await registry.eventCount()).toBe(before);
  });

  it('refuses an Idempotency-Key used before for another report with 409 naming the header, recording nothing', async () => {
    const key = `reused-${randomUUID()}`;
    await registry.http.post('/api/v1/reports').set('Idempotency-Key', key).send(aReport()).expect(201);
    const before = await registry.eventCount();
    const another = await registry.http.post('/api/v1/reports').set('Idempotency-Key', key).send(aReport()).expect(409);
    expect(another.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(another.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY.REUSED',
      errors: [{ field: 'Idempotency-Key', messages: [expect.stringContaining('already used for a different request')] }],
    });
    expect(another.body.detail).not.toMatch(/event/i);
    expect(await registry.eventCount()).toBe(before);
  });

  it('answers the same report sent again without an Idempotency-Key as already recorded (200)', async () => {
    const report = aReport();
    const first = await registry.http.post('/api/v1/reports').send(report).expect(201);
    const again = await registry.http.post('/api/v1/reports').send(report).expect(200);
    expect(again.body).toEqual({ ...first.body, created: false });
  });

  it('counts a report whose content hash matches an earlier one as a repeat report, not a distinct case', async () => {
    const hash = { algorithm: 'MD5', value: 'd41d8cd98f00b204e9800998ecf8427e' };
    const year = { receivedAt: '2021-06-01T10:00:00Z' };
    await registry.http.post('/api/v1/reports').send(aReport({ ...year, contentHashes: [hash], memberState: 'SI' })).expect(201);
    const repeat = aReport({ ...year, contentHashes: [{ ...hash, value: hash.value.toUpperCase() }], memberState: 'SI' });
    await registry.http.post('/api/v1/reports').send(repeat).expect(201);
    await registry.settle();
    const detail = await registry.http.get(`/api/v1/reports/${repeat.reportId}`).expect(200);
    expect(detail.body.duplicateOf).toMatchObject({ basis: 'SAME_CONTENT_HASH' });
    const { body } = await registry.http.get('/api/v1/statistics/art8?ms=SI&year=2021').expect(200);
    expect(body.a).toMatchObject({ totalReports: 2, distinctCases: 1, repeatReports: 1, casesReportedMultipleTimes: 1 });
  });

  it('joins two cases when a report carries the content hash of one and the account of the other', async () => {
    // AT 2024: rid201 has the hash, rid202 the account, rid203 both; rid202's case joins rid201's (received first).
    const hash = { algorithm: 'MD5', value: `cccc0001${'0'.repeat(24)}` };
    const inAustria = (receivedAt: string, overrides: Record<string, unknown>) =>
      aReport({ memberState: 'AT', receivedAt, contentHashes: [], ...overrides });
    const rid201 = inAustria('2024-01-10T10:00:00Z', { contentHashes: [hash] });
    const rid202 = inAustria('2024-01-11T10:00:00Z', { accountRefs: ['acctY001'] });
    const rid203 = inAustria('2024-01-12T10:00:00Z', { contentHashes: [hash], accountRefs: ['acctY001'] });
    await registry.http.post('/api/v1/reports').send(rid201).expect(201);
    const beforeTheLink = await registry.http.post('/api/v1/reports').send(rid202).expect(201);
    await registry.http.post('/api/v1/reports').send(rid203).expect(201);
    await registry.settle();
    const duplicateOf = async ({ reportId }: { reportId: string }) =>
      (await registry.http.get(`/api/v1/reports/${reportId}`).expect(200)).body.duplicateOf;
    expect(await duplicateOf(rid203)).toMatchObject({ reportId: rid201.reportId, basis: 'SAME_CONTENT_HASH' });
    expect(await duplicateOf(rid202)).toMatchObject({ reportId: rid201.reportId, basis: 'SAME_ACCOUNT' });
    const art8 = async (asOf?: string) => {
      const query = `ms=AT&year=2024${asOf ? `&asOf=${asOf}` : ''}`;
      return (await registry.http.get(`/api/v1/statistics/art8?${query}`).expect(200)).body.a;
    };
    const oneCase = { totalReports: 3, distinctCases: 1, repeatReports: 2, casesReportedMultipleTimes: 1 };
    expect(await art8()).toMatchObject(oneCase);
    // As they stood before rid203 linked them (as of rid202's write: `<transaction>/<global position>`): two cases.
    const twoCases = { totalReports: 2, distinctCases: 2, repeatReports: 0, casesReportedMultipleTimes: 0 };
    expect(await art8(beforeTheLink.body.position.split('/')[1])).toMatchObject(twoCases);
  });

  it('counts a report received at 23:30 UTC on 31 December in the next year of the member state', async () => {
    await registry.http.post('/api/v1/reports').send(aReport({ memberState: 'LU', receivedAt: '2022-12-31T23:30:00Z' })).expect(201);
    await registry.settle();
    const in2023 = await registry.http.get('/api/v1/statistics/art8?ms=LU&year=2023').expect(200);
    const in2022 = await registry.http.get('/api/v1/statistics/art8?ms=LU&year=2022').expect(200);
    expect(in2023.body.a.totalReports).toBe(1);
    expect(in2022.body.a.totalReports).toBe(0);
  });

  it('assesses, corrects and withdraws a report, and the figures follow', async () => {
    const report = aReport({ memberState: 'MT', receivedAt: '2023-05-05T08:00:00Z' });
    const id = report.reportId;
    await registry.http.post('/api/v1/reports').send(report).expect(201);
    await registry.http.post(`/api/v1/reports/${id}/assessments`).send({ actionable: true, assessedAt: '2023-05-06T08:00:00Z' }).expect(201);
    await registry.http
      .post(`/api/v1/reports/${id}/corrections`)
      .send({ changes: { provider: { providerType: 'SOCIAL_MEDIA' } }, reason: 'provider type mis-keyed' })
      .expect(201);
    await registry.settle();
    let figures = (await registry.http.get('/api/v1/statistics/art8?ms=MT&year=2023').expect(200)).body.a;
    expect(figures).toMatchObject({ totalReports: 1, actionableReports: 1 });
    expect(figures.byProviderType).toMatchObject({ SOCIAL_MEDIA: 1, INTERPERSONAL_COMMUNICATION: 0 });
    await registry.http.post(`/api/v1/reports/${id}/withdrawal`).send({ reason: 'entered in error' }).expect(201);
    await registry.settle();
    figures = (await registry.http.get('/api/v1/statistics/art8?ms=MT&year=2023').expect(200)).body.a;
    expect(figures.totalReports).toBe(0);
    const history = await registry.http.get(`/api/v1/audit/streams/report-${id}`).expect(200);
    expect(history.body.map((event: { type: string }) => event.type)).toEqual([
      'ReportReceived',
      'ReportAssessed',
      'ReportCorrected',
      'ReportWithdrawn',
    ]);
    expect(history.body[0].metadata).toMatchObject({ memberState: 'MT', schemaVersion: 1, actor: { role: 'recorder' } });
  });

  it('makes a write conditional on If-Match: a stale revision answers 412 and appends nothing', async () => {
    const report = aReport();
    await registry.http.post('/api/v1/reports').send(report).expect(201);
    const assessment = { actionable: false, reasonIfNot: 'NOT_CSAM', assessedAt: '2024-03-02T08:00:00Z' };
    await registry.http.post(`/api/v1/reports/${report.reportId}/assessments`).set('If-Match', 'W/"0"').send(assessment).expect(201);
    const before = await registry.eventCount();
    const stale = await registry.http.post(`/api/v1/reports/${report.reportId}/assessments`).set('If-Match', 'W/"0"').send(assessment);
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('STREAM.CONCURRENT_CHANGE');
    expect(await registry.eventCount()).toBe(before);
  });

  it('answers a replay with the same Idempotency-Key as the first time, even after later writes, recording nothing', async () => {
    const report = aReport();
    await registry.http.post('/api/v1/reports').send(report).expect(201);
    const assess = () =>
      registry.http
        .post(`/api/v1/reports/${report.reportId}/assessments`)
        .set('Idempotency-Key', 'assess-once')
        .send({ actionable: true, assessedAt: '2024-03-02T08:00:00Z' });
    const first = await assess().expect(201);
    await registry.http.post(`/api/v1/reports/${report.reportId}/corrections`).send({ changes: { countUnit: 'URL' }, reason: 'unit' }).expect(201);
    const before = await registry.eventCount();
    const replay = await assess().expect(201);
    expect(replay.body).toEqual(first.body);
    expect(await registry.eventCount()).toBe(before);
  });

  it('answers a marking that changes nothing with where the report stands in the log', async () => {
    const [first, repeat] = [aReport(), aReport()];
    for (const report of [first, repeat]) await registry.http.post('/api/v1/reports').send(report).expect(201);
    const mark = () => registry.http.post(`/api/v1/reports/${repeat.reportId}/duplicate-of`).send({ duplicateOfReportId: first.reportId });
    const marked = await mark().expect(201);
    const again = await mark().expect(200);
    expect(again.body).toEqual({ id: repeat.reportId, revision: marked.body.revision, created: false, position: marked.body.position });
  });

  it('refuses a duplicate marking that would close a cycle through groups re-rooted since', async () => {
    const [a, r, t, s] = [aReport(), aReport(), aReport(), aReport()];
    for (const report of [a, r, t, s]) await registry.http.post('/api/v1/reports').send(report).expect(201);
    const mark = (report: { reportId: string }, of: { reportId: string }) =>
      registry.http.post(`/api/v1/reports/${report.reportId}/duplicate-of`).send({ duplicateOfReportId: of.reportId });
    await mark(t, r).expect(201);
    await mark(r, s).expect(201);
    await mark(s, a).expect(201);
    // t still names r as its root, but r joined s's group and s joined a's: a is the root now.
    const before = await registry.eventCount();
    const cycle = await mark(a, t).expect(409);
    expect(cycle.body.code).toBe('REPORT.DUPLICATE_TARGET_INVALID');
    expect(await registry.eventCount()).toBe(before);
  });

  it('refuses a rule violation with 409 and a stable code', async () => {
    const report = aReport();
    await registry.http.post('/api/v1/reports').send(report).expect(201);
    await registry.http.post(`/api/v1/reports/${report.reportId}/withdrawal`).send({ reason: 'entered in error' }).expect(201);
    const again = await registry.http.post(`/api/v1/reports/${report.reportId}/withdrawal`).send({ reason: 'again' }).expect(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.body.code).toBe('REPORT.WITHDRAWN');
  });

  it('answers 404 for a report that does not exist', async () => {
    const missing = await registry.http.get(`/api/v1/reports/${randomUUID()}`).expect(404);
    expect(missing.body.code).toBe('REPORT.NOT_FOUND');
    await registry.http.post(`/api/v1/reports/${randomUUID()}/assessments`).send({ actionable: true, assessedAt: '2024-03-02T08:00:00Z' }).expect(404);
  });
});
