import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError, type MemberState } from '@registry/domain';
import type { EventStore } from '@registry/event-store';
import { queryArt8Figures, queryArt8Trace, type TracedUnit } from '@registry/projections';
import { DataSource } from 'typeorm';
import type { Actor } from '../shared/actor';
import { mayActFor } from '../shared/member-state-scope';
import { EVENT_STORE } from '../shared/tokens';
import { InputInvalid } from '../shared/validate-input';
import { cellsOf } from './art8-document';
import { momentOf, parseAsOf } from './as-of';

/** A figure of the Art. 8 document and the units it counts, each with the events behind it (ids and types only). */
export interface Art8Trace {
  readonly memberState: string;
  readonly year: number;
  /** The cell's path in the document, e.g. `a.bySourceChannel.NCMEC`. */
  readonly metric: string;
  readonly asOf: { readonly position: string | null; readonly at: string | null };
  /** The figure as the document states it (exact)… */
  readonly value: number;
  /** …and the number of units listed: always the same. */
  readonly count: number;
  readonly units: readonly TracedUnit[];
}

export class TraceOutsideScope extends DomainError {
  readonly code = 'AUTH.OUTSIDE_MEMBER_STATE';
  readonly kind = 'Forbidden' as const;
  constructor(readonly memberState: MemberState) {
    super(`You may not trace the figures of member state ${memberState} to its records`, { memberState });
  }
}

/**
 * `GET /statistics/art8/trace`: `metric` is a cell's path (`a.totalReports`, `b.art3.female`) or, with
 * `breakdown`, the path without its last key (`a.bySourceChannel` + `NCMEC`). Record-level: the caller's
 * member states only.
 */
export class GetArt8TraceQuery extends Query<Art8Trace> {
  constructor(
    readonly actor: Actor,
    readonly memberState: MemberState,
    readonly year: number,
    readonly metric: string,
    readonly options: { readonly breakdown?: string; readonly asOf?: string } = {},
  ) {
    super();
  }
}

@QueryHandler(GetArt8TraceQuery)
export class GetArt8TraceHandler implements IQueryHandler<GetArt8TraceQuery> {
  constructor(
    private readonly readModels: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ actor, memberState, year, metric, options }: GetArt8TraceQuery): Promise<Art8Trace> {
    if (!mayActFor(actor, memberState)) throw new TraceOutsideScope(memberState);
    const path = options.breakdown === undefined ? metric : `${metric}.${options.breakdown}`;
    const asOf = await parseAsOf(this.store, options.asOf);
    // The figure and its members from one snapshot of the read models, at one statistics moment.
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const moment = await momentOf(manager, asOf);
      const figures = await queryArt8Figures(manager, memberState, year, moment);
      const cells = new Map([...cellsOf(figures.a, 'a'), ...cellsOf(figures.b, 'b'), ...cellsOf(figures.c, 'c')]);
      const value = cells.get(path);
      const units =
        value === undefined || value === null
          ? undefined
          : await queryArt8Trace(manager, memberState, year, moment, path);
      if (value === undefined || value === null || units === undefined) {
        throw new InputInvalid([
          {
            field: options.breakdown === undefined ? 'metric' : 'breakdown',
            messages: [`${path} is not a figure of the Art. 8 document`],
          },
        ]);
      }
      return {
        memberState,
        year,
        metric: path,
        asOf: { position: moment.globalPosition, at: moment.recordedAt },
        value,
        count: units.length,
        units,
      };
    });
  }
}
