import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonLogger } from '@registry/api';
import type { SecurityConfig } from '@registry/application';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/**
 * A full run (every kind of record, corrections, statistics, history, erasure, and the usual mistakes:
 * bad tokens, forbidden routes, invalid bodies carrying personal text) with every log line captured: none
 * holds a token, key material, a pseudonym key or a personal field. The logs are not empty either.
 */
describe('logs of a full run', () => {
  let registry: TestRegistry;
  let dataDir: string;
  const lines: string[] = [];
  const masterKey = randomBytes(32);
  const personal = {
    providerAccount: `sha256:acct-${randomUUID()}`,
    reason: `spoke to the mother at home ${randomUUID()}`,
    notes: `suspect drives a red van ${randomUUID()}`,
    personId: randomUUID(),
    childId: randomUUID(),
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'registry-logs-'));
    const security: SecurityConfig = {
      dataDir,
      masterKey,
      auth: { kind: 'embedded' },
      rateLimitPerMinute: 1_000_000,
      corsOrigins: [],
    };
    registry = await startTestRegistry(undefined, {
      security,
      logger: new JsonLogger(
        (line) => void lines.push(line),
        new Set(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']),
      ),
    });
  }, 60_000);
  afterAll(async () => {
    await registry.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('hold no token, key or personal field', async () => {
    const writes = [process.stdout, process.stderr].map((stream) => jest.spyOn(stream, 'write'));
    const tokens: string[] = [];
    const as = async (...args: Parameters<TestRegistry['tokenFor']>) => {
      const token = await registry.tokenFor(...args);
      tokens.push(token);
      return registry.as(...args);
    };
    const recorder = await as('recorder', ['NL']);
    const report = reportBody({ accountRefs: [personal.providerAccount] });
    const reportId = (await recorder.post('/api/v1/reports').send(report).expect(201)).body.id;
    await recorder
      .post(`/api/v1/reports/${reportId}/corrections`)
      .send({ changes: { contentCategory: 'NEW_CSAM' }, reason: personal.reason })
      .expect(201);
    const investigationId = (
      await recorder
        .post('/api/v1/investigations')
        .send(investigationBody([reportId]))
        .expect(201)
    ).body.id;
    const offence = offenceBody();
    await recorder.post(`/api/v1/investigations/${investigationId}/offences`).send(offence).expect(201);
    await recorder
      .post(`/api/v1/investigations/${investigationId}/suspects`)
      .send({ personId: personal.personId, notes: personal.notes })
      .expect(201);
    const childId = (
      await recorder
        .post('/api/v1/children')
        .send(childBody(investigationId, [reportId], { childId: personal.childId }))
        .expect(201)
    ).body.id;
    await recorder
      .post(`/api/v1/children/${childId}/corrections`)
      .send({ changes: { sex: 'MALE' }, reason: personal.reason })
      .expect(201);
    await recorder
      .post('/api/v1/judgments')
      .send(judgmentBody(investigationId, personal.personId, [offence.offenceId]))
      .expect(201);
    await registry.settle();
    await recorder.get(`/api/v1/investigations/${investigationId}`).expect(200);
    await (await as('statistician', '*')).get('/api/v1/statistics/art8?ms=NL&year=2024').expect(200);
    await (await as('auditor', ['NL'])).get(`/api/v1/audit/streams/child-${childId}`).expect(200);
    await (
      await as('admin', ['NL'])
    )
      .post('/api/v1/erasures')
      .send({ subjectId: childId, reason: 'DATA_SUBJECT_REQUEST' })
      .expect(201);

    // The usual mistakes, some carrying personal text in what they send.
    await registry.anonymous
      .get(`/api/v1/reports/${reportId}`)
      .set('authorization', `Bearer ${tokens[0]}x`)
      .expect(401);
    await (await as('statistician', ['NL'])).get(`/api/v1/reports/${reportId}`).expect(403);
    await recorder
      .post(`/api/v1/investigations/${investigationId}/suspects`)
      .send({ personId: personal.personId, notes: personal.notes.repeat(100) })
      .expect(400);
    await recorder
      .post('/api/v1/reports')
      .send({
        ...report,
        reportId: randomUUID(),
        sourceOrganisation: 42,
        accountRefs: [personal.providerAccount, 'x y'],
      })
      .expect(400);
    await recorder.get(`/api/v1/reports/${randomUUID()}?note=${encodeURIComponent(personal.reason)}`).expect(404);
    await recorder.post(`/api/v1/no-such-route?token=${tokens[0]}`).send({ notes: personal.notes }).expect(404);

    const logged = [...lines, ...writes.flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))].join('\n');
    writes.forEach((spy) => spy.mockRestore());

    const derived = registry.runtime.security.secrets;
    const tokenKeyPem = await readFile(join(dataDir, 'secrets', 'token-signing-key.pem'), 'utf8');
    const forbidden = {
      ...personal,
      ...Object.fromEntries(tokens.map((token, index) => [`token ${index}`, token])),
      'token signature': tokens[0]!.split('.')[2]!,
      'master key (base64)': masterKey.toString('base64'),
      'master key (hex)': masterKey.toString('hex'),
      'NL pseudonym key (hex)': derived.pseudonymKey('NL').toString('hex'),
      'NL pseudonym key (base64)': derived.pseudonymKey('NL').toString('base64'),
      'key wrapping key (hex)': derived.keyWrappingKey().toString('hex'),
      'token signing key': tokenKeyPem.split('\n')[1]!,
    };
    for (const [what, value] of Object.entries(forbidden))
      expect({ what, found: logged.includes(value) }).toEqual({ what, found: false });
    expect(logged).not.toMatch(/pd1:[0-9a-f-]{36}:/);

    // Not vacuous: every request left one structured line, with its route pattern and who called.
    const requests = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(18);
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'POST', route: '/api/v1/erasures', status: 201, role: 'admin' }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ route: '/api/v1/reports/:id', status: 401 }));
  });
});
