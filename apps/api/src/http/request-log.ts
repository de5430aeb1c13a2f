import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { actorOrUndefined, correlationIdOf } from './request-context';
import { routeOf } from './http-platform';

const logger = new Logger('HTTP');

/**
 * One structured line per answered request: method, the route's pattern (not the URL: no ids, no query string),
 * status, duration, correlation id and who called. Never headers or bodies.
 */
export const logRequests = (app: NestFastifyApplication): void => {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      const actor = actorOrUndefined(request);
      logger.log({
        msg: 'request',
        method: request.method,
        route: routeOf(request) ?? '(unrouted)',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
        correlationId: correlationIdOf(request) ?? null,
        ...(actor ? { actor: actor.userId, role: actor.role } : {}),
      });
      done();
    });
};
