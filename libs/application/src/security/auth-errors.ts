import { DomainError } from '@registry/domain';

/** No bearer token, or one that does not verify: HTTP 401 with `WWW-Authenticate: Bearer`. */
export class NotAuthenticated extends Error {
  constructor(
    readonly code: 'AUTH.TOKEN_MISSING' | 'AUTH.TOKEN_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'NotAuthenticated';
  }
}

/** A valid token whose roles do not grant the route. */
export class RoleNotPermitted extends DomainError {
  readonly code = 'AUTH.ROLE_NOT_PERMITTED';
  readonly kind = 'Forbidden' as const;
  constructor(resource: string) {
    super(`Your roles do not give access to ${resource}`, { resource });
  }
}

/** A route that names no access policy is closed to everyone (and the authorisation matrix test fails). */
export class RouteWithoutPolicy extends DomainError {
  readonly code = 'AUTH.NO_POLICY';
  readonly kind = 'Forbidden' as const;
  constructor() {
    super('This route has no access policy');
  }
}
