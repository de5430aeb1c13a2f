import type { SecurityHeadersOptions } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
// What `app.useSecurityHeaders()` sends, resolved by the same function (not exported from @nestjs/core's index).
import { resolveSecurityHeaders } from '@nestjs/core/security/security-headers.js';

/**
 * Helmet's headers and defaults. TLS ends in front of the registry; upgrading the OpenAPI page's own assets to
 * https would break it on http://localhost.
 */
export const SECURITY_HEADERS: SecurityHeadersOptions = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

const HEADERS = Object.fromEntries(resolveSecurityHeaders(SECURITY_HEADERS).headers);

/** For the answers Fastify's router sends before any request hook runs (a malformed URL, a path too long). */
export const withSecurityHeaders = (reply: FastifyReply): FastifyReply => reply.headers(HEADERS);
