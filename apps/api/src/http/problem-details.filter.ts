import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { InputInvalid, NotAuthenticated, type FieldError } from '@registry/application';
import { DomainError, InvalidCommand, type DomainErrorKind } from '@registry/domain';
import {
  IMPORTS_MEDIA_TYPE_HINT,
  JSON_BODY_LIMIT_BYTES,
  pathOf,
  routeOf,
  type HttpReply,
  type HttpRequest,
} from './http-platform';
import { correlationIdOf } from './request-context';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: readonly FieldError[];
  correlationId?: string;
}

const STATUS_OF: Record<DomainErrorKind, number> = {
  InvalidInput: 400,
  Forbidden: 403,
  NotFound: 404,
  RuleViolated: 409,
  ConcurrencyConflict: 409,
};

const TITLES: Record<number, string> = {
  400: 'Invalid input',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Body too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
};

const HTTP_CODES: Record<number, string> = {
  404: 'ROUTE.NOT_FOUND',
  413: 'BODY.TOO_LARGE',
  415: 'BODY.UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE.LIMITED',
};

/** The problem code of an HTTP refusal that no error of ours names. */
const httpCode = (status: number): string => HTTP_CODES[status] ?? `HTTP.${status}`;

const problem = (status: number, code: string, detail: string, errors?: readonly FieldError[]): ProblemDetails => ({
  type: `https://case-registry.eu/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
  title: TITLES[status] ?? 'Error',
  status,
  detail,
  code,
  ...(errors ? { errors } : {}),
});

const internalError = (): ProblemDetails =>
  problem(500, 'INTERNAL', 'Something went wrong on our side; the correlation id identifies it in our logs');

/** Turns any error into an RFC 9457 problem. The only place that knows HTTP status codes for errors. */
export const toProblem = (
  error: unknown,
  request: Pick<HttpRequest, 'headers'> & Partial<Pick<HttpRequest, 'method' | 'url'>>,
): ProblemDetails => {
  if (error instanceof NotAuthenticated) return problem(401, error.code, error.message);
  if (error instanceof InputInvalid) return problem(400, error.code, 'The request has invalid fields', error.errors);
  if (error instanceof InvalidCommand)
    return problem(400, error.code, error.message, [{ field: error.field, messages: [error.message] }]);
  if (error instanceof DomainError && error.code === 'EVENT.DUPLICATE_ID' && request.headers['idempotency-key']) {
    // A command's event ids derive from its Idempotency-Key: ids already taken mean the key named another request.
    const reused = 'Idempotency-Key was already used for a different request: send a new key with a new request';
    return problem(409, 'IDEMPOTENCY_KEY.REUSED', reused, [{ field: 'Idempotency-Key', messages: [reused] }]);
  }
  if (error instanceof DomainError) {
    // A stale If-Match is the client's precondition failing; without one it is a plain conflict.
    const status = error.kind === 'ConcurrencyConflict' && request.headers['if-match'] ? 412 : STATUS_OF[error.kind];
    return problem(status, error.code, error.message);
  }
  // Nest's own errors, and what Fastify refuses before a route runs (mapped by Nest, Fastify's error as the cause).
  if (error instanceof HttpException) {
    const httpStatus = error.getStatus();
    const refused = fastifyProblem(error);
    // NDJSON sent to the imports as application/json never reaches the route's own 415: Fastify's JSON parser
    // refuses the body first (not JSON, or over the JSON limit), which would blame the lines, not the media type.
    if (refused?.code.startsWith('BODY.') && request.method === 'POST' && pathOf(request) === IMPORTS_PATH) {
      return problem(415, 'BODY.UNSUPPORTED_MEDIA_TYPE', IMPORTS_MEDIA_TYPE_HINT);
    }
    if (refused) return httpStatus >= 500 ? internalError() : problem(httpStatus, refused.code, refused.detail);
    // Nest's own 404 text repeats the URL with its query string: answer with the path only.
    const detail =
      httpStatus === 404
        ? `No route ${request.method ?? ''} ${pathOf(request)}`.replace(/\s+/g, ' ').trim()
        : error.message;
    return problem(httpStatus, httpCode(httpStatus), detail);
  }
  return internalError();
};

const IMPORTS_PATH = '/api/v1/imports';

/** What Fastify refused before a route ran, said in our words (its messages repeat the URL or name its parsers). */
const FASTIFY_PROBLEMS: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'BODY.MALFORMED_JSON',
    detail: 'The body is not valid JSON, or has a __proto__ or constructor.prototype key',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BODY.MALFORMED_JSON', detail: 'The body is empty: send a JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'BODY.TOO_LARGE',
    detail: `The body is larger than ${JSON_BODY_LIMIT_BYTES / 1024} kB`,
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'BODY.UNSUPPORTED_MEDIA_TYPE',
    detail: 'Send the body as application/json (to POST /imports: application/x-ndjson)',
  },
  FST_ERR_BAD_URL: { code: 'REQUEST.MALFORMED_URL', detail: 'The URL has a malformed percent-encoding' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'REQUEST.PATH_TOO_LONG', detail: 'A path parameter is longer than 100 characters' },
};

/**
 * A refusal of Fastify's, in our words. One we have none for (a later Fastify's) is named by its status only: its
 * message may repeat the URL, and a 5xx's describes Fastify's internals.
 */
const fastifyProblem = (error: HttpException): { code: string; detail: string } | undefined => {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  const unnamed = { code: httpCode(error.getStatus()), detail: 'The request was refused before any route ran' };
  return FASTIFY_PROBLEMS[code] ?? unnamed;
};

export const sendProblem = (error: unknown, request: HttpRequest, response: HttpReply, logger: Logger): void => {
  const correlationId = correlationIdOf(request);
  const problem = { ...toProblem(error, request), ...(typeof correlationId === 'string' ? { correlationId } : {}) };
  if (error instanceof NotAuthenticated) {
    response.header(
      'WWW-Authenticate',
      `Bearer realm="case-registry"${error.code === 'AUTH.TOKEN_INVALID' ? ', error="invalid_token"' : ''}`,
    );
  }
  if (problem.status >= 500) {
    // Logged with the correlation id and the error's name and stack, never the request body (record data).
    const route = routeOf(request) ?? '(unrouted)';
    logger.error(`${request.method} ${route} failed [${problem.correlationId ?? '-'}]`, (error as Error)?.stack);
  }
  void response.status(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<HttpRequest>(), http.getResponse<HttpReply>(), this.logger);
  }
}
