import { NotAuthenticated } from './auth-errors';
import { identityFromClaims } from './token-claims';

describe('token claims', () => {
  it('take roles and ms as arrays or as flattened strings, ignoring roles the registry does not know', () => {
    expect(identityFromClaims({ sub: 'a', roles: ['recorder', 'offline_access'], ms: ['NL'] })).toEqual({
      subject: 'a',
      roles: ['recorder'],
      memberStates: ['NL'],
    });
    expect(identityFromClaims({ sub: 'a', roles: 'recorder auditor', ms: 'NL,BE' })).toEqual({
      subject: 'a',
      roles: ['recorder', 'auditor'],
      memberStates: ['NL', 'BE'],
    });
  });

  it('never grant the system role', () =>
    expect(identityFromClaims({ sub: 'a', roles: ['system'] }).roles).toEqual([]));

  it.each([
    [{ roles: ['recorder'] }],
    [{ sub: '', roles: ['recorder'] }],
    [{ sub: 'a', ms: ['XX'] }],
    [{ sub: 'a', roles: [{ role: 'admin' }] }],
    [{ sub: 'a', ms: 42 }],
  ])('refuse %j', (claims) => expect(() => identityFromClaims(claims)).toThrow(NotAuthenticated));
});
