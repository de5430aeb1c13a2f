import { DomainError } from '@registry/domain';
import { ROLES, type Actor, type Role } from '../shared/actor';

/**
 * What a route gives access to. Every route names one (apps/api `@Policy`), and one table says which roles
 * may use it. Member-state scope is the second check, made by the application layer on the record itself
 * (another member state's record answers 404), so both HTTP and the CLI get it.
 */
export const RESOURCES = [
  'public',
  'record-write',
  'record-read',
  'statistics',
  'statistics-exact',
  'statistics-governance',
  'audit',
  'audit-log',
  'admin',
] as const;
export type Resource = (typeof RESOURCES)[number];

/** Roles a token may carry: everything but the registry's own `system`. */
export const TOKEN_ROLES = ROLES.filter((role): role is Exclude<Role, 'system'> => role !== 'system');
export type TokenRole = (typeof TOKEN_ROLES)[number];

/**
 * contract.md, "Roles and scope". Within a resource the roles are listed most capable first: a token with
 * several roles acts under the first one that grants the route, and that role goes into the event metadata.
 */
export const ACCESS_POLICY: Readonly<Record<Resource, readonly TokenRole[]>> = {
  public: [],
  /** Record, correct and link reports, investigations, children, judgments; NDJSON imports. Own member states. */
  'record-write': ['recorder'],
  /** Record-level reads. Own member states. */
  'record-read': ['recorder'],
  /** Figures of any member state under disclosure control (exact only for `mayReadExactFigures`); no record-level data. */
  statistics: ['statistician-exact', 'admin', 'statistician'],
  /** Figures that exist only exact (cohort, reconciliation, restatements): never for a plain statistician. */
  'statistics-exact': ['statistician-exact', 'admin'],
  /** Declarations behind the figures (data not available, methodology changes, published NCMEC figures). */
  'statistics-governance': ['admin'],
  /** Event histories, the access log and log verification. Own member states; no writes. */
  audit: ['auditor'],
  /**
   * The whole log, page by page (events of the caller's member states). Record-level data, so not for admins, who
   * run the registry without reading records (contract.md); the operator's CLI has `registry history`.
   */
  'audit-log': ['auditor'],
  /** Erasure, snapshots and submissions, configuration. Own member states. */
  admin: ['admin'],
};

/** The role under which a caller with `roles` may use `resource`, if any. */
export const grantingRole = (roles: readonly TokenRole[], resource: Resource): TokenRole | undefined =>
  ACCESS_POLICY[resource].find((role) => roles.includes(role));

/**
 * Statistical disclosure control: plain `statistician`s get public figures only (small counts suppressed);
 * exact figures are for `statistician-exact`, `admin` and the registry itself (the operator's CLI).
 */
export const mayReadExactFigures = (actor: Actor): boolean =>
  actor.role === 'statistician-exact' || actor.role === 'admin' || actor.role === 'system';

export class ExactFiguresNotPermitted extends DomainError {
  readonly code = 'AUTH.EXACT_FIGURES_NOT_PERMITTED';
  readonly kind = 'Forbidden' as const;
  constructor() {
    super('Your role reads public figures only (disclosure=public)');
  }
}

/** The disclosure a caller gets: exact by default when allowed, else public; asking for exact without the right is refused. */
export const disclosureFor = (actor: Actor, requested: 'exact' | 'public' | undefined): 'exact' | 'public' => {
  if (requested === 'exact' && !mayReadExactFigures(actor)) throw new ExactFiguresNotPermitted();
  return requested ?? (mayReadExactFigures(actor) ? 'exact' : 'public');
};
