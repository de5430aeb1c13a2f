import { generateKeyPair, SignJWT, type JWTVerifyGetKey } from 'jose';
import { NotAuthenticated } from './auth-errors';
import { JoseTokenVerifier } from './token-verifier';

describe('JoseTokenVerifier', () => {
  const options = { issuer: 'https://issuer.example', audience: 'registry', algorithms: ['ES256'] };
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  let lookups: number;
  let verifier: JoseTokenVerifier;
  const tokenFor = (claims: Record<string, unknown>, expiresInSeconds: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(options.issuer)
      .setAudience(options.audience)
      .setSubject('recorder-1')
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(keys.privateKey);

  beforeAll(async () => {
    keys = await generateKeyPair('ES256');
  });
  beforeEach(() => {
    lookups = 0;
    const getKey: JWTVerifyGetKey = () => {
      lookups++;
      return keys.publicKey;
    };
    verifier = new JoseTokenVerifier(getKey, options);
  });
  afterEach(() => jest.useRealTimers());

  it('checks a token once and takes it at its word again for the next requests', async () => {
    const token = await tokenFor({ roles: ['recorder'], ms: ['NL'] }, 600);
    const first = await verifier.verify(token);
    expect(await verifier.verify(token)).toBe(first);
    expect(first).toEqual({ subject: 'recorder-1', roles: ['recorder'], memberStates: ['NL'] });
    expect(lookups).toBe(1);
  });

  it('checks the signature again after a minute, and refuses a remembered token once it has expired', async () => {
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const longLived = await tokenFor({ roles: ['recorder'], ms: '*' }, 3600);
    const shortLived = await tokenFor({ roles: ['recorder'], ms: '*' }, 20);
    await verifier.verify(longLived);
    await verifier.verify(shortLived);
    expect(lookups).toBe(2);

    jest.setSystemTime(Date.now() + 61_000); // past the minute, and 41 s past the short token's expiry (leeway 30 s)
    await verifier.verify(longLived);
    expect(lookups).toBe(3);
    await expect(verifier.verify(shortLived)).rejects.toThrow(NotAuthenticated);
  });

  it('never remembers a token that failed', async () => {
    const token = await tokenFor({ roles: ['recorder'], ms: ['XX'] }, 600); // an unknown member state
    await expect(verifier.verify(token)).rejects.toThrow(NotAuthenticated);
    await expect(verifier.verify(token)).rejects.toThrow(NotAuthenticated);
    expect(lookups).toBe(2);
  });
});
