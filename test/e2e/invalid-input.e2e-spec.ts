import { randomUUID } from 'node:crypto';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

const valid = () => ({
  reportId: randomUUID(),
  memberState: 'BE',
  receivedAt: '2024-03-01T10:00:00Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  contentCategory: 'KNOWN_CSAM',
});

const NO_OFFSET = 'must be an ISO 8601 date-time with a time zone offset, e.g. 2024-03-01T10:00:00Z';

describe('invalid input', () => {
  let registry: TestRegistry;
  let before: number;
  beforeAll(async () => {
    registry = await startTestRegistry();
    before = await registry.eventCount();
  }, 60_000);
  afterAll(() => registry.close());
  afterEach(async () => expect(await registry.eventCount()).toBe(before));

  const post = (body: unknown) => registry.http.post('/api/v1/reports').send(body as object);
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);

  it.each([
    ['missing fields', { reportId: randomUUID() }, ['memberState', 'receivedAt', 'reporterKind', 'sourceChannel', 'contentCategory']],
    ['a wrong enum', { ...valid(), reporterKind: 'NEIGHBOUR' }, ['reporterKind']],
    ['a bad date', { ...valid(), receivedAt: '2024-02-30T10:00:00Z' }, ['receivedAt']],
    ['a date without a time zone', { ...valid(), receivedAt: '2024-03-01T10:00:00' }, ['receivedAt']],
    ['an unknown member state', { ...valid(), memberState: 'UK' }, ['memberState']],
    ['a number where a string belongs', { ...valid(), externalReference: 42 }, ['externalReference']],
    ['an unknown field', { ...valid(), childName: 'x' }, ['childName']],
    ['a bad nested field', { ...valid(), contentHashes: [{ algorithm: 'MD5', value: '<script>' }] }, ['contentHashes.0.value']],
    ['a non-uuid id', { ...valid(), reportId: '1 OR 1=1' }, ['reportId']],
    // An intake key: blank, it would make every later blank-referenced report of the channel "already recorded".
    ['a blank external reference', { ...valid(), externalReference: '   ' }, ['externalReference']],
    ['an external reference with a trailing space', { ...valid(), externalReference: 'CT-1 ' }, ['externalReference']],
    // An array where one object belongs: class-validator would check its elements and let it through.
    ['a list where one provider belongs', { ...valid(), provider: [{ name: 'Example', providerType: 'SOCIAL_MEDIA' }] }, ['provider']],
    ['a list inside the list of hashes', { ...valid(), contentHashes: [{ algorithm: 'MD5', value: 'ab12' }, []] }, ['contentHashes']],
  ])('answers 400 naming the fields for %s', async (_case, body, fields) => {
    const response = await post(body).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('INPUT.INVALID');
    expect(fieldsOf(response.body)).toEqual(expect.arrayContaining(fields));
  });

  it.each([
    ['an array', [valid()]],
    ['a string', 'report'],
    ['null', null],
  ])('answers 400 for %s instead of an object', async (_case, body) => {
    const response = await registry.http.post('/api/v1/reports').set('content-type', 'application/json').send(JSON.stringify(body));
    expect(response.status).toBe(400);
  });

  it.each(['reports', 'children'])('answers 400 for a correction of %s that names no change', async (records) => {
    const response = await registry.http
      .post(`/api/v1/${records}/${randomUUID()}/corrections`)
      .send({ changes: {}, reason: 'typo' })
      .expect(400);
    expect(response.body.errors).toEqual([
      { field: 'changes', messages: ['changes must name at least one field to correct'] },
    ]);
  });

  it('answers 400 for malformed JSON', async () => {
    const response = await registry.http.post('/api/v1/reports').set('content-type', 'application/json').send('{"reportId": ');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BODY.MALFORMED_JSON');
  });

  it('answers 413 for an oversize body', async () => {
    const response = await post({ ...valid(), sourceOrganisation: 'x'.repeat(300_000) });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('BODY.TOO_LARGE');
  });

  it('answers 400 for a path id that is not a uuid', async () => {
    const response = await registry.http.post('/api/v1/reports/not-a-uuid/withdrawal').send({ reason: 'x' }).expect(400);
    expect(fieldsOf(response.body)).toEqual(['id']);
  });

  // 36 hex digits and dashes in any order were taken for an id: a 404 for the history, an empty access-log page.
  it('answers 400 for a stream name whose id is not a uuid, in a history’s path and in a search', async () => {
    const stream = `statistics-ab-${'0'.repeat(33)}`;
    const history = await registry.http.get(`/api/v1/audit/streams/${stream}`).expect(400);
    expect(fieldsOf(history.body)).toEqual(['stream']);
    const search = await registry.http.get(`/api/v1/audit/access?record=${stream}`).expect(400);
    expect(fieldsOf(search.body)).toEqual(['record']);
  });

  it('answers 400 for an If-Match that is not one of our ETags', async () => {
    const response = await registry.http.post(`/api/v1/reports/${randomUUID()}/withdrawal`).set('If-Match', 'yesterday').send({ reason: 'x' });
    expect(response.status).toBe(400);
    expect(fieldsOf(response.body)).toEqual(['If-Match']);
  });

  const impossibleDays = ['2026-02-31', '2024-02-30T10:00:00Z'];
  it.each(impossibleDays)('answers 400 naming asOf for a day the calendar lacks: %s', async (asOf) => {
    const response = await registry.http.get(`/api/v1/statistics/art8?ms=NL&year=2024&asOf=${asOf}`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const message = `asOf must name a day the calendar has (${asOf.slice(0, 10)} is none)`;
    expect(response.body.errors).toEqual([{ field: 'asOf', messages: [message] }]);
  });

  it.each([
    ['0001-01-01T00:00:00Z', 'receivedAt must fall in the years 1990 to 2200'],
    ['1969-12-31T23:59:59Z', 'receivedAt must fall in the years 1990 to 2200'],
    ['2024-02-30T10:00:00Z', 'receivedAt names a day the calendar does not have (2024-02-30)'],
    ['2024-03-01T10:00:00', `receivedAt ${NO_OFFSET}`],
  ])('says why a date is refused: %s', async (receivedAt, message) => {
    const response = await post({ ...valid(), receivedAt }).expect(400);
    expect(response.body.errors).toEqual([{ field: 'receivedAt', messages: [message] }]);
  });

  it('answers 400 naming the query parameters of a bad statistics request', async () => {
    const response = await registry.http.get('/api/v1/statistics/art8?ms=XX&year=20x4').expect(400);
    expect(fieldsOf(response.body)).toEqual(expect.arrayContaining(['ms', 'year']));
  });

  describe('names every bad input of a request in one answer', () => {
    const fieldsOfAnswer = (response: { status: number; body: { errors?: { field: string }[] } }) => {
      expect(response.status).toBe(400);
      return fieldsOf(response.body).sort();
    };

    it('unsafe strings in the body and the invalid fields beside them', async () => {
      const response = await post({
        ...valid(),
        reportId: 'bad',
        sourceOrganisation: 'a\u0000b',
        externalReference: 'x\ud800y',
      });
      expect(fieldsOfAnswer(response)).toEqual(['externalReference', 'reportId', 'sourceOrganisation']);
    });

    it('a prototype key in the body and the invalid and missing fields beside it', async () => {
      const response = await registry.http
        .post('/api/v1/reports')
        .set('content-type', 'application/json')
        .send('{"__proto__":{},"reportId":"bad","receivedAt":"x"}');
      expect(fieldsOfAnswer(response)).toEqual(
        expect.arrayContaining(['__proto__', 'reportId', 'receivedAt', 'memberState', 'contentCategory']),
      );
    });

    it('a path id and the body', async () => {
      const response = await registry.http.post('/api/v1/reports/zzz/assessments').send({ actionable: 'x' });
      expect(fieldsOfAnswer(response)).toEqual(['actionable', 'assessedAt', 'id']);
    });

    it('every path parameter and the body', async () => {
      const response = await registry.http
        .post('/api/v1/statistics/snapshots/XX/not-uuid/submission')
        .send({ submittedAt: 'x' });
      expect(fieldsOfAnswer(response)).toEqual(expect.arrayContaining(['id', 'ms', 'submittedAt']));
    });

    it('the headers the route reads and the body', async () => {
      const response = await registry.http
        .post(`/api/v1/reports/${randomUUID()}/assessments`)
        .set('If-Match', 'foo')
        .set('Idempotency-Key', ' ')
        .send({ actionable: 'x' });
      expect(fieldsOfAnswer(response)).toEqual(['Idempotency-Key', 'If-Match', 'actionable', 'assessedAt']);
    });

    it('a path id, the headers and a valid body', async () => {
      const response = await registry.http
        .post('/api/v1/reports/zzz/withdrawal')
        .set('If-Match', 'foo')
        .send({ reason: 'entered twice' });
      expect(fieldsOfAnswer(response)).toEqual(['If-Match', 'id']);
    });

    it('every query parameter, an unsafe one among them', async () => {
      const response = await registry.http.get('/api/v1/audit/access?from=x&limit=y&actor=%00');
      expect(fieldsOfAnswer(response)).toEqual(['actor', 'from', 'limit']);
    });

    it('a path stream name and the headers', async () => {
      const response = await registry.http.get('/api/v1/audit/streams/not-a-stream').set('If-Match', 'foo');
      expect(fieldsOfAnswer(response)).toEqual(['If-Match', 'stream']);
    });
  });
});
