import { NotAuthenticated } from './auth-errors';
import { EmbeddedTokenKeys } from './embedded-token-keys';

describe('embedded tokens', () => {
  let keys: EmbeddedTokenKeys;
  beforeAll(async () => {
    keys = await EmbeddedTokenKeys.ephemeral();
  });

  it('carry sub, roles and ms, and verify with the same key', async () => {
    const token = await keys.sign({
      subject: 'anna',
      roles: ['recorder'],
      memberStates: ['NL', 'BE'],
      ttlSeconds: 600,
    });
    await expect(keys.verifier().verify(token)).resolves.toEqual({
      subject: 'anna',
      roles: ['recorder'],
      memberStates: ['NL', 'BE'],
    });
  });

  it('name every member state with *', async () => {
    const token = await keys.sign({ subject: 'ops', roles: ['admin'], memberStates: 'all', ttlSeconds: 600 });
    await expect(keys.verifier().verify(token)).resolves.toMatchObject({ memberStates: 'all' });
  });

  it("do not verify with another registry's key, when expired, or when altered", async () => {
    const token = await keys.sign({ subject: 'anna', roles: ['recorder'], memberStates: ['NL'], ttlSeconds: 600 });
    await expect((await EmbeddedTokenKeys.ephemeral()).verifier().verify(token)).rejects.toThrow(NotAuthenticated);
    const expired = await keys.sign({ subject: 'anna', roles: ['recorder'], memberStates: ['NL'], ttlSeconds: -120 });
    await expect(keys.verifier().verify(expired)).rejects.toThrow(NotAuthenticated);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'anna', roles: ['admin'], ms: ['*'], exp: 9_999_999_999 }),
    ).toString('base64url');
    await expect(keys.verifier().verify(`${header}.${forged}.${signature}`)).rejects.toThrow(NotAuthenticated);
    await expect(keys.verifier().verify('not.a-token')).rejects.toThrow(NotAuthenticated);
  });
});
