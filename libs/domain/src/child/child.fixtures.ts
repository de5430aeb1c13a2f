import type { MemberState } from '../shared';
import { aReportId } from '../report/report.fixtures';
import { anInvestigationId, foundReport } from '../investigation/investigation.fixtures';
import type { CorrectChildRecord, IdentifyChild, MergeChildRecords, MergeTarget } from './child.commands';
import type {
  ChildFacts,
  ChildFieldChange,
  ChildId,
  ChildIdentified,
  ChildRecordCorrected,
  ChildRecordsMerged,
} from './child.events';

/** Fixed pseudonyms and times for specs: never a name. */
export const aChildId = '9ef2c297-f245-4e17-8a03-b2df5b7d9eaa' as ChildId;
export const anotherChildId = 'a0f3d3a8-0356-4f28-9b14-c3e06c8e0fbb' as ChildId;
export const aThirdChildId = 'b104e4b9-1467-4039-8c25-d4f17d9f10cc' as ChildId;

export const someChildFacts = (overrides: Partial<ChildFacts> = {}): ChildFacts => ({
  identifiedAt: '2024-04-10T14:00:00.000Z',
  sex: 'FEMALE',
  identificationRoute: 'PROVIDER_REPORT_ART3',
  linkedReportIds: [aReportId],
  identifyingBody: 'LAW_ENFORCEMENT',
  residence: 'NL',
  ageBand: '12-15',
  ...overrides,
});

export const childIdentified = (
  childId: ChildId = aChildId,
  memberState: MemberState = 'NL',
  facts = someChildFacts(),
): ChildIdentified => ({
  type: 'ChildIdentified',
  data: { childId, memberState, investigationId: anInvestigationId, ...facts },
});

export const identifyChild = (overrides: Partial<IdentifyChild['data']> = {}): IdentifyChild => ({
  type: 'IdentifyChild',
  data: { ...childIdentified().data, investigation: { memberState: 'NL' }, reports: [foundReport()], ...overrides },
});

export const correctChildRecord = (
  changes: CorrectChildRecord['data']['changes'],
  reports = [foundReport()],
): CorrectChildRecord => ({
  type: 'CorrectChildRecord',
  data: { childId: aChildId, changes, reason: 'sex mis-keyed', reports },
});

export const childRecordCorrected = (
  changes: readonly ChildFieldChange[],
  childId: ChildId = aChildId,
): ChildRecordCorrected => ({
  type: 'ChildRecordCorrected',
  data: { childId, changes, reason: 'sex mis-keyed' },
});

export const mergeTarget = (overrides: Partial<MergeTarget> = {}): MergeTarget => ({
  memberState: 'NL',
  mergedInto: null,
  ...overrides,
});

export const mergeChildRecords = (
  target: MergeTarget | null = mergeTarget(),
  childId: ChildId = anotherChildId,
): MergeChildRecords => ({
  type: 'MergeChildRecords',
  data: { duplicateChildId: aChildId, childId, target },
});

export const childRecordsMerged = (childId: ChildId = anotherChildId): ChildRecordsMerged => ({
  type: 'ChildRecordsMerged',
  data: { duplicateChildId: aChildId, childId },
});
