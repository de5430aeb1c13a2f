import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { NotAuthenticated } from './auth-errors';
import { oidcTokenVerifier } from './token-verifier';

/** Tokens of an OpenID Connect issuer: keys found through its discovery document, or AUTH_JWKS_URL. */
describe('an OpenID Connect issuer', () => {
  let server: Server;
  let issuer: string;
  let signingKey: CryptoKey;
  const requests: string[] = [];

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    signingKey = privateKey;
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body =
        request.url === '/realms/registry/.well-known/openid-configuration'
          ? { issuer, jwks_uri: `${issuer}/certs` }
          : request.url === '/realms/registry/certs'
            ? jwks
            : undefined;
      response.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/registry`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const token = (
    claims: Record<string, unknown>,
    { audience = 'case-registry', iss = issuer, key = signingKey } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('kc-user-1')
      .setIssuer(iss)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('accepts its tokens, with keys from the discovery document', async () => {
    const verifier = oidcTokenVerifier({ kind: 'oidc', issuer, audience: 'case-registry', jwksUrl: null });
    await expect(verifier.verify(await token({ roles: ['auditor'], ms: 'NL' }))).resolves.toEqual({
      subject: 'kc-user-1',
      roles: ['auditor'],
      memberStates: ['NL'],
    });
    expect(requests).toEqual(
      expect.arrayContaining(['/realms/registry/.well-known/openid-configuration', '/realms/registry/certs']),
    );
  });

  it('accepts them with AUTH_JWKS_URL too', async () => {
    const verifier = oidcTokenVerifier({ kind: 'oidc', issuer, audience: 'case-registry', jwksUrl: `${issuer}/certs` });
    await expect(verifier.verify(await token({ roles: 'recorder', ms: ['BE'] }))).resolves.toMatchObject({
      roles: ['recorder'],
    });
  });

  it('refuses another audience, another issuer, another key, and an unsigned token', async () => {
    const verifier = oidcTokenVerifier({ kind: 'oidc', issuer, audience: 'case-registry', jwksUrl: null });
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', iss: issuer, aud: 'case-registry', exp: 9_999_999_999, roles: ['admin'] })).toString('base64url')}.`;
    for (const bad of [
      await token({ roles: ['admin'] }, { audience: 'another-app' }),
      await token({ roles: ['admin'] }, { iss: 'https://evil.example' }),
      await token({ roles: ['admin'] }, { key: otherKey }),
      unsigned,
    ]) {
      await expect(verifier.verify(bad)).rejects.toThrow(NotAuthenticated);
    }
  });
});
