import { registerDecorator, type ValidationArguments } from 'class-validator';
import { DomainError } from '@registry/domain';
import { logPositionSortKey, type EventStore } from '@registry/event-store';
import { currentMoment, momentAtPosition, momentAtTime, type StatisticsMoment } from '@registry/projections';
import type { EntityManager } from 'typeorm';
import { isCalendarDay } from '../shared/validators';

export class AsOfInvalid extends DomainError {
  readonly code = 'STATISTICS.AS_OF_INVALID';
  readonly kind = 'InvalidInput' as const;
  constructor(
    readonly value: string,
    // A position is written right and the log has no event there: saying how to write one would mislead.
    problem = 'must be an ISO date or date-time of a day the calendar has, or a global log position (a whole number)',
  ) {
    super(`as-of ${problem}; got "${value}"`, { field: 'asOf' });
  }
}

/** `--as-of` once parsed: now, right after the event at a log position, or every event recorded by a time. */
export type AsOf =
  | { readonly kind: 'now' }
  | { readonly kind: 'position'; readonly key: readonly [bigint, bigint] }
  | { readonly kind: 'time'; readonly at: Date };

/**
 * `--as-of`: a global position (the figures right after that event) or a date/date-time (every event
 * recorded by then; a bare date means the end of that day, UTC). Absent: now. A position is looked up in
 * the event store here, before any read-model transaction opens: on embedded PGlite the store and the read
 * models share one connection, so a store query inside that transaction would wait for it forever.
 */
export const parseAsOf = async (store: EventStore, asOf: string | undefined): Promise<AsOf> => {
  if (asOf === undefined || asOf === '') return { kind: 'now' };
  if (isGlobalPosition(asOf)) {
    const position = await store.logPositionOf(BigInt(asOf));
    if (position === undefined) {
      throw new AsOfInvalid(asOf, 'names no event of the log (a globalPosition in `history`)');
    }
    return { kind: 'position', key: logPositionSortKey(position) };
  }
  const at = timeOf(asOf);
  if (at === undefined) throw new AsOfInvalid(asOf);
  return { kind: 'time', at };
};

/** An as-of in a query string: a position, or a date or a date-time with an offset (no local times). */
const AS_OF_QUERY = /^(\d{1,18}|\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?)$/;

/**
 * The `asOf` of a statistics route: refused with the field named (400, as a write's bad date is), for its
 * form or for a day the calendar lacks (2026-02-31), before parseAsOf would refuse it with no field named.
 */
export const IsAsOf = () => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isAsOf',
    target: target.constructor,
    propertyName,
    options: {
      message: ({ value }: ValidationArguments) =>
        typeof value === 'string' && AS_OF_QUERY.test(value) && !isCalendarDate(value)
          ? `${propertyName} must name a day the calendar has (${value.slice(0, 10)} is none)`
          : `${propertyName} must be a log position or an ISO date/date-time`,
    },
    validator: { validate: (value) => typeof value === 'string' && AS_OF_QUERY.test(value) && isAsOfSyntax(value) },
  });

/** Whether `asOf` is written as an as-of can be (a position that exists or not, or a valid date or date-time). */
export const isAsOfSyntax = (asOf: string): boolean => isGlobalPosition(asOf) || timeOf(asOf) !== undefined;

const isGlobalPosition = (asOf: string): boolean => /^\d{1,18}$/.test(asOf);

/** Whether `asOf` starts with a date (yyyy-mm-dd) of a day the calendar has. */
const isCalendarDate = (asOf: string): boolean => {
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(asOf);
  return date !== null && isCalendarDay(Number(date[1]), Number(date[2]), Number(date[3]));
};

const timeOf = (asOf: string): Date | undefined => {
  // Date rolls 31 February over into March: an as-of must name a real day, as a write's dates must.
  if (!isCalendarDate(asOf)) return undefined;
  const at = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? new Date(`${asOf}T23:59:59.999Z`) : new Date(asOf);
  return Number.isNaN(at.getTime()) ? undefined : at;
};

/** The statistics moment of a parsed `--as-of`, read in the caller's read-model transaction. */
export const momentOf = (manager: EntityManager, asOf: AsOf): Promise<StatisticsMoment> => {
  switch (asOf.kind) {
    case 'now':
      return currentMoment(manager);
    case 'position':
      return momentAtPosition(manager, asOf.key);
    case 'time':
      return momentAtTime(manager, asOf.at);
  }
};

/** Both steps at once, for callers that are not inside a read-model transaction. */
export const resolveMoment = async (manager: EntityManager, store: EventStore, asOf: string | undefined): Promise<StatisticsMoment> =>
  momentOf(manager, await parseAsOf(store, asOf));
