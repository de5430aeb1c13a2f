import type { Command, MemberState } from '../shared';
import type { InvestigationId } from '../investigation/investigation.events';
import type { Investigation } from '../investigation/investigation.state';
import type { FoundReport } from '../report/report-lookup';
import type { ChildFacts, ChildId } from './child.events';
import type { Child } from './child.state';

/** The investigation as the handler read it from `investigation-<investigationId>`. */
export interface ChildInvestigation {
  readonly memberState: MemberState;
}

export const childInvestigationOf = (investigation: Investigation): ChildInvestigation | null =>
  investigation.status === 'None' ? null : { memberState: investigation.memberState };

export type IdentifyChild = Command<
  'IdentifyChild',
  { readonly childId: ChildId; readonly memberState: MemberState; readonly investigationId: InvestigationId } & Omit<
    ChildFacts,
    'ageBand'
  > & {
      /** Optional: UNKNOWN when not given. */
      readonly ageBand?: ChildFacts['ageBand'];
      /** Looked up by the handler (null: the investigation stream has no events). */
      readonly investigation: ChildInvestigation | null;
      /** Looked up by the handler: each of linkedReportIds read from its report stream; a missing one has no entry. */
      readonly reports: readonly FoundReport[];
    }
>;

export type CorrectChildRecord = Command<
  'CorrectChildRecord',
  {
    readonly childId: ChildId;
    readonly changes: Partial<ChildFacts>;
    readonly reason: string;
    /** Looked up by the handler when changes.linkedReportIds is given: the reports it adds. */
    readonly reports: readonly FoundReport[];
  }
>;

/** The record the duplicate is merged into, as the handler read it from `child-<childId>`. */
export interface MergeTarget {
  readonly memberState: MemberState;
  readonly mergedInto: ChildId | null;
}

export const mergeTargetOf = (child: Child): MergeTarget | null =>
  child.status === 'None' ? null : { memberState: child.memberState, mergedInto: child.mergedInto };

/** Decided on the duplicate's stream (`child-<duplicateChildId>`). */
export type MergeChildRecords = Command<
  'MergeChildRecords',
  { readonly duplicateChildId: ChildId; readonly childId: ChildId; readonly target: MergeTarget | null }
>;

export type ChildCommand = IdentifyChild | CorrectChildRecord | MergeChildRecords;
