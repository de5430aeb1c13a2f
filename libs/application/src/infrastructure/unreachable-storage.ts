import { EventStoreUnavailable } from '@registry/event-store';
import { ConfigurationError } from '../config/registry-config';

/** Node's socket errors that mean the server named in the URL cannot be reached at all. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
]);

/**
 * SQLSTATEs with which PostgreSQL turns a connection away: the role, its password, or the database is wrong
 * (class 28 invalid authorization, 3D000 invalid catalog name).
 */
const isRefusedLogin = (code: string): boolean => code.startsWith('28') || code === '3D000';

const codeOf = (error: unknown): string | undefined =>
  error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

/** Where the URL points, without its user and password: `host:port/database`. */
const whereTo = (url: string): string => {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || '5432'}${pathname}`;
};

/**
 * A DATABASE_URL server that cannot be reached or that refuses the login, as a configuration error naming the
 * variable (one line for the operator), instead of an "unexpected error". Any other error is not the URL's fault
 * and is returned as it is.
 */
export const asDatabaseUrlError = (error: unknown, url: string): unknown => {
  const code = codeOf(error);
  if (code === undefined || !(NETWORK_CODES.has(code) || isRefusedLogin(code))) return error;
  return new ConfigurationError('DATABASE_URL', `cannot connect to ${whereTo(url)}: ${(error as Error).message}`);
};

/** An EVENTSTORE_URL cluster that did not answer the first read, however often it was tried, likewise. */
export const asEventStoreUrlError = (error: unknown): unknown =>
  error instanceof EventStoreUnavailable
    ? new ConfigurationError('EVENTSTORE_URL', `cannot connect: ${error.message}`)
    : error;
