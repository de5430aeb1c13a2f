import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';

/**
 * An instant with an explicit offset (`Z` or `+01:00`): a business date without one could fall in either
 * of two years at midnight on 31 December.
 */
const INSTANT =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** The years an instant may fall in. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2200;

export const isInstant = (value: unknown): value is string => instantProblem(value) === undefined;

/** Whether a date names a day the calendar has: JavaScript's Date rolls 30 February over to 1 March. */
export const isCalendarDay = (year: number, month: number, day: number): boolean => {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

/** What is wrong with an instant, worded to follow its field name; undefined when it is a valid one. */
const instantProblem = (value: unknown): string | undefined => {
  const match = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (!match) return 'must be an ISO 8601 date-time with a time zone offset, e.g. 2024-03-01T10:00:00Z';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isCalendarDay(year, month, day)) return `names a day the calendar does not have (${match[0].slice(0, 10)})`;
  if (year < FIRST_YEAR || year > LAST_YEAR) return `must fall in the years ${FIRST_YEAR} to ${LAST_YEAR}`;
  return undefined;
};

export const IsInstant = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isInstant',
    target: target.constructor,
    propertyName,
    options: {
      // The syntax, the calendar or the year range: each its own reason (a year 0001 has its offset already).
      message: ({ value }: ValidationArguments) =>
        `${propertyName} ${instantProblem(value) ?? 'must be a valid instant'}`,
      ...options,
    },
    validator: { validate: isInstant },
  });

/** Normalises a validated instant to UTC ISO form, so equal instants compare equal. */
export const toUtcIso = (instant: string): string => new Date(instant).toISOString();
