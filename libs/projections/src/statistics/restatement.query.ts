import type { EntityManager } from 'typeorm';

export interface ChangingEvent {
  readonly globalPosition: string;
  readonly stream: string;
  readonly type: string;
  readonly recordedAt: string;
}

/** The statistics sequence of the event at a global position (0 for none: before the first event). */
export const seqAtPosition = async (manager: EntityManager, globalPosition: string | null): Promise<bigint> => {
  if (globalPosition === null) return 0n;
  const [row] = await manager.query<{ seq: string }[]>(`SELECT seq FROM stat_log WHERE global_position = $1`, [globalPosition]);
  return BigInt(row?.seq ?? 0);
};

const v = (alias: string) => `(${alias}.valid_to IS NULL OR (${alias}.valid_from <= $3 AND (${alias}.valid_to > $3)))`;

/** The streams whose facts count in a part (a, b or c) for a member state and year, then (seq $3) or now. */
const STREAMS_OF_PART: Record<'a' | 'b' | 'c', string> = {
  // A group's size counts reports of any year: a report of another year joining or leaving the group counts too.
  a: `SELECT 'report-' || r.report_id FROM stat_report r WHERE r.member_state = $1 AND r.year = $2 AND ${v('r')}
      UNION SELECT 'report-' || g.report_id FROM stat_report g WHERE ${v('g')} AND g.group_root IN (
              SELECT r.group_root FROM stat_report r WHERE r.member_state = $1 AND r.year = $2 AND ${v('r')})
      UNION SELECT 'investigation-' || i.investigation_id FROM stat_investigation i WHERE i.member_state = $1 AND i.year = $2 AND ${v('i')}
      UNION SELECT 'investigation-' || l.investigation_id FROM stat_investigation_report l
              JOIN stat_report r ON r.report_id = l.report_id WHERE r.member_state = $1 AND r.year = $2 AND ${v('r')}`,
  b: `SELECT 'child-' || c.child_id FROM stat_child c WHERE c.member_state = $1 AND c.year = $2 AND ${v('c')}
      UNION SELECT 'investigation-' || c.investigation_id FROM stat_child c WHERE c.member_state = $1 AND c.year = $2 AND ${v('c')}
      UNION SELECT 'report-' || cr.report_id FROM stat_child_report cr JOIN stat_child c ON c.child_id = cr.child_id
             WHERE c.member_state = $1 AND c.year = $2 AND ${v('c')}`,
  // "Linked to reports" follows the investigation's reports: withdrawing one of them changes the figure.
  c: `SELECT 'judgment-' || j.judgment_id FROM stat_judgment j WHERE j.member_state = $1 AND j.conviction_year = $2 AND ${v('j')}
      UNION SELECT 'investigation-' || j.investigation_id FROM stat_judgment j WHERE j.member_state = $1 AND j.conviction_year = $2 AND ${v('j')}
      UNION SELECT 'report-' || l.report_id FROM stat_investigation_report l JOIN stat_judgment j ON j.investigation_id = l.investigation_id
             WHERE j.member_state = $1 AND j.conviction_year = $2 AND ${v('j')}`,
};

const METRIC_OF_PART = { a: 'ART8_1_A', b: 'ART8_1_B', c: 'ART8_1_C' } as const;

/**
 * The governance events that changed the part's status or definitionVersion for the year: those that opened or
 * closed a declaration of its metric for the year, or a methodology change of its metric effective by the end of
 * the year (an earlier year's change counts in the year's definitionVersion). Not the snapshot itself, nor another
 * year's declarations, nor a later year's changes.
 */
const GOVERNANCE_CHANGES = [
  ['stat_declaration', 'year = $2'],
  ['stat_methodology_change', 'year <= $2'],
]
  .flatMap(([table, ofYear]) => [
    `SELECT valid_from FROM ${table} WHERE member_state = $1 AND ${ofYear} AND metric = $4`,
    `SELECT valid_to FROM ${table} WHERE member_state = $1 AND ${ofYear} AND metric = $4 AND valid_to IS NOT NULL`,
  ])
  .join(' UNION ');

/**
 * The events recorded after a snapshot on the records that count in a part of the Art. 8 document, at the
 * snapshot or now: what can have changed that part's figures since. Ids only; no record data.
 */
export const eventsChangingPart = async (
  manager: EntityManager,
  part: 'a' | 'b' | 'c',
  memberState: string,
  year: number,
  sinceSeq: bigint,
): Promise<ChangingEvent[]> =>
  (
    await manager.query<{ global_position: string; stream_name: string; event_type: string; recorded_at: Date }[]>(
      `SELECT global_position, stream_name, event_type, recorded_at FROM stat_log
        WHERE seq > $3 AND (stream_name IN (${STREAMS_OF_PART[part]}) OR seq IN (${GOVERNANCE_CHANGES})) ORDER BY seq LIMIT 10000`,
      [memberState, year, sinceSeq.toString(), METRIC_OF_PART[part]],
    )
  ).map((row) => ({ globalPosition: row.global_position, stream: row.stream_name, type: row.event_type, recordedAt: row.recorded_at.toISOString() }));
