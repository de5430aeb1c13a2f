import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InputInvalid, NotAuthenticated, type Actor, type RequestContext } from '@registry/application';
import { pathOf, type HttpRequest } from './http-platform';

const actors = new WeakMap<object, Actor>();

/** Set by the AccessGuard once the bearer token verified and its roles grant the route. */
export const rememberActor = (request: HttpRequest, actor: Actor): void => void actors.set(request, actor);

export const actorOrUndefined = (request: object): Actor | undefined => actors.get(request);

/** The authenticated caller; a route that reads it without having passed the AccessGuard refuses. */
export const actorOf = (request: HttpRequest): Actor => {
  const actor = actors.get(request);
  if (!actor) throw new NotAuthenticated('AUTH.TOKEN_MISSING', 'Send a bearer token: Authorization: Bearer <token>');
  return actor;
};

const IF_MATCH_ERROR = { field: 'If-Match', messages: ['If-Match must be an ETag of this API, e.g. W/"3"'] };
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const IDEMPOTENCY_KEY_ERROR = {
  field: 'Idempotency-Key',
  messages: ['Idempotency-Key must be 1-200 printable ASCII characters'],
};

/** `W/"3"` or `"3"` → 3; undefined without the header, and null for anything else (a client error). */
const revisionOfIfMatch = (header: string | undefined): number | null | undefined => {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  return match ? Number(match[1]) : null;
};

/** X-Correlation-Id when it is a plain token; anything else (it goes into event metadata and logs) is ignored. */
export const correlationIdOf = (request: Pick<HttpRequest, 'headers'>): string | undefined => {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : undefined;
};

export const etagOf = (revision: number): string => `W/"${revision}"`;

/** Actor, correlation id, Idempotency-Key and If-Match of the current request, for the command's metadata. */
export const Context = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<HttpRequest>();
  const actor = actorOf(request);
  const correlationId = correlationIdOf(request) ?? randomUUID();
  const idempotencyKey = request.headers['idempotency-key'];
  const expectedRevision = revisionOfIfMatch(request.headers['if-match']);
  const isKeyInvalid =
    idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey));
  if (isKeyInvalid || expectedRevision === null) {
    // Both headers named at once when both are wrong.
    const errors = [isKeyInvalid && IDEMPOTENCY_KEY_ERROR, expectedRevision === null && IF_MATCH_ERROR];
    throw new InputInvalid(errors.filter((error) => error !== false));
  }
  return {
    actor,
    correlationId,
    // Scoped to the caller and the route: the same key from someone else, or on another route, is another command.
    // The path in lower case: its ids name the same record in either case (validateInput lowers them), and every
    // route is lower case, so a retry that spells the id otherwise is still the same command.
    commandId: idempotencyKey
      ? createHash('sha256')
          .update(`${actor.userId}\u0000${request.method} ${pathOf(request).toLowerCase()}\u0000${idempotencyKey}`)
          .digest('hex')
      : undefined,
    expectedRevision,
  };
});
