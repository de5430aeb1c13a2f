import { createHash, randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InputInvalid, type Actor, type RequestContext } from '@registry/application';
import type { Request } from 'express';

/**
 * Until bearer tokens land (issue 6), every caller is the local operator with every member state: the
 * registry must only listen on a trusted interface until then (see README, "Security status").
 */
export const LOCAL_OPERATOR: Actor = { userId: 'local-operator', role: 'admin', memberStates: 'all' };

export const actorOf = (_request: Request): Actor => LOCAL_OPERATOR;

/** `W/"3"` or `"3"` → 3. Anything else is a client error naming the header. */
export const parseIfMatch = (header: string | undefined): number | undefined => {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) throw new InputInvalid([{ field: 'If-Match', messages: ['If-Match must be an ETag of this API, e.g. W/"3"'] }]);
  return Number(match[1]);
};

export const etagOf = (revision: number): string => `W/"${revision}"`;

/** Actor, correlation id, Idempotency-Key and If-Match of the current request, for the command's metadata. */
export const Context = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<Request>();
  const actor = actorOf(request);
  const correlationId = typeof request.headers['x-correlation-id'] === 'string' ? request.headers['x-correlation-id'] : randomUUID();
  const idempotencyKey = request.headers['idempotency-key'];
  if (idempotencyKey !== undefined && (typeof idempotencyKey !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey))) {
    throw new InputInvalid([{ field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1-200 printable ASCII characters'] }]);
  }
  return {
    actor,
    correlationId,
    // Scoped to the caller and the route: the same key from someone else, or on another route, is another command.
    commandId: idempotencyKey
      ? createHash('sha256').update(`${actor.userId}\u0000${request.method} ${request.path}\u0000${idempotencyKey}`).digest('hex')
      : undefined,
    expectedRevision: parseIfMatch(request.headers['if-match']),
  };
});
