import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { actorOrUndefined, correlationIdOf } from './request-context';

const logger = new Logger('HTTP');

/**
 * One structured line per request: method, the route's pattern (not the URL: no ids, no query string),
 * status, duration, correlation id and who called. Never headers or bodies.
 */
export const requestLog = (request: Request, response: Response, next: NextFunction): void => {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const route = (request.route as { path?: string } | undefined)?.path;
    const actor = actorOrUndefined(request);
    logger.log({
      msg: 'request',
      method: request.method,
      route: route ? `${request.baseUrl}${route}` : '(unrouted)',
      status: response.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      correlationId: correlationIdOf(request) ?? null,
      ...(actor ? { actor: actor.userId, role: actor.role } : {}),
    });
  });
  next();
};
