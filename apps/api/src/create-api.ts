import type { Socket } from 'node:net';
import { HttpException, Logger, RequestMethod, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Clock, RegistryRuntime } from '@registry/application';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiModule } from './api.module';
import { JsonLogger } from './http/json-logger';
import { logRequests } from './http/request-log';
import { countRequests } from './metrics/count-requests';
import { JSON_BODY_LIMIT_BYTES, type HttpRequest } from './http/http-platform';
import { InputPipe } from './http/input.pipe';
import { ProblemDetailsFilter, sendProblem } from './http/problem-details.filter';
import { RequestsInFlight } from './http/requests-in-flight';
import { RouteInputErrors } from './http/route-input-errors.interceptor';
import { SECURITY_HEADERS, withSecurityHeaders } from './http/security-headers';

export const API_PREFIX = 'api/v1';

export interface ApiOptions {
  readonly clock?: Clock;
  /** Default: structured JSON lines on stdout/stderr, redacted. */
  readonly logger?: LoggerService | false;
  /** Overrides RATE_LIMIT_PER_MINUTE (tests). */
  readonly rateLimitPerMinute?: number;
}

/**
 * Requests Node's HTTP parser refuses (headers over 16 kB, malformed request lines) never reach a route:
 * answer them as problems too, instead of a bare status line.
 */
const answerParserErrorsAsProblems = (error: NodeJS.ErrnoException, socket: Socket): void => {
  if (!socket.writable) return void socket.destroy();
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const title = status === 431 ? 'Request header fields too large' : 'Bad request';
  const code = status === 431 ? 'HEADERS.TOO_LARGE' : 'REQUEST.MALFORMED';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail: title, code });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

/**
 * The bodies the API reads: JSON (also `application/…+json`), which the routes' validation then checks field by
 * field, naming a `__proto__` or `constructor` key as one it does not know (so the parser lets them through, as
 * JSON.parse does: own properties, not prototypes); NDJSON is left unread for the imports route to read as a
 * stream. Any other media type answers 415 before the route runs.
 */
const readBodies = (app: NestFastifyApplication): void => {
  const fastify = app.getHttpAdapter().getInstance();
  const json = fastify.getDefaultJsonParser('ignore', 'ignore');
  fastify.removeAllContentTypeParsers();
  for (const type of ['application/json', /^application\/[\w.!#$&^-]+\+json$/]) {
    fastify.addContentTypeParser(type, { parseAs: 'string' }, json);
  }
  fastify.addContentTypeParser('application/x-ndjson', (_request, _payload, done) => done(null));
};

const REQUESTS_IN_FLIGHT = new WeakMap<INestApplication, RequestsInFlight>();

/** How long a shutdown waits for running handlers before the database pools are closed under them. */
export const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Stops the API: no new connections, then waits (up to `drainMs`) for the handlers still running, so that the
 * runtime can be closed after it without failing a write half-way. Answers false when some were still running.
 */
export const closeApi = async (app: INestApplication, drainMs = DRAIN_TIMEOUT_MS): Promise<boolean> => {
  await app.close();
  return (await REQUESTS_IN_FLIGHT.get(app)?.drained(drainMs)) ?? true;
};

/** The HTTP API over an opened runtime: /api/v1 routes, /health, OpenAPI at /docs, problem+json errors. */
export const createApi = async (
  runtime: RegistryRuntime,
  options: ApiOptions = {},
): Promise<NestFastifyApplication> => {
  // Behind TLS termination the connection comes from the proxy: TRUST_PROXY says whose X-Forwarded-For to believe.
  const { trustProxy, corsOrigins } = runtime.security;
  const logger = new Logger('HTTP');
  const adapter = new FastifyAdapter({
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    // A number of hops trusts that many proxies in front, as Express did (Fastify's own number trusts none).
    trustProxy:
      trustProxy === undefined
        ? false
        : typeof trustProxy === 'number'
          ? (_address: string, hop: number) => hop < trustProxy
          : [...trustProxy],
    clientErrorHandler: answerParserErrorsAsProblems,
    // URLs Fastify's router refuses (a malformed escape, a path parameter over 100 characters) are problems too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(
        new HttpException(error.message, error.statusCode ?? 400, { cause: error }),
        request as HttpRequest,
        withSecurityHeaders(reply),
        logger,
      ),
    routerOptions: { ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRuntime(runtime, options.clock, options.rateLimitPerMinute),
    adapter,
    { bodyParser: false, logger: options.logger ?? new JsonLogger() },
  );
  // On every answer, errors and 404s included.
  app.useSecurityHeaders(SECURITY_HEADERS);
  logRequests(app);
  countRequests(app);
  // CORS stays off unless CORS_ORIGINS names the browser origins that may call the API.
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: [...corsOrigins],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id', 'X-Purpose'],
      exposedHeaders: ['ETag', 'Retry-After'],
    });
  }
  readBodies(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(new InputPipe());
  const inFlight = new RequestsInFlight();
  app.useGlobalInterceptors(inFlight, new RouteInputErrors());
  REQUESTS_IN_FLIGHT.set(app, inFlight);
  // Also what Fastify refuses before a route runs (bodies too large, malformed or of another media type).
  app.useGlobalFilters(new ProblemDetailsFilter());
  const openApi = new DocumentBuilder()
    .setTitle('Case registry')
    .setDescription('Reports of online child sexual abuse to convictions, for Art. 8 of Regulation (EU) 2021/1232')
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'claims sub, roles, ms (see `registry token`)',
    })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
};
