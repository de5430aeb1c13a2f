import { isMemberState, type MemberState } from '@registry/domain';
import { TOKEN_ROLES, type TokenRole } from './access-policy';
import { NotAuthenticated } from './auth-errors';

/** Who a verified token names: claims `sub`, `roles` and `ms` (contract.md). */
export interface Identity {
  readonly subject: string;
  readonly roles: readonly TokenRole[];
  readonly memberStates: readonly MemberState[] | 'all';
}

/** A user id as a token's `sub` may name one, and events and the access log then carry it: printable ASCII. */
export const USER_ID = /^[\x21-\x7e]{1,200}$/;

const invalid = (why: string) => new NotAuthenticated('AUTH.TOKEN_INVALID', `The bearer token ${why}`);

/**
 * `roles` and `ms` as arrays, or as space- or comma-separated strings (some issuers flatten arrays);
 * `ms: "*"` means every member state. Roles the registry does not know are ignored.
 */
export const identityFromClaims = (claims: Record<string, unknown>): Identity => {
  const { sub } = claims;
  if (typeof sub !== 'string' || !USER_ID.test(sub)) throw invalid('has no usable sub claim');
  const roles = listClaim(claims.roles, 'roles').filter((role): role is TokenRole =>
    (TOKEN_ROLES as readonly string[]).includes(role),
  );
  const ms = listClaim(claims.ms, 'ms');
  if (ms.includes('*')) return { subject: sub, roles, memberStates: 'all' };
  const bad = ms.find((code) => !isMemberState(code));
  if (bad !== undefined) throw invalid(`names an unknown member state in ms: ${JSON.stringify(bad.slice(0, 10))}`);
  return { subject: sub, roles, memberStates: [...new Set(ms as MemberState[])] };
};

const listClaim = (value: unknown, name: string): string[] => {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item !== '');
  if (Array.isArray(value) && value.length <= 100 && value.every((item) => typeof item === 'string')) return value;
  throw invalid(`has a malformed ${name} claim`);
};
