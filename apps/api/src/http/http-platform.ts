import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The HTTP platform's request and reply. The API runs on Fastify (ADR 0021); routes, guards and interceptors name
 * these types, so that a route's parameters and query are typed alike everywhere.
 */
export type HttpRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>;
export type HttpReply = FastifyReply;

/** Larger bodies answer 413: a report is a few kilobytes; bulk work goes through imports (read as a stream). */
export const JSON_BODY_LIMIT_BYTES = 256 * 1024;

/** What `POST /imports` answers any media type but NDJSON with (415), wherever the body was refused. */
export const IMPORTS_MEDIA_TYPE_HINT = 'Send the lines as application/x-ndjson, one command a line';

/** The path asked for, without its query string. */
export const pathOf = (request: Partial<Pick<FastifyRequest, 'url'>>): string => (request.url ?? '').split('?', 1)[0]!;

/** The route's pattern (`/api/v1/reports/:id`), never a path with its ids; undefined when no route matched. */
export const routeOf = (request: Pick<FastifyRequest, 'routeOptions'>): string | undefined => request.routeOptions.url;
