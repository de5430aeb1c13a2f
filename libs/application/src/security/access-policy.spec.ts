import type { Actor } from '../shared/actor';
import {
  ACCESS_POLICY,
  disclosureFor,
  ExactFiguresNotPermitted,
  grantingRole,
  mayReadExactFigures,
  RESOURCES,
  TOKEN_ROLES,
} from './access-policy';

const actor = (role: Actor['role']): Actor => ({ userId: 'u', role, memberStates: ['NL'] });

describe('the access policy', () => {
  it('names roles for every resource, and the public resource needs no role', () => {
    expect(Object.keys(ACCESS_POLICY).sort()).toEqual([...RESOURCES].sort());
    expect(ACCESS_POLICY.public).toEqual([]);
  });

  it("never grants anything to the registry's own system role through a token", () =>
    expect(TOKEN_ROLES).not.toContain('system'));

  it.each([
    [['recorder'], 'record-write', 'recorder'],
    [['recorder'], 'statistics', undefined],
    [['auditor'], 'record-write', undefined],
    [['auditor'], 'audit', 'auditor'],
    [['statistician'], 'statistics', 'statistician'],
    [['statistician'], 'statistics-exact', undefined],
    [['statistician', 'statistician-exact'], 'statistics', 'statistician-exact'],
    [['recorder', 'admin'], 'record-write', 'recorder'],
    [['recorder', 'admin'], 'admin', 'admin'],
    [['admin'], 'record-read', undefined],
  ] as const)('%j on %s acts as %s', (roles, resource, expected) =>
    expect(grantingRole(roles, resource)).toBe(expected),
  );

  it('gives record-level data to no admin: records, histories and the whole log are for recorders and auditors', () => {
    for (const resource of ['record-read', 'audit', 'audit-log'] as const) {
      expect(ACCESS_POLICY[resource]).not.toContain('admin');
    }
    expect(grantingRole(['auditor', 'admin'], 'audit-log')).toBe('auditor');
  });

  it('gives exact figures to statistician-exact and admin only', () => {
    expect(TOKEN_ROLES.filter((role) => mayReadExactFigures(actor(role)))).toEqual(['statistician-exact', 'admin']);
  });

  it('gives a plain statistician public figures, and refuses exact ones', () => {
    expect(disclosureFor(actor('statistician'), undefined)).toBe('public');
    expect(disclosureFor(actor('statistician'), 'public')).toBe('public');
    expect(() => disclosureFor(actor('statistician'), 'exact')).toThrow(ExactFiguresNotPermitted);
    expect(disclosureFor(actor('statistician-exact'), undefined)).toBe('exact');
    expect(disclosureFor(actor('statistician-exact'), 'public')).toBe('public');
  });
});
