import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  grantingRole,
  NotAuthenticated,
  RoleNotPermitted,
  RouteWithoutPolicy,
  type Resource,
  type TokenVerifier,
} from '@registry/application';
import type { HttpRequest } from './http-platform';
import { POLICY_KEY } from './access-policy.decorator';
import { rememberActor } from './request-context';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/**
 * Authorisation in one place: every route names a policy; the bearer token's roles must grant it. The
 * actor then acts under the granting role (which every event's metadata records) and the token's member
 * states, which the application layer checks on each record.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const resource = this.reflector.getAllAndOverride<Resource | undefined>(POLICY_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (resource === undefined) throw new RouteWithoutPolicy();
    if (resource === 'public') return true;
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const identity = await this.verifier.verify(bearerToken(request));
    const role = grantingRole(identity.roles, resource);
    if (!role) throw new RoleNotPermitted(resource);
    rememberActor(request, { userId: identity.subject, role, memberStates: identity.memberStates });
    return true;
  }
}

const bearerToken = (request: HttpRequest): string => {
  const header = request.headers.authorization;
  if (header === undefined)
    throw new NotAuthenticated('AUTH.TOKEN_MISSING', 'Send a bearer token: Authorization: Bearer <token>');
  const match = /^Bearer ([^\s]+)$/i.exec(header.trim());
  if (!match) throw new NotAuthenticated('AUTH.TOKEN_INVALID', 'The Authorization header must be "Bearer <token>"');
  return match[1]!;
};
