import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CONTENT_CATEGORIES, PROVIDER_TYPES, REPORTER_KINDS, SOURCE_CHANNELS, type MemberState } from '@registry/domain';
import type { EventStore } from '@registry/event-store';
import { queryArt8Figures, queryMetricQuality, type StatisticsMoment } from '@registry/projections';
import { DataSource, type EntityManager } from 'typeorm';
import { EVENT_STORE } from '../shared/tokens';
import { ART8_METRICS, cellsOf, PART_OF, type Art8Document, type Disclosure } from './art8-document';
import { Art8DocumentMemo, type ComputedArt8 } from './art8-document-memo';
import { momentOf, parseAsOf } from './as-of';
import { ART8_ADDITIVE_GROUPS, isSmallCount, suppressSmallCounts, withPendingWithheld } from './disclosure-control';
import { invariantViolations, StatisticsInvariantViolated } from './invariants';

export class GetArt8DocumentQuery extends Query<Art8Document> {
  constructor(
    readonly memberState: MemberState,
    readonly year: number,
    readonly options: { readonly asOf?: string; readonly disclosure?: Disclosure } = {},
  ) {
    super();
  }
}

const GROUPS = ART8_ADDITIVE_GROUPS({
  byReporterKind: REPORTER_KINDS,
  bySourceChannel: SOURCE_CHANNELS,
  byProviderType: PROVIDER_TYPES,
  byContentCategory: CONTENT_CATEGORIES,
});

/**
 * The Art. 8 document: figures and their quality at one moment (now, or --as-of), invariants checked, then
 * "not available" metrics nulled and, for the public, small counts withheld. The figures of a statistics state
 * are computed once (Art8DocumentMemo); a new event applied is a new state.
 */
@QueryHandler(GetArt8DocumentQuery)
export class GetArt8DocumentHandler implements IQueryHandler<GetArt8DocumentQuery> {
  constructor(
    private readonly readModels: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly memo: Art8DocumentMemo,
  ) {}

  async execute({ memberState, year, options }: GetArt8DocumentQuery): Promise<Art8Document> {
    const asOf = await parseAsOf(this.store, options.asOf);
    // One repeatable-read transaction: every figure sees the same committed state of the read models.
    return this.readModels.transaction('REPEATABLE READ', async (manager) => {
      const moment = await momentOf(manager, asOf);
      const key = `${memberState}/${year}/${moment.state}`;
      const computed = this.memo.get(key) ?? this.memo.remember(key, await computeArt8(manager, memberState, year, moment));
      return art8DocumentOf(memberState, year, moment, computed, options.disclosure ?? 'exact');
    });
  }
}

/** The document as computed now, for commands that record it (snapshots, restatements). */
export const buildArt8Document = async (
  manager: EntityManager,
  memberState: MemberState,
  year: number,
  moment: StatisticsMoment,
  disclosure: Disclosure,
): Promise<Art8Document> => art8DocumentOf(memberState, year, moment, await computeArt8(manager, memberState, year, moment), disclosure);

/** Reads the figures and their quality; refuses figures that break an invariant. */
const computeArt8 = async (manager: EntityManager, memberState: MemberState, year: number, moment: StatisticsMoment): Promise<ComputedArt8> => {
  const figures = await queryArt8Figures(manager, memberState, year, moment);
  const violations = invariantViolations(figures.a, figures.b, figures.c);
  if (violations.length > 0) throw new StatisticsInvariantViolated(memberState, year, violations);
  return { figures, status: await queryMetricQuality(manager, memberState, year, moment) };
};

const art8DocumentOf = (
  memberState: MemberState,
  year: number,
  moment: StatisticsMoment,
  { figures, status }: ComputedArt8,
  disclosure: Disclosure,
): Art8Document => {
  const declared = (metric: (typeof ART8_METRICS)[number]) => status[metric].status === 'NOT_AVAILABLE';
  const exact: Art8Document = {
    memberState,
    year,
    asOf: { position: moment.globalPosition, at: moment.recordedAt },
    disclosure,
    a: declared('ART8_1_A') ? null : figures.a,
    b: declared('ART8_1_B') ? null : figures.b,
    c: declared('ART8_1_C') ? null : figures.c,
    status,
    confidentiality: {},
  };
  return disclosure === 'public' ? withPublicDisclosure(exact) : exact;
};

/** Replaces withheld cells with null and lists them with their reason (C primary, D secondary). */
const withPublicDisclosure = (document: Art8Document): Art8Document => {
  const values = new Map(ART8_METRICS.flatMap((metric) => cellsOf(document[PART_OF[metric]], PART_OF[metric])));
  const withheld = suppressSmallCounts(values, GROUPS);
  // A status's `pending` is a count of records too (for (a) it equals a.unassessedReports): a small one is withheld.
  for (const metric of ART8_METRICS) {
    if (isSmallCount(document.status[metric].pending)) withheld.set(`status.${metric}.pending`, 'C');
  }
  const status = Object.fromEntries(
    ART8_METRICS.map((metric) => [metric, withPendingWithheld(document.status[metric])]),
  ) as Art8Document['status'];
  const hide = <T extends object | null>(part: T, prefix: string): T =>
    part === null
      ? part
      : (Object.fromEntries(
          Object.entries(part).map(([key, value]) => [
            key,
            value !== null && typeof value === 'object' ? hide(value as object, `${prefix}.${key}`) : withheld.has(`${prefix}.${key}`) ? null : value,
          ]),
        ) as T);
  return { ...document, a: hide(document.a, 'a'), b: hide(document.b, 'b'), c: hide(document.c, 'c'), status, confidentiality: Object.fromEntries(withheld) };
};
