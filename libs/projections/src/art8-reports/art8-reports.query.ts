import { CONTENT_CATEGORIES, COUNT_UNITS, PROVIDER_TYPES, REPORTER_KINDS, SOURCE_CHANNELS } from '@registry/domain';
import type { EntityManager } from 'typeorm';

/** Art. 8(1)(a) for one member state and year, as defined in domain.md. */
export interface Art8ReportFigures {
  readonly totalReports: number;
  readonly distinctCases: number;
  readonly casesReportedMultipleTimes: number;
  readonly repeatReports: number;
  readonly actionableReports: number;
  /** Reports not yet assessed: actionableReports is a lower bound while this is above zero. */
  readonly unassessedReports: number;
  readonly byReporterKind: Record<string, number>;
  readonly bySourceChannel: Record<string, number>;
  readonly byProviderType: Record<string, number>;
  readonly byContentCategory: Record<string, number>;
  /** Hotline units (URLs, domains, incidents, notifications): never added to report counts. */
  readonly otherCountUnits: Record<string, number>;
}

// Counted: the year's reports in the REPORT unit that were not withdrawn.
const COUNTED = `member_state = $1 AND year = $2 AND NOT is_withdrawn AND count_unit = 'REPORT'`;

export const queryArt8ReportFigures = async (manager: EntityManager, memberState: string, year: number): Promise<Art8ReportFigures> => {
  const params = [memberState, year];
  const [totals] = await manager.query<{ total: number; distinct_cases: number; actionable: number; unassessed: number }[]>(
    `SELECT count(*)::int AS total,
            count(DISTINCT group_root)::int AS distinct_cases,
            count(*) FILTER (WHERE actionable)::int AS actionable,
            count(*) FILTER (WHERE actionable IS NULL)::int AS unassessed
       FROM art8_report WHERE ${COUNTED}`,
    params,
  );
  // A group counts as reported multiple times when it holds two or more counted reports of any year.
  const [multiple] = await manager.query<{ groups: number }[]>(
    `SELECT count(*)::int AS groups FROM (
        SELECT g.group_root FROM (SELECT DISTINCT group_root FROM art8_report WHERE ${COUNTED}) g
          JOIN art8_report r ON r.group_root = g.group_root AND NOT r.is_withdrawn AND r.count_unit = 'REPORT'
         GROUP BY g.group_root HAVING count(*) >= 2) m`,
    params,
  );
  const breakdown = async (column: string, keys: readonly string[], where = COUNTED) => {
    const rows = await manager.query<{ key: string; n: number }[]>(
      `SELECT ${column} AS key, count(*)::int AS n FROM art8_report WHERE ${where} GROUP BY ${column}`,
      params,
    );
    return Object.fromEntries(keys.map((key) => [key, rows.find((row) => row.key === key)?.n ?? 0]));
  };
  const total = totals?.total ?? 0;
  const distinctCases = totals?.distinct_cases ?? 0;
  return {
    totalReports: total,
    distinctCases,
    casesReportedMultipleTimes: multiple?.groups ?? 0,
    repeatReports: total - distinctCases,
    actionableReports: totals?.actionable ?? 0,
    unassessedReports: totals?.unassessed ?? 0,
    byReporterKind: await breakdown('reporter_kind', REPORTER_KINDS),
    bySourceChannel: await breakdown('source_channel', SOURCE_CHANNELS),
    byProviderType: await breakdown('provider_type', PROVIDER_TYPES),
    byContentCategory: await breakdown('content_category', CONTENT_CATEGORIES),
    otherCountUnits: await breakdown(
      'count_unit',
      COUNT_UNITS.filter((unit) => unit !== 'REPORT'),
      `member_state = $1 AND year = $2 AND NOT is_withdrawn AND count_unit <> 'REPORT'`,
    ),
  };
};
