import type { EntityManager } from 'typeorm';
import { validAt, type StatisticsMoment } from './as-of';

/** One year of the reconciliation of a member state's NCMEC-referenced reports with NCMEC's published figure. */
export interface ReconciliationYear {
  readonly year: number;
  /** Counted reports received through NCMEC with a CyberTipline reference. */
  readonly reportsWithNcmecReference: number;
  /** NCMEC's published (deduplicated) figure for the member state, or null when none was recorded. */
  readonly publishedNcmecFigure: number | null;
  readonly source: string | null;
  /** registry − published; null without a published figure. */
  readonly difference: number | null;
  /** registry ÷ published, 3 decimals; null without a published figure or when it is zero. */
  readonly ratio: number | null;
}

export const queryReconciliation = async (manager: EntityManager, memberState: string, moment: StatisticsMoment): Promise<ReconciliationYear[]> => {
  const params = [memberState, moment.seq?.toString() ?? null];
  const v = (alias: string) => validAt(alias, moment, '$2::bigint');
  const rows = await manager.query<{ year: number; registry: number | null; published: string | null; source: string | null }[]>(
    `WITH registry AS (
       SELECT r.year, count(*)::int AS n FROM stat_report r
        WHERE r.member_state = $1 AND r.source_channel = 'NCMEC' AND r.has_external_reference AND NOT r.is_withdrawn
          AND r.count_unit = 'REPORT' AND ${v('r')} GROUP BY r.year),
     published AS (SELECT f.year, f.count, f.source FROM stat_ncmec_figure f WHERE f.member_state = $1 AND ${v('f')})
     SELECT coalesce(registry.year, published.year) AS year, registry.n AS registry, published.count AS published, published.source
       FROM registry FULL JOIN published ON published.year = registry.year ORDER BY 1`,
    params,
  );
  return rows.map((row) => {
    const registry = row.registry ?? 0;
    const published = row.published === null ? null : Number(row.published);
    return {
      year: row.year,
      reportsWithNcmecReference: registry,
      publishedNcmecFigure: published,
      source: row.source,
      difference: published === null ? null : registry - published,
      ratio: published === null || published === 0 ? null : Math.round((registry / published) * 1000) / 1000,
    };
  });
};
