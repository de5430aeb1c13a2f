import { DomainError } from '@registry/domain';
import { logPositionSortKey, type EventStore } from '@registry/event-store';
import { currentMoment, momentAtPosition, momentAtTime, type StatisticsMoment } from '@registry/projections';
import type { EntityManager } from 'typeorm';

export class AsOfInvalid extends DomainError {
  readonly code = 'STATISTICS.AS_OF_INVALID';
  readonly kind = 'InvalidInput' as const;
  constructor(readonly value: string) {
    super(`as-of must be an ISO date or date-time, or a global log position (a whole number); got "${value}"`, { field: 'asOf' });
  }
}

/**
 * `--as-of`: a global position (the figures right after that event) or a date/date-time (every event
 * recorded by then; a bare date means the end of that day, UTC). Absent: now.
 */
export const resolveMoment = async (manager: EntityManager, store: EventStore, asOf: string | undefined): Promise<StatisticsMoment> => {
  if (asOf === undefined || asOf === '') return currentMoment(manager);
  if (/^\d{1,18}$/.test(asOf)) {
    const position = await store.logPositionOf(BigInt(asOf));
    if (position === undefined) throw new AsOfInvalid(asOf);
    return momentAtPosition(manager, logPositionSortKey(position));
  }
  const at = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? new Date(`${asOf}T23:59:59.999Z`) : new Date(asOf);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(asOf)) throw new AsOfInvalid(asOf);
  return momentAtTime(manager, at);
};
