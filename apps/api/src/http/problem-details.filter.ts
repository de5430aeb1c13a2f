import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { InputInvalid, NotAuthenticated, type FieldError } from '@registry/application';
import { DomainError, InvalidCommand, type DomainErrorKind } from '@registry/domain';
import type { Request, Response } from 'express';
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
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal error',
};

/** Turns any error into an RFC 9457 problem. The only place that knows HTTP status codes for errors. */
const HTTP_CODES: Record<number, string> = { 404: 'ROUTE.NOT_FOUND', 413: 'BODY.TOO_LARGE', 429: 'RATE.LIMITED' };

export const toProblem = (error: unknown, request: Pick<Request, 'headers'> & Partial<Pick<Request, 'method' | 'path'>>): ProblemDetails => {
  const problem = (status: number, code: string, detail: string, errors?: readonly FieldError[]): ProblemDetails => ({
    type: `https://case-registry.eu/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  });
  if (error instanceof NotAuthenticated) return problem(401, error.code, error.message);
  if (error instanceof InputInvalid) return problem(400, error.code, 'The request has invalid fields', error.errors);
  if (error instanceof InvalidCommand) return problem(400, error.code, error.message, [{ field: error.field, messages: [error.message] }]);
  if (error instanceof DomainError) {
    // A stale If-Match is the client's precondition failing; without one it is a plain conflict.
    const status = error.kind === 'ConcurrencyConflict' && request.headers['if-match'] ? 412 : STATUS_OF[error.kind];
    return problem(status, error.code, error.message);
  }
  const httpStatus = statusOfHttpError(error);
  if (httpStatus !== undefined) {
    const code = HTTP_CODES[httpStatus] ?? `HTTP.${httpStatus}`;
    // Nest's own 404 text repeats the URL with its query string: answer with the path only.
    const detail =
      (error as { type?: string }).type === 'entity.parse.failed'
        ? 'The body is not valid JSON'
        : httpStatus === 404
          ? `No route ${request.method ?? ''} ${request.path ?? ''}`.replace(/\s+/g, ' ').trim()
          : (error as Error).message;
    return problem(httpStatus, (error as { type?: string }).type === 'entity.parse.failed' ? 'BODY.MALFORMED_JSON' : code, detail);
  }
  return problem(500, 'INTERNAL', 'Something went wrong on our side; the correlation id identifies it in our logs');
};

/** Status of Nest's HttpException and of body-parser errors (which carry `status` and `expose`). */
const statusOfHttpError = (error: unknown): number | undefined => {
  if (error instanceof HttpException) return error.getStatus();
  const { status, expose } = (error ?? {}) as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
};

export const sendProblem = (error: unknown, request: Request, response: Response, logger: Logger): void => {
  const correlationId = correlationIdOf(request);
  const problem = { ...toProblem(error, request), ...(typeof correlationId === 'string' ? { correlationId } : {}) };
  if (error instanceof NotAuthenticated) {
    response.setHeader('WWW-Authenticate', `Bearer realm="case-registry"${error.code === 'AUTH.TOKEN_INVALID' ? ', error="invalid_token"' : ''}`);
  }
  if (problem.status >= 500) {
    // Logged with the correlation id and the error's name and stack, never the request body (record data).
    const route = (request.route as { path?: string } | undefined)?.path ?? '(unrouted)';
    logger.error(`${request.method} ${route} failed [${problem.correlationId ?? '-'}]`, (error as Error)?.stack);
  }
  response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
};

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(error, http.getRequest<Request>(), http.getResponse<Response>(), this.logger);
  }
}
