import type { EntityManager } from 'typeorm';

/**
 * Record views with their links both ways (report → investigations → children, suspects, judgments and
 * back), read from the record projections. Scope checks (member state) are the caller's.
 */
export interface ReportLinks {
  readonly investigationIds: string[];
  readonly childIds: string[];
  readonly judgmentIds: string[];
}

const ids = async (manager: EntityManager, sql: string, params: unknown[]): Promise<string[]> =>
  (await manager.query<{ id: string }[]>(sql, params)).map((row) => row.id);

/** What a report led to: its investigations, and their children and judgments (plus children linked directly). */
export const reportLinks = async (manager: EntityManager, reportId: string): Promise<ReportLinks> => ({
  investigationIds: await ids(manager, `SELECT investigation_id AS id FROM investigation_report WHERE report_id = $1 ORDER BY 1`, [reportId]),
  childIds: await ids(
    manager,
    `SELECT child_id AS id FROM child_report WHERE report_id = $1
     UNION SELECT c.child_id FROM child_record c JOIN investigation_report l ON l.investigation_id = c.investigation_id WHERE l.report_id = $1
     ORDER BY 1`,
    [reportId],
  ),
  judgmentIds: await ids(
    manager,
    `SELECT j.judgment_id AS id FROM judgment_record j JOIN investigation_report l ON l.investigation_id = j.investigation_id
      WHERE l.report_id = $1 ORDER BY 1`,
    [reportId],
  ),
});

export interface InvestigationRecordView {
  readonly investigationId: string;
  readonly memberState: string;
  readonly revision: number;
  readonly openedAt: string;
  readonly trigger: string;
  readonly status: 'OPEN' | 'CLOSED';
  readonly outcome: string | null;
  readonly closedAt: string | null;
  readonly reportIds: string[];
  readonly offences: unknown[];
  readonly suspects: unknown[];
  readonly charges: unknown[];
  readonly childIds: string[];
  readonly judgmentIds: string[];
}

interface InvestigationRow {
  investigation_id: string;
  member_state: string;
  revision: number;
  opened_at: Date;
  trigger: string;
  offences: unknown[];
  suspects: unknown[];
  charges: unknown[];
  outcome: string | null;
  closed_at: Date | null;
}

export const investigationView = async (manager: EntityManager, investigationId: string): Promise<InvestigationRecordView | null> => {
  const [row] = await manager.query<InvestigationRow[]>(`SELECT * FROM investigation_record WHERE investigation_id = $1`, [investigationId]);
  if (!row) return null;
  return {
    investigationId: row.investigation_id,
    memberState: row.member_state.trim(),
    revision: row.revision,
    openedAt: row.opened_at.toISOString(),
    trigger: row.trigger,
    status: row.closed_at ? 'CLOSED' : 'OPEN',
    outcome: row.outcome,
    closedAt: row.closed_at?.toISOString() ?? null,
    reportIds: await ids(manager, `SELECT report_id AS id FROM investigation_report WHERE investigation_id = $1 ORDER BY 1`, [investigationId]),
    offences: row.offences,
    suspects: row.suspects,
    charges: row.charges,
    childIds: await ids(manager, `SELECT child_id AS id FROM child_record WHERE investigation_id = $1 ORDER BY 1`, [investigationId]),
    judgmentIds: await ids(manager, `SELECT judgment_id AS id FROM judgment_record WHERE investigation_id = $1 ORDER BY 1`, [investigationId]),
  };
};

export interface ChildRecordView {
  readonly childId: string;
  readonly memberState: string;
  readonly revision: number;
  readonly investigationId: string;
  readonly facts: Record<string, unknown>;
  readonly mergedInto: string | null;
  /** Records merged into this one: the same child, counted once. */
  readonly mergedChildIds: string[];
  readonly correctionCount: number;
  readonly judgmentIds: string[];
}

export const childView = async (manager: EntityManager, childId: string): Promise<ChildRecordView | null> => {
  const [row] = await manager.query<
    { child_id: string; member_state: string; revision: number; investigation_id: string; facts: Record<string, unknown>; merged_into: string | null; correction_count: number }[]
  >(`SELECT * FROM child_record WHERE child_id = $1`, [childId]);
  if (!row) return null;
  return {
    childId: row.child_id,
    memberState: row.member_state.trim(),
    revision: row.revision,
    investigationId: row.investigation_id,
    facts: row.facts,
    mergedInto: row.merged_into,
    mergedChildIds: await ids(manager, `SELECT child_id AS id FROM child_record WHERE merged_into = $1 ORDER BY 1`, [childId]),
    correctionCount: row.correction_count,
    judgmentIds: await ids(manager, `SELECT judgment_id AS id FROM judgment_record WHERE investigation_id = $1 ORDER BY 1`, [row.investigation_id]),
  };
};

export interface JudgmentRecordView {
  readonly judgmentId: string;
  readonly memberState: string;
  readonly revision: number;
  readonly investigationId: string;
  readonly personId: string;
  readonly court: string;
  readonly decidedAt: string;
  readonly outcome: string;
  readonly standingOutcome: string;
  readonly convictedOffenceIds: string[];
  readonly numberOfCounts: number | null;
  readonly source: string;
  readonly appeals: unknown[];
  readonly isFinal: boolean;
  readonly finalAt: string | null;
  /** The reports behind the conviction, through its investigation (derived, never typed in). */
  readonly reportIds: string[];
  readonly childIds: string[];
}

export const judgmentView = async (manager: EntityManager, judgmentId: string): Promise<JudgmentRecordView | null> => {
  const [row] = await manager.query<
    {
      judgment_id: string;
      member_state: string;
      revision: number;
      investigation_id: string;
      person_id: string;
      court: string;
      decided_at: Date;
      outcome: string;
      standing_outcome: string;
      convicted_offence_ids: string[];
      number_of_counts: number | null;
      source: string;
      appeals: unknown[];
      final_at: Date | null;
    }[]
  >(`SELECT * FROM judgment_record WHERE judgment_id = $1`, [judgmentId]);
  if (!row) return null;
  return {
    judgmentId: row.judgment_id,
    memberState: row.member_state.trim(),
    revision: row.revision,
    investigationId: row.investigation_id,
    personId: row.person_id,
    court: row.court,
    decidedAt: row.decided_at.toISOString(),
    outcome: row.outcome,
    standingOutcome: row.standing_outcome,
    convictedOffenceIds: row.convicted_offence_ids,
    numberOfCounts: row.number_of_counts,
    source: row.source,
    appeals: row.appeals,
    isFinal: row.final_at !== null,
    finalAt: row.final_at?.toISOString() ?? null,
    reportIds: await ids(manager, `SELECT report_id AS id FROM investigation_report WHERE investigation_id = $1 ORDER BY 1`, [row.investigation_id]),
    childIds: await ids(manager, `SELECT child_id AS id FROM child_record WHERE investigation_id = $1 ORDER BY 1`, [row.investigation_id]),
  };
};
