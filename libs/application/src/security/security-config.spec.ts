import { ConfigurationError } from '../config/registry-config';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, loadSecurityConfig } from './security-config';

describe('security configuration', () => {
  it('defaults to embedded tokens, secrets in ./data, a generous rate limit and no CORS', () => {
    const config = loadSecurityConfig({});
    expect(config).toEqual({
      dataDir: expect.stringMatching(/data$/),
      masterKey: null,
      auth: { kind: 'embedded' },
      rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
      corsOrigins: [],
    });
  });

  it('verifies tokens of an OpenID Connect issuer when AUTH_ISSUER is set', () =>
    expect(
      loadSecurityConfig({ AUTH_ISSUER: 'https://login.example.eu/realms/registry', AUTH_AUDIENCE: 'case-registry' })
        .auth,
    ).toEqual({
      kind: 'oidc',
      issuer: 'https://login.example.eu/realms/registry',
      audience: 'case-registry',
      jwksUrl: null,
    }));

  it('reads the master key, the rate limit and the CORS origins', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const config = loadSecurityConfig({
      REGISTRY_MASTER_KEY: key,
      RATE_LIMIT_PER_MINUTE: '60',
      CORS_ORIGINS: 'https://a.example.eu, https://b.example.eu',
    });
    expect(config.masterKey?.toString('base64')).toBe(key);
    expect(config.rateLimitPerMinute).toBe(60);
    expect(config.corsOrigins).toEqual(['https://a.example.eu', 'https://b.example.eu']);
  });

  it.each([
    [{ AUTH_ISSUER: 'https://login.example.eu' }, 'AUTH_AUDIENCE'],
    [{ AUTH_ISSUER: 'http://login.example.eu', AUTH_AUDIENCE: 'x' }, 'AUTH_ISSUER'],
    [{ AUTH_ISSUER: 'not a url', AUTH_AUDIENCE: 'x' }, 'AUTH_ISSUER'],
    [{ AUTH_JWKS_URL: 'https://login.example.eu/jwks' }, 'AUTH_JWKS_URL'],
    [{ AUTH_AUDIENCE: 'case-registry' }, 'AUTH_AUDIENCE'],
    [{ AUTH_ISSUER: 'https://login.example.eu', AUTH_AUDIENCE: 'x', AUTH_JWKS_URL: 'ftp://x' }, 'AUTH_JWKS_URL'],
    [{ REGISTRY_MASTER_KEY: 'c2hvcnQ=' }, 'REGISTRY_MASTER_KEY'],
    [{ REGISTRY_MASTER_KEY: 'not base64 at all!' }, 'REGISTRY_MASTER_KEY'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, 'RATE_LIMIT_PER_MINUTE'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://a.example.eu/path' }, 'CORS_ORIGINS'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '0' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example.eu' }, 'TRUST_PROXY'],
  ])('stops on %j naming %s', (env, variable) => {
    expect(() => loadSecurityConfig(env)).toThrow(ConfigurationError);
    expect(() => loadSecurityConfig(env)).toThrow(new RegExp(`^${variable}: `));
  });

  it('reads the proxies to trust as hops or as addresses and ranges; none by default', () => {
    expect(loadSecurityConfig({}).trustProxy).toBeUndefined();
    expect(loadSecurityConfig({ TRUST_PROXY: 'false' }).trustProxy).toBeUndefined();
    expect(loadSecurityConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadSecurityConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.0.2.7' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
  });

  it('allows a plain-http issuer on this machine (a local test issuer)', () =>
    expect(loadSecurityConfig({ AUTH_ISSUER: 'http://127.0.0.1:8080', AUTH_AUDIENCE: 'x' }).auth.kind).toBe('oidc'));
});
