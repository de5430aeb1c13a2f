import type { EntityManager } from 'typeorm';
import { validAt, type StatisticsMoment } from './as-of';

export const ART8_METRIC_CODES = ['ART8_1_A', 'ART8_1_B', 'ART8_1_C'] as const;
export type Art8MetricCode = (typeof ART8_METRIC_CODES)[number];

export type QualityStatus = 'COMPLETE' | 'PROVISIONAL' | 'NOT_AVAILABLE' | 'BREAK_IN_SERIES';

/**
 * The status of one figure: never a blank. NOT_AVAILABLE wins (its numbers are null), then a break in
 * series, then provisional; `flags` lists every condition that applies, whichever status is shown.
 */
export interface MetricQuality {
  readonly status: QualityStatus;
  /** The declared reason when NOT_AVAILABLE (domain.md's list), else null. */
  readonly reason: string | null;
  readonly note: string | null;
  readonly flags: readonly Exclude<QualityStatus, 'COMPLETE'>[];
  /**
   * Which definition the figure follows (mission.md definition 11): 1, plus one for each methodology change of
   * the metric effective by the end of the year. Figures of two years compare only when their versions agree.
   */
  readonly definitionVersion: number;
  /** The methodology changes effective in the year (what the break is). */
  readonly breaks: readonly { readonly effectiveFrom: string; readonly description: string }[];
  /**
   * Why the figure may still change: unassessed reports, children of open investigations, non-final judgments
   * (for (c): every judgment first decided in the year, whatever its outcome, since an acquittal can become a
   * conviction on appeal, and every standing conviction of the year).
   */
  readonly pending: number;
}

/** Quality of the three Art. 8 metrics for one member state and year ($1 ms, $2 year, $3 seq). */
export const queryMetricQuality = async (
  manager: EntityManager,
  memberState: string,
  year: number,
  moment: StatisticsMoment,
): Promise<Record<Art8MetricCode, MetricQuality>> => {
  const params = [memberState, year, moment.seq?.toString() ?? null];
  const v = (alias: string) => validAt(alias, moment, '$3::bigint');
  const declarations = await manager.query<{ metric: string; reason: string; note: string | null }[]>(
    `SELECT metric, reason, note FROM stat_declaration d WHERE d.member_state = $1 AND d.year = $2 AND ${v('d')}`,
    params,
  );
  // Every change effective by the end of the year: those of the year are its breaks, all of them its version.
  const changes = await manager.query<{ metric: string; effective_from: Date; year: number; description: string }[]>(
    `SELECT metric, effective_from, year, description FROM stat_methodology_change m
      WHERE m.member_state = $1 AND m.year <= $2 AND ${v('m')} ORDER BY effective_from`,
    params,
  );
  const [pending] = await manager.query<{ a: number; b: number; c: number }[]>(
    `SELECT
       (SELECT count(*) FROM stat_report r WHERE r.member_state = $1 AND r.year = $2 AND NOT r.is_withdrawn AND r.count_unit = 'REPORT'
           AND r.actionable IS NULL AND ${v('r')})::int AS a,
       (SELECT count(*) FROM stat_child c JOIN stat_investigation i ON i.investigation_id = c.investigation_id
         WHERE c.member_state = $1 AND c.year = $2 AND NOT c.is_merged AND ${v('c')} AND ${v('i')} AND NOT i.is_closed)::int AS b,
       (SELECT count(*) FROM stat_judgment j WHERE j.member_state = $1
           AND (j.conviction_year = $2 OR j.decided_year = $2) AND NOT j.is_final AND ${v('j')})::int AS c`,
    params,
  );
  const pendingOf: Record<Art8MetricCode, number> = { ART8_1_A: pending?.a ?? 0, ART8_1_B: pending?.b ?? 0, ART8_1_C: pending?.c ?? 0 };
  const quality = (metric: Art8MetricCode): MetricQuality => {
    const declared = declarations.find((row) => row.metric === metric);
    const breaks = changes
      .filter((row) => row.metric === metric && row.year === year)
      .map((row) => ({ effectiveFrom: row.effective_from.toISOString(), description: row.description }));
    const flags: Exclude<QualityStatus, 'COMPLETE'>[] = [];
    if (declared) flags.push('NOT_AVAILABLE');
    if (breaks.length > 0) flags.push('BREAK_IN_SERIES');
    if (pendingOf[metric] > 0) flags.push('PROVISIONAL');
    return {
      status: flags[0] ?? 'COMPLETE',
      reason: declared?.reason ?? null,
      note: declared?.note ?? null,
      flags,
      definitionVersion: 1 + changes.filter((row) => row.metric === metric).length,
      breaks,
      pending: pendingOf[metric],
    };
  };
  return { ART8_1_A: quality('ART8_1_A'), ART8_1_B: quality('ART8_1_B'), ART8_1_C: quality('ART8_1_C') };
};

/**
 * The years a member state has any statistics fact for, for the quality matrix (a judgment's: its conviction's and
 * its first decision's).
 */
export const yearsWithFacts = async (manager: EntityManager, memberState: string): Promise<number[]> =>
  (
    await manager.query<{ year: number }[]>(
      `SELECT year FROM stat_report WHERE member_state = $1 AND valid_to IS NULL
       UNION SELECT year FROM stat_child WHERE member_state = $1 AND valid_to IS NULL
       UNION SELECT conviction_year FROM stat_judgment WHERE member_state = $1 AND valid_to IS NULL AND conviction_year IS NOT NULL
       UNION SELECT decided_year FROM stat_judgment
         WHERE member_state = $1 AND valid_to IS NULL AND decided_year IS NOT NULL
       UNION SELECT year FROM stat_declaration WHERE member_state = $1 AND valid_to IS NULL
       UNION SELECT year FROM stat_methodology_change WHERE member_state = $1 AND valid_to IS NULL
       ORDER BY 1`,
      [memberState],
    )
  ).map((row) => row.year);
