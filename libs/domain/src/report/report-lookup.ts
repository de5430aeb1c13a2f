import type { MemberState } from '../shared';
import type { ReportId } from './report.events';
import type { Report } from './report.state';

/**
 * A report as a handler read it from its own stream (`report-<reportId>`), for commands that link reports
 * (investigations, children). A report the handler did not find has no entry.
 */
export interface FoundReport {
  readonly reportId: ReportId;
  readonly memberState: MemberState;
  readonly isWithdrawn: boolean;
}

/** What a handler passes for one report stream it read: null when the stream has no events. */
export const foundReportOf = (report: Report): FoundReport | null =>
  report.status === 'None'
    ? null
    : { reportId: report.reportId, memberState: report.memberState, isWithdrawn: report.status === 'Withdrawn' };

export type ReportProblem = { readonly reportId: ReportId; readonly problem: 'NOT_FOUND' | 'WITHDRAWN' };

/**
 * The first of `reportIds` that may not be linked from a record of `memberState`, or null. A report of
 * another member state is reported exactly like a missing one, so the answer leaks nothing about it.
 */
export const findReportProblem = (
  reportIds: readonly ReportId[],
  found: readonly FoundReport[],
  memberState: MemberState,
): ReportProblem | null => {
  for (const reportId of reportIds) {
    const report = found.find((candidate) => candidate.reportId === reportId && candidate.memberState === memberState);
    if (!report) return { reportId, problem: 'NOT_FOUND' };
    if (report.isWithdrawn) return { reportId, problem: 'WITHDRAWN' };
  }
  return null;
};

/** The ids once each, in first-seen order: lists of ids in events are sets. */
export const distinct = <T>(ids: readonly T[]): T[] => [...new Set(ids)];
