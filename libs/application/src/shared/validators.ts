import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * An instant with an explicit offset (`Z` or `+01:00`): a business date without one could fall in either
 * of two years at midnight on 31 December.
 */
const INSTANT =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export const isInstant = (value: unknown): value is string => {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  // JavaScript rolls 30 February over to 1 March; a real calendar date must survive the round trip.
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1990 && year <= 2200;
};

export const IsInstant = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isInstant',
    target: target.constructor,
    propertyName,
    options: {
      message: `${propertyName} must be an ISO 8601 date-time with a time zone offset, e.g. 2024-03-01T10:00:00Z`,
      ...options,
    },
    validator: { validate: isInstant },
  });

/** Normalises a validated instant to UTC ISO form, so equal instants compare equal. */
export const toUtcIso = (instant: string): string => new Date(instant).toISOString();
