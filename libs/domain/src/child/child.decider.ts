import { assertNever, InvalidCommand, type Decider, type MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import { distinct, findReportProblem, type FoundReport } from '../report/report-lookup';
import { sameIds, sameValue } from '../shared/same-value';
import type { ChildCommand, CorrectChildRecord, IdentifyChild, MergeChildRecords } from './child.commands';
import {
  ChildIdAlreadyUsed,
  ChildInvestigationNotFound,
  ChildMergeTargetInvalid,
  ChildNotFound,
  ChildRecordIsMerged,
  ChildReportNotFound,
  ChildReportWithdrawn,
} from './child.errors';
import type { ChildEvent, ChildFacts, ChildFieldChange } from './child.events';
import { evolveChild, initialChildState, type Child, type ExistingChild } from './child.state';
import { CORRECTABLE_CHILD_FIELDS, isCountryCode } from './child.vocabulary';

const decide = (command: ChildCommand, state: Child): ChildEvent[] => {
  switch (command.type) {
    case 'IdentifyChild':
      return identify(command, state);
    case 'CorrectChildRecord':
      return correct(command, state);
    case 'MergeChildRecords':
      return merge(command, state);
    default:
      return assertNever(command);
  }
};

const identify = ({ data }: IdentifyChild, state: Child): ChildEvent[] => {
  const { investigation, reports, ...rest } = data;
  const identified = { ...rest, linkedReportIds: distinct(rest.linkedReportIds), ageBand: rest.ageBand ?? 'UNKNOWN' };
  const { childId, memberState, investigationId, ...facts } = identified;
  if (state.status !== 'None') {
    // A retried IdentifyChild changes nothing; the same id with other facts is an error.
    const isRetry =
      sameValue([state.memberState, state.investigationId], [memberState, investigationId]) &&
      sameFacts(state.recordedFacts, facts);
    if (isRetry) return [];
    throw new ChildIdAlreadyUsed(childId);
  }
  requireResidence(facts.residence);
  // An investigation of another member state is reported exactly like a missing one.
  if (!investigation || investigation.memberState !== memberState)
    throw new ChildInvestigationNotFound(investigationId);
  requireLinkable(facts.linkedReportIds, reports, memberState);
  return [{ type: 'ChildIdentified', data: identified }];
};

const correct = ({ data }: CorrectChildRecord, state: Child): ChildEvent[] => {
  const child = requireActive(state, data.childId);
  if (data.reason.trim() === '') throw new InvalidCommand('reason', 'a correction gives its reason');
  const unknown = Object.keys(data.changes).find(
    (field) => !(CORRECTABLE_CHILD_FIELDS as readonly string[]).includes(field),
  );
  if (unknown) throw new InvalidCommand(unknown, `${unknown} cannot be corrected`);
  if (data.changes.residence !== undefined) requireResidence(data.changes.residence);
  const changes: ChildFieldChange[] = CORRECTABLE_CHILD_FIELDS.flatMap((field) => {
    const newValue =
      field === 'linkedReportIds' && data.changes.linkedReportIds
        ? distinct(data.changes.linkedReportIds)
        : data.changes[field];
    const oldValue = child.facts[field];
    return newValue === undefined || sameField(field, oldValue, newValue) ? [] : [{ field, oldValue, newValue }];
  });
  const added = (data.changes.linkedReportIds ?? []).filter(
    (reportId) => !child.facts.linkedReportIds.includes(reportId),
  );
  requireLinkable(added, data.reports, child.memberState);
  if (changes.length === 0) return [];
  return [{ type: 'ChildRecordCorrected', data: { childId: data.childId, changes, reason: data.reason } }];
};

const merge = ({ data }: MergeChildRecords, state: Child): ChildEvent[] => {
  if (state.status === 'None') throw new ChildNotFound(data.duplicateChildId);
  if (state.mergedInto !== null) {
    if (state.mergedInto === data.childId) return [];
    throw new ChildRecordIsMerged(data.duplicateChildId, state.mergedInto);
  }
  const invalid = (why: string) => new ChildMergeTargetInvalid(data.duplicateChildId, data.childId, why);
  if (data.childId === data.duplicateChildId) throw invalid('a record cannot be merged into itself');
  // A record of another member state is reported exactly like a missing one.
  if (!data.target || data.target.memberState !== state.memberState) throw invalid('no such child');
  // Merging only into records that are not merged themselves keeps merges free of cycles.
  if (data.target.mergedInto !== null) throw invalid(`it was itself merged into ${data.target.mergedInto}`);
  return [{ type: 'ChildRecordsMerged', data: { duplicateChildId: data.duplicateChildId, childId: data.childId } }];
};

const requireActive = (state: Child, childId: string): ExistingChild => {
  if (state.status === 'None') throw new ChildNotFound(childId);
  if (state.mergedInto !== null) throw new ChildRecordIsMerged(childId, state.mergedInto);
  return state;
};

const requireResidence = (residence: string | null): void => {
  if (residence !== null && !isCountryCode(residence))
    throw new InvalidCommand('residence', 'residence is a two-letter country code or null');
};

const requireLinkable = (
  reportIds: readonly ReportId[],
  found: readonly FoundReport[],
  memberState: MemberState,
): void => {
  const problem = findReportProblem(reportIds, found, memberState);
  if (problem?.problem === 'NOT_FOUND') throw new ChildReportNotFound(problem.reportId);
  if (problem?.problem === 'WITHDRAWN') throw new ChildReportWithdrawn(problem.reportId);
};

const sameField = (field: keyof ChildFacts, a: unknown, b: unknown): boolean =>
  field === 'linkedReportIds' ? sameIds(a as string[], b as string[]) : sameValue(a, b);

const sameFacts = (a: ChildFacts, b: ChildFacts): boolean =>
  CORRECTABLE_CHILD_FIELDS.every((field) => sameField(field, a[field], b[field]));

export const childDecider: Decider<ChildCommand, ChildEvent, Child> = {
  decide,
  evolve: evolveChild,
  initialState: initialChildState,
};
