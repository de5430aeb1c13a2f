import type { Duplex } from 'node:stream';
import { Logger, RequestMethod, type INestApplication, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Clock, RegistryRuntime } from '@registry/application';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { ApiModule } from './api.module';
import { JsonLogger } from './http/json-logger';
import { requestLog } from './http/request-log.middleware';
import { InputPipe } from './http/input.pipe';
import { ProblemDetailsFilter, sendProblem } from './http/problem-details.filter';
import { RequestsInFlight } from './http/requests-in-flight';

export const API_PREFIX = 'api/v1';
/** Larger bodies answer 413: a report is a few kilobytes; bulk work goes through imports. */
export const JSON_BODY_LIMIT = '256kb';

export interface ApiOptions {
  readonly clock?: Clock;
  /** Default: structured JSON lines on stdout/stderr, redacted. */
  readonly logger?: LoggerService | false;
  /** Overrides RATE_LIMIT_PER_MINUTE (tests). */
  readonly rateLimitPerMinute?: number;
}

/**
 * Requests Node's HTTP parser refuses (headers over 16 kB, malformed request lines) never reach express:
 * answer them as problems too, instead of a bare status line.
 */
const answerParserErrorsAsProblems = (app: NestExpressApplication): void => {
  app.getHttpServer().on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const title = status === 431 ? 'Request header fields too large' : 'Bad request';
    const code = status === 431 ? 'HEADERS.TOO_LARGE' : 'REQUEST.MALFORMED';
    const body = JSON.stringify({ type: 'about:blank', title, status, detail: title, code });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
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
export const createApi = async (runtime: RegistryRuntime, options: ApiOptions = {}): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRuntime(runtime, options.clock, options.rateLimitPerMinute), {
    bodyParser: false,
    logger: options.logger ?? new JsonLogger(),
  });
  // TLS ends in front of the registry; upgrading the OpenAPI page's own assets would break it on http://localhost.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(requestLog);
  // CORS stays off unless CORS_ORIGINS names the browser origins that may call the API.
  const { corsOrigins } = runtime.security;
  if (corsOrigins.length > 0) {
    app.enableCors({
      origin: [...corsOrigins],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Correlation-Id', 'X-Purpose'],
      exposedHeaders: ['ETag', 'Retry-After'],
    });
  }
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  // NDJSON (POST /imports) is not parsed here: the controller reads it as a stream, line by line.
  // Body-parser errors (malformed JSON, too large) happen before Nest's filters: answer them as problems too.
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) =>
    response.headersSent ? next(error) : sendProblem(error, request, response, new Logger('HTTP')),
  );
  app.disable('x-powered-by');
  // Behind TLS termination the connection comes from the proxy: TRUST_PROXY says whose X-Forwarded-For to believe.
  const { trustProxy } = runtime.security;
  if (trustProxy !== undefined) app.set('trust proxy', typeof trustProxy === 'number' ? trustProxy : [...trustProxy]);
  answerParserErrorsAsProblems(app);
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'health', method: RequestMethod.GET }] });
  app.useGlobalPipes(new InputPipe());
  const inFlight = new RequestsInFlight();
  app.useGlobalInterceptors(inFlight);
  REQUESTS_IN_FLIGHT.set(app, inFlight);
  app.useGlobalFilters(new ProblemDetailsFilter());
  const openApi = new DocumentBuilder()
    .setTitle('Case registry')
    .setDescription('Reports of online child sexual abuse to convictions, for Art. 8 of Regulation (EU) 2021/1232')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'claims sub, roles, ms (see `registry token`)' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
};
