import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MemberState } from '@registry/domain';
import type { EventStore } from '@registry/event-store';
import {
  currentMoment,
  queryCohort,
  queryMetricQuality,
  queryReconciliation,
  yearsWithFacts,
  type CohortFigures,
  type MetricQuality,
  type ReconciliationYear,
} from '@registry/projections';
import { DataSource } from 'typeorm';
import { EVENT_STORE } from '../shared/tokens';
import type { Art8Metric, Art8Quality, Disclosure } from './art8-document';
import { momentOf, parseAsOf } from './as-of';
import { withPendingWithheld } from './disclosure-control';

export interface AsOfStamp {
  readonly position: string | null;
  readonly at: string | null;
}

export interface CohortDocument extends CohortFigures {
  readonly memberState: string;
  readonly reportYear: number;
  readonly asOf: AsOfStamp;
}

export class GetCohortQuery extends Query<CohortDocument> {
  constructor(
    readonly memberState: MemberState,
    readonly reportYear: number,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(GetCohortQuery)
export class GetCohortHandler implements IQueryHandler<GetCohortQuery> {
  constructor(
    private readonly readModels: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ memberState, reportYear, asOf }: GetCohortQuery): Promise<CohortDocument> {
    // Parsed (and a position looked up in the store) before the read-model transaction: see parseAsOf.
    const point = await parseAsOf(this.store, asOf);
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const moment = await momentOf(manager, point);
      const figures = await queryCohort(manager, memberState, reportYear, moment);
      return { memberState, reportYear, asOf: { position: moment.globalPosition, at: moment.recordedAt }, ...figures };
    });
  }
}

/**
 * Per member state × year × metric: COMPLETE, PROVISIONAL, NOT_AVAILABLE (reason) or BREAK_IN_SERIES. For the
 * public, a small `pending` is withheld (null), as in the Art. 8 document.
 */
export interface QualityMatrix {
  readonly memberState: string;
  readonly asOf: AsOfStamp;
  readonly disclosure: Disclosure;
  readonly years: readonly { readonly year: number; readonly metrics: Record<Art8Metric, Art8Quality> }[];
}

export class GetQualityMatrixQuery extends Query<QualityMatrix> {
  constructor(
    readonly memberState: MemberState,
    /** Years to show besides those with facts (e.g. the 2022-2024 reporting period). */
    readonly years: readonly number[] = [],
    readonly options: { readonly disclosure?: Disclosure } = {},
  ) {
    super();
  }
}

@QueryHandler(GetQualityMatrixQuery)
export class GetQualityMatrixHandler implements IQueryHandler<GetQualityMatrixQuery> {
  constructor(private readonly readModels: DataSource) {}

  execute({ memberState, years, options }: GetQualityMatrixQuery): Promise<QualityMatrix> {
    const disclosure = options.disclosure ?? 'exact';
    const shown = (quality: MetricQuality): Art8Quality =>
      disclosure === 'public' ? withPendingWithheld(quality) : quality;
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const moment = await currentMoment(manager);
      const allYears = [...new Set([...(await yearsWithFacts(manager, memberState)), ...years])].sort();
      const rows = [];
      for (const year of allYears) {
        const { ART8_1_A, ART8_1_B, ART8_1_C } = await queryMetricQuality(manager, memberState, year, moment);
        const metrics = { ART8_1_A: shown(ART8_1_A), ART8_1_B: shown(ART8_1_B), ART8_1_C: shown(ART8_1_C) };
        rows.push({ year, metrics });
      }
      return { memberState, asOf: { position: moment.globalPosition, at: moment.recordedAt }, disclosure, years: rows };
    });
  }
}

export interface ReconciliationDocument {
  readonly memberState: string;
  readonly asOf: AsOfStamp;
  readonly years: readonly ReconciliationYear[];
}

export class GetReconciliationQuery extends Query<ReconciliationDocument> {
  constructor(
    readonly memberState: MemberState,
    readonly asOf?: string,
  ) {
    super();
  }
}

@QueryHandler(GetReconciliationQuery)
export class GetReconciliationHandler implements IQueryHandler<GetReconciliationQuery> {
  constructor(
    private readonly readModels: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ memberState, asOf }: GetReconciliationQuery): Promise<ReconciliationDocument> {
    const point = await parseAsOf(this.store, asOf);
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const moment = await momentOf(manager, point);
      return { memberState, asOf: { position: moment.globalPosition, at: moment.recordedAt }, years: await queryReconciliation(manager, memberState, moment) };
    });
  }
}

export const STATISTICS_QUERY_HANDLERS = [GetCohortHandler, GetQualityMatrixHandler, GetReconciliationHandler];
