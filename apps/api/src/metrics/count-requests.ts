import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { routeOf } from '../http/http-platform';
import { MetricsRegistry } from './metrics-registry';

/**
 * Counts and times every answered request under its route pattern (`/api/v1/reports/:id`, not its path), with
 * the status it was answered with. Counted once the answer is sent, so a request the error filter answered counts
 * as its 400 or 409, and one a guard or Fastify refused (401, 415, 429) counts too; an interceptor saw neither.
 */
export const countRequests = (app: NestFastifyApplication): void => {
  const metrics = app.get(MetricsRegistry);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      metrics.observeRequest(request.method, routeOf(request) ?? 'unrouted', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
};
