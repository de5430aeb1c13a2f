import { EventStoreUnavailable, isConnectionRefused } from '@registry/event-store';
import { ConfigurationError, databaseLocation } from '../config/registry-config';

/**
 * A DATABASE_URL server that cannot be reached or that refuses the login, as a configuration error naming the
 * variable (one line for the operator), instead of an "unexpected error". Any other error is not the URL's fault
 * and is returned as it is.
 */
export const asDatabaseUrlError = (error: unknown, url: string): unknown => {
  if (!isConnectionRefused(error)) return error;
  return new ConfigurationError(
    'DATABASE_URL',
    `cannot connect to ${databaseLocation(url)}: ${(error as Error).message}`,
  );
};

/** An EVENTSTORE_URL cluster that did not answer the first read, however often it was tried, likewise. */
export const asEventStoreUrlError = (error: unknown): unknown =>
  error instanceof EventStoreUnavailable
    ? new ConfigurationError('EVENTSTORE_URL', `cannot connect: ${error.message}`)
    : error;
