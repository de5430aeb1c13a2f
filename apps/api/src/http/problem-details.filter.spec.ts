import { HttpException } from '@nestjs/common';
import { toProblem } from './problem-details.filter';

/** What Fastify hands `frameworkErrors` or Nest's adapter: its error, with a code, as the HttpException's cause. */
const refusedByFastify = (status: number, code: string, message: string): HttpException =>
  new HttpException(message, status, { cause: Object.assign(new Error(message), { code, statusCode: status }) });

const request = { headers: {}, method: 'GET', url: '/api/v1/reports/3f1c?token=secret' };

describe('toProblem: what Fastify refuses, in our words', () => {
  it('words the refusals it knows, without Fastify’s message', () => {
    const problem = toProblem(
      refusedByFastify(400, 'FST_ERR_BAD_URL', "'/api/v1/%zz' is not a valid url component"),
      request,
    );
    expect(problem).toMatchObject({ status: 400, code: 'REQUEST.MALFORMED_URL' });
    expect(problem.detail).not.toContain('/api');
  });

  it('names a refusal it has no words for by its status, not by Fastify’s message', () => {
    const problem = toProblem(
      refusedByFastify(400, 'FST_ERR_SOMETHING_NEW', 'Bad thing at /api/v1/reports/3f1c'),
      request,
    );
    expect(problem).toMatchObject({
      status: 400,
      code: 'HTTP.400',
      detail: 'The request was refused before any route ran',
    });
  });

  it('answers a 5xx of Fastify’s as our internal error, without its internals', () => {
    const error = refusedByFastify(500, 'FST_ERR_ASYNC_CONSTRAINT', 'Unexpected error from async constraint: boom');
    expect(toProblem(error, request)).toMatchObject({
      status: 500,
      code: 'INTERNAL',
      detail: 'Something went wrong on our side; the correlation id identifies it in our logs',
    });
  });

  it('keeps Nest’s own exceptions as they were: a 404 names the path without its query', () => {
    const problem = toProblem(new HttpException('Cannot GET /api/v1/reports/3f1c?token=secret', 404), request);
    expect(problem).toMatchObject({
      status: 404,
      code: 'ROUTE.NOT_FOUND',
      detail: 'No route GET /api/v1/reports/3f1c',
    });
  });
});
