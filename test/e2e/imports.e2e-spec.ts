import { assessReport, fixedUuid, recordReport, reportData } from '../support/import-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/** POST /imports: the body is read as a stream of lines and recorded in batches, as `registry import` does. */
describe('importing NDJSON over HTTP', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  const post = (body: string, contentType = 'application/x-ndjson') =>
    registry.http.post('/api/v1/imports').set('content-type', contentType).send(body);

  it('records the good lines of a body longer than a batch, lists the bad ones by line number, and records nothing on a re-run', async () => {
    const base = 900_000;
    const lines = Array.from({ length: 2500 }, (_, index) => recordReport(reportData(base + index, { memberState: 'MT' })));
    lines[1200] = '{"type":"RecordReport","data":{"reportId":"not-a-uuid"}}';
    lines[2400] = 'not json';
    lines.push(assessReport(fixedUuid(base + 7)));
    const body = `${lines.join('\r\n')}\r\n`; // CRLF, as some tools write
    const before = await registry.eventCount();

    const first = await post(body).expect(200);
    expect(first.body).toMatchObject({ imported: 2499, alreadyRecorded: 0, rejected: 2 });
    expect(first.body.rejectedLines.map((line: { line: number; code: string }) => [line.line, line.code])).toEqual([
      [1201, 'INPUT.INVALID'],
      [2401, 'IMPORT.MALFORMED_JSON'],
    ]);
    const recorded = await registry.eventCount();
    expect(recorded).toBeGreaterThan(before);

    const again = await post(body).expect(200);
    expect(again.body).toMatchObject({ imported: 0, alreadyRecorded: 2499, rejected: 2 });
    expect(await registry.eventCount()).toBe(recorded);

    await registry.settle();
    const { body: document } = await registry.http.get('/api/v1/statistics/art8?ms=MT&year=2024').expect(200);
    expect(document.a).toMatchObject({ totalReports: 2498, actionableReports: 1 });
  });

  it('rejects a line whose lists hold the wrong shapes, and records the lines after it', async () => {
    const nested = reportData(915_000, { memberState: 'MT', contentHashes: [{ algorithm: 'MD5', value: 'ab12' }, []] });
    const listed = reportData(915_001, { memberState: 'MT', provider: [{ name: 'Example', providerType: 'SOCIAL_MEDIA' }] });
    const good = reportData(915_002, { memberState: 'MT' });
    const { body } = await post([nested, listed, good].map(recordReport).join('\n')).expect(200);
    expect(body).toMatchObject({ imported: 1, rejected: 2 });
    expect(body.rejectedLines.map((line: { line: number; code: string }) => [line.line, line.code])).toEqual([
      [1, 'INPUT.INVALID'],
      [2, 'INPUT.INVALID'],
    ]);
  });

  it('reads a media type whatever its case', async () => {
    const { body } = await post(recordReport(reportData(917_000, { memberState: 'MT' })), 'Application/X-NDJSON').expect(200);
    expect(body).toMatchObject({ imported: 1, rejected: 0 });
  });

  it('keeps who imported a line that names its original recorder, and correlates the events to this import', async () => {
    const importer = await registry.as('recorder', ['MT'], 'importer-ivo');
    const data = reportData(916_000, { memberState: 'MT' });
    const line = JSON.stringify({ type: 'RecordReport', data, actor: 'analyst-7' });
    await importer.post('/api/v1/imports').set('content-type', 'application/x-ndjson').send(line).expect(200);
    const [event] = await registry.runtime.store.readStream(`report-${String(data.reportId)}`);
    expect(event?.metadata).toMatchObject({
      actor: { userId: 'analyst-7', role: 'recorder' },
      importedBy: { userId: 'importer-ivo', role: 'recorder' },
      correlationId: expect.stringMatching(/^import-[0-9a-f]{12}-line-1$/),
    });
  });

  it('ignores the recordedAt of a line: the time recorded is the server time', async () => {
    const data = reportData(918_000, { memberState: 'MT' });
    const line = JSON.stringify({ type: 'RecordReport', data, recordedAt: '2001-01-01T00:00:00Z' });
    const { body } = await post(line).expect(200);
    expect(body).toMatchObject({ imported: 1, rejected: 0 });
    const [event] = await registry.runtime.store.readStream(`report-${String(data.reportId)}`);
    expect(event?.metadata.recordedAt).toBe(registry.clock.now().toISOString());
  });

  it('rejects a line longer than the limit without reading it into memory whole, and goes on with the next', async () => {
    const long = JSON.stringify({ type: 'RecordReport', data: { note: 'x'.repeat(200_000) } });
    const { body } = await post([long, recordReport(reportData(910_000, { memberState: 'MT' }))].join('\n')).expect(200);
    expect(body).toMatchObject({ imported: 1, rejected: 1, rejectedLines: [{ line: 1, code: 'IMPORT.LINE_TOO_LONG' }] });
  });

  it('answers another content type, JSON included, with 415, recording nothing', async () => {
    const before = await registry.eventCount();
    const { body } = await post(JSON.stringify({ type: 'RecordReport', data: reportData(920_000) }), 'application/json').expect(415);
    expect(body).toMatchObject({ status: 415, code: 'BODY.UNSUPPORTED_MEDIA_TYPE', detail: expect.stringMatching(/application\/x-ndjson/) });
    for (const other of ['text/plain', 'application/octet-stream']) {
      const refused = await post(recordReport(reportData(920_001)), other).expect(415);
      expect(refused.body.detail).toMatch(/application\/x-ndjson/);
    }
    // NDJSON labelled as JSON, which Fastify's JSON parser refuses before the route: the media type is still named.
    const mislabelled = [recordReport(reportData(920_003)), recordReport(reportData(920_004))].join('\n');
    const asJson = await post(mislabelled, 'application/json').expect(415);
    expect(asJson.body).toMatchObject({ code: 'BODY.UNSUPPORTED_MEDIA_TYPE', detail: expect.stringMatching(/x-ndjson/) });
    const compressed = await post(recordReport(reportData(920_002))).set('content-encoding', 'gzip').expect(415);
    expect(compressed.body.detail).toMatch(/uncompressed/);
    expect(await registry.eventCount()).toBe(before);
  });
});
