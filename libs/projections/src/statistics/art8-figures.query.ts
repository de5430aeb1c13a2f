import { CONTENT_CATEGORIES, COUNT_UNITS, PROVIDER_TYPES, REPORTER_KINDS, SOURCE_CHANNELS } from '@registry/domain';
import type { EntityManager } from 'typeorm';
import { validAt, type StatisticsMoment } from './as-of';

/** Art. 8(1)(a), as defined in domain.md. */
export interface ReportFigures {
  readonly totalReports: number;
  readonly distinctCases: number;
  readonly casesReportedMultipleTimes: number;
  readonly repeatReports: number;
  readonly actionableReports: number;
  /** Not yet assessed: actionableReports can still grow while this is above zero. */
  readonly unassessedReports: number;
  readonly reportsInInvestigations: number;
  readonly investigationsOpened: number;
  readonly byReporterKind: Record<string, number>;
  readonly bySourceChannel: Record<string, number>;
  readonly byProviderType: Record<string, number>;
  readonly byContentCategory: Record<string, number>;
  /** Hotline units (URLs, domains, incidents, notifications): never added to report counts. */
  readonly otherCountUnits: Record<string, number>;
}

export interface BySex {
  readonly female: number;
  readonly male: number;
  readonly notStated: number;
  readonly total: number;
}

/** Art. 8(1)(b): children identified, merged records once. */
export interface ChildFigures {
  readonly art3: BySex;
  readonly allRoutes: BySex;
  /** Children of an investigation with an offence whose onlineNexus is ONLINE or BOTH. */
  readonly onlineOnly: BySex;
  /**
   * Children whose online nexus is unknown, shown beside onlineOnly (mission.md definition 8): their
   * investigation has an offence whose onlineNexus is UNKNOWN and none ONLINE or BOTH (OFFLINE ones may be
   * there: the unknown one could still be online). Neither figure holds a child of an investigation with only
   * OFFLINE offences or none classified yet.
   */
  readonly onlineNexusUnknown: BySex;
}

/** Art. 8(1)(c): persons, not convictions; acquittals on appeal removed. */
export interface ConvictionFigures {
  readonly convictedPersons: number;
  readonly convictions: number;
  readonly convictedPersonsFinal: number;
  /** Persons with a standing conviction of the year for an offence whose onlineNexus is ONLINE or BOTH. */
  readonly convictedPersonsOnlineOffences: number;
  readonly convictedPersonsLinkedToReports: number;
  /**
   * Persons whose online nexus is unknown (mission.md definition 8): among their standing convictions of the
   * year, a convicted offence is UNKNOWN and none is ONLINE or BOTH. Never also in convictedPersonsOnlineOffences.
   */
  readonly convictedPersonsOnlineNexusUnknown: number;
}

export interface Art8Figures {
  readonly a: ReportFigures;
  readonly b: ChildFigures;
  readonly c: ConvictionFigures;
}

const zeroFor = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((key) => [key, 0]));
const NO_CHILDREN: BySex = { female: 0, male: 0, notStated: 0, total: 0 };

/**
 * Every figure of the three parts, in the order `queryArt8Figures` gives them, at zero: the shape that exports
 * list a part's figures in when the part has none to show (a metric declared not available).
 */
export const ART8_FIGURES_AT_ZERO: Art8Figures = {
  a: {
    totalReports: 0,
    distinctCases: 0,
    casesReportedMultipleTimes: 0,
    repeatReports: 0,
    actionableReports: 0,
    unassessedReports: 0,
    reportsInInvestigations: 0,
    investigationsOpened: 0,
    byReporterKind: zeroFor(REPORTER_KINDS),
    bySourceChannel: zeroFor(SOURCE_CHANNELS),
    byProviderType: zeroFor(PROVIDER_TYPES),
    byContentCategory: zeroFor(CONTENT_CATEGORIES),
    otherCountUnits: zeroFor(COUNT_UNITS.filter((unit) => unit !== 'REPORT')),
  },
  b: { art3: NO_CHILDREN, allRoutes: NO_CHILDREN, onlineOnly: NO_CHILDREN, onlineNexusUnknown: NO_CHILDREN },
  c: {
    convictedPersons: 0,
    convictions: 0,
    convictedPersonsFinal: 0,
    convictedPersonsOnlineOffences: 0,
    convictedPersonsLinkedToReports: 0,
    convictedPersonsOnlineNexusUnknown: 0,
  },
};

const ONLINE = `('ONLINE', 'BOTH')`;
const UNKNOWN = `'UNKNOWN'`;

/** All three parts for one member state and year, as they stood at `moment` (params: $1 ms, $2 year, $3 seq). */
export const queryArt8Figures = async (manager: EntityManager, memberState: string, year: number, moment: StatisticsMoment): Promise<Art8Figures> => {
  const params = [memberState, year, moment.seq?.toString() ?? null];
  const v = (alias: string) => validAt(alias, moment, '$3::bigint');
  const query = <T>(sql: string) => manager.query<T[]>(sql, params);
  const counted = (alias: string) => `NOT ${alias}.is_withdrawn AND ${alias}.count_unit = 'REPORT' AND ${v(alias)}`;
  const reports = `SELECT r.* FROM stat_report r WHERE r.member_state = $1 AND r.year = $2 AND ${counted('r')}`;

  const [totals] = await query<{ total: number; distinct_cases: number; actionable: number; unassessed: number; in_investigations: number }>(
    `WITH rep AS (${reports})
     SELECT count(*)::int AS total, count(DISTINCT group_root)::int AS distinct_cases,
            count(*) FILTER (WHERE actionable)::int AS actionable, count(*) FILTER (WHERE actionable IS NULL)::int AS unassessed,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM stat_investigation_report l WHERE l.report_id = rep.report_id AND ${v('l')}))::int AS in_investigations
       FROM rep`,
  );
  // A group is "reported multiple times" when it holds two or more counted reports of any year. A join and
  // GROUP BY, not a subquery per group: planners without table statistics (embedded PGlite) would scan once per group.
  const [multiple] = await query<{ groups: number }>(
    `SELECT count(*)::int AS groups FROM (
        SELECT g.group_root FROM (SELECT DISTINCT group_root FROM (${reports}) rep) g
          JOIN stat_report r2 ON r2.group_root = g.group_root AND r2.member_state = $1 AND ${counted('r2')}
         GROUP BY g.group_root HAVING count(*) >= 2) m`,
  );
  const breakdownRows = await query<{ reporter_kind: string | null; source_channel: string | null; provider_type: string | null; content_category: string | null; n: number }>(
    `SELECT reporter_kind, source_channel, provider_type, content_category, count(*)::int AS n FROM (${reports}) rep
      GROUP BY GROUPING SETS ((reporter_kind), (source_channel), (provider_type), (content_category))`,
  );
  const otherUnits = await query<{ count_unit: string; n: number }>(
    `SELECT count_unit, count(*)::int AS n FROM stat_report r
      WHERE r.member_state = $1 AND r.year = $2 AND NOT r.is_withdrawn AND r.count_unit <> 'REPORT' AND ${v('r')} GROUP BY count_unit`,
  );
  const [investigations] = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM stat_investigation i WHERE i.member_state = $1 AND i.year = $2 AND ${v('i')}`,
  );
  const breakdown = (column: 'reporter_kind' | 'source_channel' | 'provider_type' | 'content_category', keys: readonly string[]) =>
    Object.fromEntries(keys.map((key) => [key, breakdownRows.find((row) => row[column] === key)?.n ?? 0]));
  const total = totals?.total ?? 0;
  const distinctCases = totals?.distinct_cases ?? 0;
  const a: ReportFigures = {
    totalReports: total,
    distinctCases,
    casesReportedMultipleTimes: multiple?.groups ?? 0,
    repeatReports: total - distinctCases,
    actionableReports: totals?.actionable ?? 0,
    unassessedReports: totals?.unassessed ?? 0,
    reportsInInvestigations: totals?.in_investigations ?? 0,
    investigationsOpened: investigations?.n ?? 0,
    byReporterKind: breakdown('reporter_kind', REPORTER_KINDS),
    bySourceChannel: breakdown('source_channel', SOURCE_CHANNELS),
    byProviderType: breakdown('provider_type', PROVIDER_TYPES),
    byContentCategory: breakdown('content_category', CONTENT_CATEGORIES),
    otherCountUnits: Object.fromEntries(COUNT_UNITS.filter((unit) => unit !== 'REPORT').map((unit) => [unit, otherUnits.find((row) => row.count_unit === unit)?.n ?? 0])),
  };

  // A child counts for Art. 3 through its route, or through a linked report detected under Art. 3. Its online
  // nexus is unknown when its investigation has an UNKNOWN offence and no online one.
  const offenceOfInvestigation = (nexus: string) =>
    `EXISTS (SELECT 1 FROM stat_offence o
              WHERE o.investigation_id = ch.investigation_id AND ${v('o')} AND o.online_nexus ${nexus})`;
  type ChildRow = { sex: string; all_routes: number; art3: number; online: number; nexus_unknown: number };
  const childRows = await query<ChildRow>(
    `WITH ch AS (SELECT c.* FROM stat_child c WHERE c.member_state = $1 AND c.year = $2 AND NOT c.is_merged AND ${v('c')}),
     flagged AS (
       SELECT ch.sex,
              ch.identification_route = 'PROVIDER_REPORT_ART3' OR EXISTS (
                SELECT 1 FROM stat_child_report cr JOIN stat_report r ON r.report_id = cr.report_id
                 WHERE cr.child_id = ch.child_id AND ${v('cr')} AND ${v('r')} AND r.detected_under_art3 AND NOT r.is_withdrawn) AS is_art3,
              ${offenceOfInvestigation(`IN ${ONLINE}`)} AS is_online,
              ${offenceOfInvestigation(`= ${UNKNOWN}`)} AS has_unknown
         FROM ch)
     SELECT sex, count(*)::int AS all_routes, count(*) FILTER (WHERE is_art3)::int AS art3,
            count(*) FILTER (WHERE is_online)::int AS online,
            count(*) FILTER (WHERE has_unknown AND NOT is_online)::int AS nexus_unknown
       FROM flagged GROUP BY sex`,
  );
  const bySex = (column: 'all_routes' | 'art3' | 'online' | 'nexus_unknown'): BySex => {
    const of = (sex: string) => childRows.find((row) => row.sex === sex)?.[column] ?? 0;
    const [female, male, notStated] = [of('FEMALE'), of('MALE'), of('NOT_STATED')];
    return { female, male, notStated, total: female + male + notStated };
  };
  const b: ChildFigures = {
    art3: bySex('art3'),
    allRoutes: bySex('all_routes'),
    onlineOnly: bySex('online'),
    onlineNexusUnknown: bySex('nexus_unknown'),
  };

  // Per conviction whether a convicted offence is online or unknown, then per person whether any of theirs is.
  const convictedOf = (nexus: string) =>
    `EXISTS (SELECT 1 FROM stat_offence o
              WHERE o.investigation_id = cv.investigation_id AND o.offence_id = ANY (cv.convicted_offence_ids)
                AND o.online_nexus ${nexus} AND ${v('o')})`;
  type ConvictionRow = {
    persons: number;
    convictions: number;
    persons_final: number;
    online: number;
    linked: number;
    nexus_unknown: number;
  };
  const [convictions] = await query<ConvictionRow>(
    `WITH cv AS (SELECT j.* FROM stat_judgment j
                  WHERE j.member_state = $1 AND j.conviction_year = $2 AND j.standing_outcome = 'CONVICTED'
                    AND ${v('j')}),
     flagged AS (
       SELECT cv.person_id, cv.is_final,
              ${convictedOf(`IN ${ONLINE}`)} AS is_online,
              ${convictedOf(`= ${UNKNOWN}`)} AS has_unknown,
              EXISTS (SELECT 1 FROM stat_investigation_report l JOIN stat_report r ON r.report_id = l.report_id
                       WHERE l.investigation_id = cv.investigation_id AND ${v('l')} AND ${v('r')} AND NOT r.is_withdrawn
                         AND r.reporter_kind IN ('PROVIDER', 'PUBLIC_INTEREST_ORGANISATION')) AS is_linked
         FROM cv),
     per_person AS (
       SELECT person_id, count(*) AS convictions, bool_or(is_final) AS is_final, bool_or(is_online) AS is_online,
              bool_or(has_unknown) AS has_unknown, bool_or(is_linked) AS is_linked
         FROM flagged GROUP BY person_id)
     SELECT count(*)::int AS persons, coalesce(sum(convictions), 0)::int AS convictions,
            count(*) FILTER (WHERE is_final)::int AS persons_final, count(*) FILTER (WHERE is_online)::int AS online,
            count(*) FILTER (WHERE is_linked)::int AS linked,
            count(*) FILTER (WHERE has_unknown AND NOT is_online)::int AS nexus_unknown
       FROM per_person`,
  );
  const c: ConvictionFigures = {
    convictedPersons: convictions?.persons ?? 0,
    convictions: convictions?.convictions ?? 0,
    convictedPersonsFinal: convictions?.persons_final ?? 0,
    convictedPersonsOnlineOffences: convictions?.online ?? 0,
    convictedPersonsLinkedToReports: convictions?.linked ?? 0,
    convictedPersonsOnlineNexusUnknown: convictions?.nexus_unknown ?? 0,
  };
  return { a, b, c };
};
