import { isMemberState, MEMBER_STATE_TIME_ZONES } from '@registry/domain';
import type { EntityManager } from 'typeorm';
import { validAt, type StatisticsMoment } from './as-of';

export const COHORT_STAGES = ['actionable', 'investigated', 'childIdentified', 'charged', 'convicted', 'finalConviction'] as const;
export type CohortStage = (typeof COHORT_STAGES)[number];

export interface CohortStageFigures {
  /** Reports of the cohort that reached the stage. */
  readonly reports: number;
  /** The same, by the calendar year (member state's time zone) in which they first reached it; {} for actionable. */
  readonly byYear: Record<string, number>;
}

/** The report-to-conviction funnel for the reports received in one year: the link COM(2025) 740 found missing. */
export interface CohortFigures {
  readonly reports: number;
  readonly stages: Record<CohortStage, CohortStageFigures>;
  /** Median days from receipt to the first conviction, over the reports that led to one; null when none did. */
  readonly medianDaysToConviction: number | null;
}

/**
 * For each counted report of year R: when it first reached each stage, through the investigations it is
 * linked to (children also directly through their linked reports). Stages are derived, never typed in.
 * A report can only lead to what happened after it arrived: a child, charge or conviction dated before its
 * receipt does not count for it, and an investigation already open counts from the report's receipt.
 *
 * Set-wise: the cohort's links to investigations are joined once and each stage is one grouped join, rather than
 * subqueries per report (which embedded PGlite, planning without table statistics, ran as nested scans: seconds).
 */
export const queryCohort = async (manager: EntityManager, memberState: string, reportYear: number, moment: StatisticsMoment): Promise<CohortFigures> => {
  const timeZone = isMemberState(memberState) ? MEMBER_STATE_TIME_ZONES[memberState] : 'UTC';
  const v = (alias: string) => validAt(alias, moment, '$3::bigint');
  const sql = `
    WITH rep AS (
      SELECT r.report_id, r.received_at, r.actionable FROM stat_report r
       WHERE r.member_state = $1 AND r.year = $2 AND NOT r.is_withdrawn AND r.count_unit = 'REPORT' AND ${v('r')}),
    link AS (
      SELECT DISTINCT rep.report_id, rep.received_at, l.investigation_id FROM rep
        JOIN stat_investigation_report l ON l.report_id = rep.report_id AND ${v('l')}),
    investigated AS (
      SELECT link.report_id, greatest(min(i.opened_at), link.received_at) AS at FROM link
        JOIN stat_investigation i ON i.investigation_id = link.investigation_id AND ${v('i')}
       GROUP BY link.report_id, link.received_at),
    child AS (
      SELECT report_id, min(identified_at) AS at FROM (
          SELECT link.report_id, link.received_at, c.identified_at FROM link
            JOIN stat_child c ON c.investigation_id = link.investigation_id AND ${v('c')} AND NOT c.is_merged
          UNION ALL
          SELECT rep.report_id, rep.received_at, c.identified_at FROM rep
            JOIN stat_child_report cr ON cr.report_id = rep.report_id AND ${v('cr')}
            JOIN stat_child c ON c.child_id = cr.child_id AND ${v('c')} AND NOT c.is_merged) found
       WHERE identified_at >= received_at GROUP BY report_id),
    charged AS (
      SELECT link.report_id, min(ch.filed_at) AS at FROM link
        JOIN stat_charge ch ON ch.investigation_id = link.investigation_id AND ${v('ch')} AND ch.filed_at >= link.received_at
       GROUP BY link.report_id),
    convicted AS (
      SELECT link.report_id, min(j.conviction_decided_at) AS at, min(j.conviction_decided_at) FILTER (WHERE j.is_final) AS final_at FROM link
        JOIN stat_judgment j ON j.investigation_id = link.investigation_id AND ${v('j')} AND j.standing_outcome = 'CONVICTED'
             AND j.conviction_decided_at >= link.received_at
       GROUP BY link.report_id),
    per AS (
      SELECT rep.received_at, rep.actionable, investigated.at AS investigated_at, child.at AS child_at, charged.at AS charged_at,
             convicted.at AS convicted_at, convicted.final_at
        FROM rep
        LEFT JOIN investigated ON investigated.report_id = rep.report_id
        LEFT JOIN child ON child.report_id = rep.report_id
        LEFT JOIN charged ON charged.report_id = rep.report_id
        LEFT JOIN convicted ON convicted.report_id = rep.report_id),
    stages AS (
      SELECT 'investigated' AS stage, investigated_at AS at FROM per UNION ALL
      SELECT 'childIdentified', child_at FROM per UNION ALL
      SELECT 'charged', charged_at FROM per UNION ALL
      SELECT 'convicted', convicted_at FROM per UNION ALL
      SELECT 'finalConviction', final_at FROM per)
    SELECT
      (SELECT count(*) FROM per)::int AS reports,
      (SELECT count(*) FROM per WHERE actionable)::int AS actionable,
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM convicted_at - received_at) / 86400)
         FROM per WHERE convicted_at IS NOT NULL) AS median_days,
      (SELECT coalesce(json_agg(json_build_object('stage', stage, 'year', year, 'n', n)), '[]') FROM (
         SELECT stage, extract(year FROM at AT TIME ZONE $4)::int AS year, count(*)::int AS n FROM stages WHERE at IS NOT NULL GROUP BY 1, 2) y) AS by_year`;
  const [row] = await manager.query<{ reports: number; actionable: number; median_days: number | null; by_year: { stage: CohortStage; year: number; n: number }[] }[]>(
    sql,
    [memberState, reportYear, moment.seq?.toString() ?? null, timeZone],
  );
  const byYear = row?.by_year ?? [];
  const stage = (name: CohortStage): CohortStageFigures => {
    const years = byYear.filter((entry) => entry.stage === name);
    return { reports: years.reduce((sum, entry) => sum + entry.n, 0), byYear: Object.fromEntries(years.map((entry) => [String(entry.year), entry.n])) };
  };
  return {
    reports: row?.reports ?? 0,
    stages: {
      actionable: { reports: row?.actionable ?? 0, byYear: {} },
      investigated: stage('investigated'),
      childIdentified: stage('childIdentified'),
      charged: stage('charged'),
      convicted: stage('convicted'),
      finalConviction: stage('finalConviction'),
    },
    medianDaysToConviction: row?.median_days === null || row?.median_days === undefined ? null : Math.round(Number(row.median_days) * 10) / 10,
  };
};
