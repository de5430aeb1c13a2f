import type { Command, MemberState } from '../shared';
import type { DuplicateBasis, NonActionableReason } from './report.vocabulary';
import type { ReportFacts, ReportId } from './report.events';

/**
 * What intake found for a new report: an earlier report of the same member state with the same content
 * hash, account or external reference. The handler looks it up in the intake-key streams
 * (report-intake.ts); `decide` only applies it.
 */
export interface IntakeMatch {
  readonly duplicateOfReportId: ReportId;
  readonly basis: Exclude<DuplicateBasis, 'MANUAL'>;
}

export type RecordReport = Command<
  'RecordReport',
  { readonly reportId: ReportId; readonly memberState: MemberState } & ReportFacts & { readonly intakeMatch: IntakeMatch | null }
>;

export type AssessReport = Command<
  'AssessReport',
  {
    readonly reportId: ReportId;
    readonly actionable: boolean;
    readonly reasonIfNot: NonActionableReason | null;
    readonly assessedAt: string;
  }
>;

/** The target report as the handler read it from its own stream (null: no such report). */
export interface DuplicateTarget {
  readonly memberState: MemberState;
  /** The root of the target's duplicate group: the target itself unless it is a duplicate. */
  readonly rootReportId: ReportId;
  readonly isWithdrawn: boolean;
}

export type MarkReportDuplicate = Command<
  'MarkReportDuplicate',
  {
    readonly reportId: ReportId;
    readonly duplicateOfReportId: ReportId;
    readonly basis: DuplicateBasis;
    readonly target: DuplicateTarget | null;
    /** Intake's own marking: a new report linked this root's group to the target's (report-intake.ts). */
    readonly isAutomatic?: boolean;
  }
>;

export type CorrectReport = Command<
  'CorrectReport',
  { readonly reportId: ReportId; readonly changes: Partial<ReportFacts>; readonly reason: string }
>;

export type WithdrawReport = Command<'WithdrawReport', { readonly reportId: ReportId; readonly reason: string }>;

export type ReportCommand = RecordReport | AssessReport | MarkReportDuplicate | CorrectReport | WithdrawReport;
