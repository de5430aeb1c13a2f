import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/** Headers, CORS, rate limiting and the authentication answers every client sees. */
describe('HTTP hardening', () => {
  let registry: TestRegistry;
  let limited: TestRegistry;
  let behindProxy: TestRegistry;
  let behindOneHop: TestRegistry;
  let dataDir: string;
  let oneHopDataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'registry-proxy-'));
    oneHopDataDir = await mkdtemp(join(tmpdir(), 'registry-hop-'));
    // Behind a proxy on this machine (TRUST_PROXY=loopback): the client is who X-Forwarded-For names.
    const security = { dataDir, masterKey: randomBytes(32), auth: { kind: 'embedded' as const }, rateLimitPerMinute: 5, corsOrigins: [], trustProxy: ['loopback'] };
    // TRUST_PROXY=1: one proxy in front, whatever its address; the client is the last address it adds.
    const oneHop = { ...security, dataDir: oneHopDataDir, masterKey: randomBytes(32), trustProxy: 1 };
    [registry, limited, behindProxy, behindOneHop] = await Promise.all([
      startTestRegistry(),
      startTestRegistry(undefined, { rateLimitPerMinute: 5 }),
      startTestRegistry(undefined, { rateLimitPerMinute: 5, security }),
      startTestRegistry(undefined, { rateLimitPerMinute: 5, security: oneHop }),
    ]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([registry.close(), limited.close(), behindProxy.close(), behindOneHop.close()]);
    await rm(dataDir, { recursive: true, force: true });
    await rm(oneHopDataDir, { recursive: true, force: true });
  });

  it('sends helmet headers and no x-powered-by', async () => {
    const response = await registry.anonymous.get('/health');
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.stringContaining("default-src 'self'"),
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers what is refused before any route runs as problems, with the same headers', async () => {
    const unknownRoute = await registry.http.get('/api/v1/nothing-here?x=1');
    const plainText = await registry.http.post('/api/v1/reports').set('content-type', 'text/plain').send('{}');
    const longId = await registry.http.get(`/api/v1/reports/${'x'.repeat(500)}`);
    const badEscape = await registry.http.get('/api/v1/reports/%E0%A4%A');
    const empty = await registry.http.post('/api/v1/reports').set('content-type', 'application/json').send('');
    const answers = [unknownRoute, plainText, longId, badEscape, empty];
    expect(answers.map(({ status, body }) => [status, body.code])).toEqual([
      [404, 'ROUTE.NOT_FOUND'],
      [415, 'BODY.UNSUPPORTED_MEDIA_TYPE'],
      [414, 'REQUEST.PATH_TOO_LONG'],
      [400, 'REQUEST.MALFORMED_URL'],
      [400, 'BODY.MALFORMED_JSON'],
    ]);
    expect(unknownRoute.body.detail).toBe('No route GET /api/v1/nothing-here');
    for (const answer of answers) {
      expect(answer.headers).toMatchObject({
        'content-type': expect.stringMatching(/^application\/problem\+json/),
        'x-frame-options': 'SAMEORIGIN',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
      });
      // The client's own URL is not repeated back.
      expect(JSON.stringify(answer.body)).not.toMatch(/xxxxxxxx|%E0/);
    }
  });

  it('keeps CORS off unless CORS_ORIGINS names an origin', async () => {
    const response = await registry.http.get('/api/v1/statistics/quality?ms=NL').set('origin', 'https://evil.example');
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await registry.anonymous
      .options('/api/v1/reports')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 401 with WWW-Authenticate, without saying why a token failed', async () => {
    const missing = await registry.anonymous.get('/api/v1/statistics/art8?ms=NL&year=2024');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="case-registry"');
    expect(missing.body).toMatchObject({ status: 401, code: 'AUTH.TOKEN_MISSING' });
    const foreign = await limited.tokenFor('admin', '*');
    const invalid = await registry.anonymous
      .get('/api/v1/statistics/art8?ms=NL&year=2024')
      .set('authorization', `Bearer ${foreign}`);
    expect(invalid.headers['www-authenticate']).toBe('Bearer realm="case-registry", error="invalid_token"');
    expect(invalid.body).toMatchObject({
      status: 401,
      code: 'AUTH.TOKEN_INVALID',
      detail: 'The bearer token is invalid or expired',
    });
  });

  it('gives a plain statistician public figures only', async () => {
    const statistician = await registry.as('statistician', '*');
    expect((await statistician.get('/api/v1/statistics/art8?ms=NL&year=2024').expect(200)).body.disclosure).toBe(
      'public',
    );
    expect(
      (await statistician.get('/api/v1/statistics/art8?ms=NL&year=2024&disclosure=exact').expect(403)).body.code,
    ).toBe('AUTH.EXACT_FIGURES_NOT_PERMITTED');
    const exact = await registry.as('statistician-exact', '*');
    expect((await exact.get('/api/v1/statistics/art8?ms=NL&year=2024').expect(200)).body.disclosure).toBe('exact');
  });

  it('answers 429 as a problem with Retry-After once a client exceeds the rate limit, but never for /health', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await limited.http.get('/api/v1/statistics/quality?ms=NL')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await limited.http.get('/api/v1/statistics/quality?ms=NL');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE.LIMITED' });
    for (let i = 0; i < 7; i++) await limited.anonymous.get('/health').expect(200);
  });

  it('counts each client behind a trusted proxy on its own, and ignores X-Forwarded-For from anyone else', async () => {
    const from = async (service: TestRegistry, client: string) =>
      (await service.http.get('/api/v1/statistics/quality?ms=NL').set('x-forwarded-for', client)).status;
    const first: number[] = [];
    for (let i = 0; i < 6; i++) first.push(await from(behindProxy, '203.0.113.1'));
    expect(first).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await from(behindProxy, '203.0.113.2')).toBe(200);
    // Without TRUST_PROXY the header changes nothing: every request is the connection's (this test's) address.
    const untrusted: number[] = [];
    for (let i = 0; i < 6; i++) untrusted.push(await from(limited, `203.0.113.${10 + i}`));
    expect(untrusted.at(-1)).toBe(429);
  });

  it('trusts as many proxies as TRUST_PROXY counts, and not the addresses a client put before them', async () => {
    const from = async (forwardedFor: string) =>
      (await behindOneHop.http.get('/api/v1/statistics/quality?ms=NL').set('x-forwarded-for', forwardedFor)).status;
    const spoofing: number[] = [];
    for (let i = 0; i < 6; i++) spoofing.push(await from(`198.51.100.${i}, 203.0.113.7`));
    expect(spoofing).toEqual([200, 200, 200, 200, 200, 429]);
    expect(await from('198.51.100.0, 203.0.113.8')).toBe(200);
  });
});
