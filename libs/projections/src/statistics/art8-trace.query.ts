import type { EntityManager } from 'typeorm';
import { validAt, type StatisticsMoment } from './as-of';

/** What one counted unit of a figure is: a report, a case (duplicate group), an investigation, a child, a judgment or a person. */
export type TracedUnitKind = 'report' | 'case' | 'investigation' | 'child' | 'judgment' | 'person';

/** An event behind a figure: where it is in the log and what kind it is; never its data. */
export interface TracedEvent {
  readonly globalPosition: string;
  readonly stream: string;
  readonly type: string;
  readonly recordedAt: string;
}

/** One counted unit (ids are the registry's: pseudonyms for persons and children) and the events that made it count. */
export interface TracedUnit {
  readonly kind: TracedUnitKind;
  readonly id: string;
  readonly events: readonly TracedEvent[];
}

/** SQL of one figure's members: one row per (unit, stream behind it); $1 member state, $2 year, $3 seq, $4 a breakdown key. */
interface Membership {
  readonly kind: TracedUnitKind;
  readonly sql: string;
  readonly key?: string;
}

const ONLINE = `('ONLINE', 'BOTH')`;
const UNKNOWN = `'UNKNOWN'`;
const SEX: Record<string, string | null> = { female: 'FEMALE', male: 'MALE', notStated: 'NOT_STATED', total: null };
const BREAKDOWN_COLUMNS: Record<string, string> = {
  byReporterKind: 'reporter_kind',
  bySourceChannel: 'source_channel',
  byProviderType: 'provider_type',
  byContentCategory: 'content_category',
};

/**
 * The members of an Art. 8 figure, with the same tables, validity and conditions as `queryArt8Figures`, so a
 * figure's trace lists exactly as many units as it counts (checked on the demo data for every cell). Answers
 * undefined for a path that is not a cell of the document.
 */
const membershipOf = (path: string, moment: StatisticsMoment): Membership | undefined => {
  const v = (alias: string) => validAt(alias, moment, '$3::bigint');
  const counted = (alias: string) => `NOT ${alias}.is_withdrawn AND ${alias}.count_unit = 'REPORT' AND ${v(alias)}`;
  const reports = `SELECT r.* FROM stat_report r WHERE r.member_state = $1 AND r.year = $2 AND ${counted('r')}`;
  const ownStream = (condition = 'true') =>
    `SELECT rep.report_id::text AS unit, 'report-' || rep.report_id AS stream FROM (${reports}) rep WHERE ${condition}`;
  const [part, metric, key] = path.split('.');

  if (part === 'a') {
    if (key !== undefined) {
      const column = metric === undefined ? undefined : BREAKDOWN_COLUMNS[metric];
      if (column) return { kind: 'report', sql: ownStream(`rep.${column} = $4`), key };
      if (metric === 'otherCountUnits' && key !== 'REPORT')
        return {
          kind: 'report',
          key,
          sql: `SELECT r.report_id::text AS unit, 'report-' || r.report_id AS stream FROM stat_report r
                 WHERE r.member_state = $1 AND r.year = $2 AND NOT r.is_withdrawn AND r.count_unit = $4 AND ${v('r')}`,
        };
      return undefined;
    }
    const linked = `SELECT 1 FROM stat_investigation_report l WHERE l.report_id = rep.report_id AND ${v('l')}`;
    switch (metric) {
      case 'totalReports':
        return { kind: 'report', sql: ownStream() };
      case 'actionableReports':
        return { kind: 'report', sql: ownStream('rep.actionable') };
      case 'unassessedReports':
        return { kind: 'report', sql: ownStream('rep.actionable IS NULL') };
      case 'reportsInInvestigations':
        return {
          kind: 'report',
          sql: `${ownStream(`EXISTS (${linked})`)}
                UNION SELECT rep.report_id::text, 'investigation-' || l.investigation_id FROM (${reports}) rep
                  JOIN stat_investigation_report l ON l.report_id = rep.report_id AND ${v('l')}`,
        };
      case 'distinctCases':
        return {
          kind: 'case',
          sql: `SELECT rep.group_root::text AS unit, 'report-' || rep.report_id AS stream FROM (${reports}) rep`,
        };
      case 'casesReportedMultipleTimes':
        // A group counts when it holds two or more counted reports of any year: all of them are behind it.
        return {
          kind: 'case',
          sql: `WITH g AS (SELECT DISTINCT group_root FROM (${reports}) rep),
                members AS (SELECT g.group_root, r2.report_id FROM g JOIN stat_report r2 ON r2.group_root = g.group_root AND r2.member_state = $1 AND ${counted('r2')})
                SELECT group_root::text AS unit, 'report-' || report_id AS stream FROM members
                 WHERE group_root IN (SELECT group_root FROM members GROUP BY group_root HAVING count(*) >= 2)`,
        };
      case 'repeatReports':
        // total − distinct cases: within each case, every counted report after its first (by receipt, then id).
        return {
          kind: 'report',
          sql: `SELECT report_id::text AS unit, 'report-' || report_id AS stream FROM (
                  SELECT rep.report_id, row_number() OVER (PARTITION BY rep.group_root ORDER BY rep.received_at, rep.report_id) AS n FROM (${reports}) rep) x
                 WHERE n > 1`,
        };
      case 'investigationsOpened':
        return {
          kind: 'investigation',
          sql: `SELECT i.investigation_id::text AS unit, 'investigation-' || i.investigation_id AS stream FROM stat_investigation i
                 WHERE i.member_state = $1 AND i.year = $2 AND ${v('i')}`,
        };
      default:
        return undefined;
    }
  }

  if (part === 'b') {
    const sex = key === undefined ? undefined : SEX[key];
    if (sex === undefined || !['art3', 'allRoutes', 'onlineOnly', 'onlineNexusUnknown'].includes(metric ?? ''))
      return undefined;
    const art3Reports = `SELECT cr.report_id FROM stat_child_report cr JOIN stat_report r ON r.report_id = cr.report_id
                          WHERE cr.child_id = ch.child_id AND ${v('cr')} AND ${v('r')} AND r.detected_under_art3 AND NOT r.is_withdrawn`;
    const isArt3 = `(ch.identification_route = 'PROVIDER_REPORT_ART3' OR EXISTS (${art3Reports}))`;
    const isOnline = `EXISTS (SELECT 1 FROM stat_offence o WHERE o.investigation_id = ch.investigation_id AND ${v('o')} AND o.online_nexus IN ${ONLINE})`;
    const hasUnknown = `EXISTS (SELECT 1 FROM stat_offence o
                         WHERE o.investigation_id = ch.investigation_id AND ${v('o')} AND o.online_nexus = ${UNKNOWN})`;
    const conditions: Record<string, string> = {
      art3: isArt3,
      onlineOnly: isOnline,
      onlineNexusUnknown: `${hasUnknown} AND NOT ${isOnline}`,
    };
    const children = `SELECT c.* FROM stat_child c WHERE c.member_state = $1 AND c.year = $2 AND NOT c.is_merged AND ${v('c')}`;
    const bySex = sex === null ? 'true' : `ch.sex = $4`;
    const behind =
      metric === 'art3'
        ? `UNION ALL SELECT 'report-' || report_id FROM (${art3Reports}) a`
        : metric === 'onlineOnly' || metric === 'onlineNexusUnknown'
          ? `UNION ALL SELECT 'investigation-' || ch.investigation_id`
          : '';
    return {
      kind: 'child',
      ...(sex !== null && { key: sex }),
      sql: `SELECT ch.child_id::text AS unit, s.stream FROM (${children}) ch
              CROSS JOIN LATERAL (SELECT 'child-' || ch.child_id AS stream ${behind}) s
             WHERE ${bySex} AND ${conditions[metric ?? ''] ?? 'true'}`,
    };
  }

  if (part === 'c' && key === undefined) {
    const convictions = `SELECT j.* FROM stat_judgment j WHERE j.member_state = $1 AND j.conviction_year = $2 AND j.standing_outcome = 'CONVICTED' AND ${v('j')}`;
    const convictedOf = (alias: string, nexus: string) =>
      `SELECT 1 FROM stat_offence o
        WHERE o.investigation_id = ${alias}.investigation_id AND o.offence_id = ANY (${alias}.convicted_offence_ids)
          AND o.online_nexus ${nexus} AND ${v('o')}`;
    const online = convictedOf('cv', `IN ${ONLINE}`);
    // A person none of whose convictions of the year is for an online offence.
    const personNotOnline = `NOT EXISTS (SELECT 1 FROM (${convictions}) cv2
                              WHERE cv2.person_id = cv.person_id AND EXISTS (${convictedOf('cv2', `IN ${ONLINE}`)}))`;
    const linkedReports = `SELECT l.report_id FROM stat_investigation_report l JOIN stat_report r ON r.report_id = l.report_id
                            WHERE l.investigation_id = cv.investigation_id AND ${v('l')} AND ${v('r')} AND NOT r.is_withdrawn
                              AND r.reporter_kind IN ('PROVIDER', 'PUBLIC_INTEREST_ORGANISATION')`;
    // Persons count once however many convictions: each qualifying judgment of the person is behind the unit.
    const persons = (condition: string, behind = '') => ({
      kind: 'person' as const,
      sql: `SELECT cv.person_id AS unit, s.stream FROM (${convictions}) cv
              CROSS JOIN LATERAL (SELECT 'judgment-' || cv.judgment_id AS stream ${behind}) s WHERE ${condition}`,
    });
    switch (metric) {
      case 'convictions':
        return {
          kind: 'judgment',
          sql: `SELECT cv.judgment_id::text AS unit, 'judgment-' || cv.judgment_id AS stream FROM (${convictions}) cv`,
        };
      case 'convictedPersons':
        return persons('true');
      case 'convictedPersonsFinal':
        return persons('cv.is_final');
      case 'convictedPersonsOnlineOffences':
        return persons(`EXISTS (${online})`, `UNION ALL SELECT 'investigation-' || cv.investigation_id`);
      case 'convictedPersonsOnlineNexusUnknown':
        // Behind the person: each of their convictions for an UNKNOWN offence, and its investigation.
        return persons(
          `EXISTS (${convictedOf('cv', `= ${UNKNOWN}`)}) AND ${personNotOnline}`,
          `UNION ALL SELECT 'investigation-' || cv.investigation_id`,
        );
      case 'convictedPersonsLinkedToReports':
        return persons(
          `EXISTS (${linkedReports})`,
          `UNION ALL SELECT 'investigation-' || cv.investigation_id UNION ALL SELECT 'report-' || report_id FROM (${linkedReports}) lr`,
        );
      default:
        return undefined;
    }
  }
  return undefined;
};

interface Row {
  unit: string;
  global_position: string | null;
  stream_name: string | null;
  event_type: string | null;
  recorded_at: Date | null;
}

/**
 * The units an Art. 8 figure counts at `moment` (a path of the document: `a.totalReports`,
 * `a.bySourceChannel.NCMEC`, `b.art3.female`, `c.convictedPersons`), each with the events of the streams behind
 * it up to that moment, in log order (the statistics log's). Undefined for a path that is not a cell.
 */
export const queryArt8Trace = async (
  manager: EntityManager,
  memberState: string,
  year: number,
  moment: StatisticsMoment,
  path: string,
): Promise<TracedUnit[] | undefined> => {
  const membership = membershipOf(path, moment);
  if (!membership) return undefined;
  const params: unknown[] = [
    memberState,
    year,
    moment.seq?.toString() ?? null,
    ...(membership.key === undefined ? [] : [membership.key]),
  ];
  const rows = await manager.query<Row[]>(
    `WITH members AS (${membership.sql})
     SELECT m.unit, l.global_position, l.stream_name, l.event_type, l.recorded_at
       FROM (SELECT DISTINCT unit, stream FROM members) m
       LEFT JOIN stat_log l ON l.stream_name = m.stream AND ($3::bigint IS NULL OR l.seq <= $3::bigint)
      ORDER BY m.unit, l.seq`,
    params,
  );
  const units = new Map<string, TracedEvent[]>();
  for (const row of rows) {
    const events = units.get(row.unit) ?? [];
    units.set(row.unit, events);
    if (row.global_position === null || row.stream_name === null || row.event_type === null || row.recorded_at === null)
      continue;
    events.push({
      globalPosition: row.global_position,
      stream: row.stream_name,
      type: row.event_type,
      recordedAt: new Date(row.recorded_at).toISOString(),
    });
  }
  return [...units].map(([id, events]) => ({ kind: membership.kind, id, events }));
};
