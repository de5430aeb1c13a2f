import {
  foundReportOf,
  investigationDecider,
  InvestigationNotFound,
  type FoundReport,
  type Investigation,
  type InvestigationCommand,
  type InvestigationEvent,
  type ReportId,
} from '@registry/domain';
import { streamName } from '@registry/event-store';
import type { RequestContext } from '../shared/actor';
import { readVisibleState, type StreamSlice, type WriteDependencies } from '../shared/stream-write';
import { REPORT_SLICE } from '../reports/report-stream';

export const investigationStream = (investigationId: string): string => streamName('investigation', investigationId);

export const INVESTIGATION_SLICE: StreamSlice<InvestigationCommand, InvestigationEvent, Investigation> = {
  decider: investigationDecider,
  streamOf: investigationStream,
  memberStateOf: (state) => (state.status === 'None' ? undefined : state.memberState),
  notFound: (id) => new InvestigationNotFound(id),
};

/**
 * Cross-stream rule input: each report read from its own stream (never a read model, which may lag), as the
 * actor may see it. Reports that do not exist, or belong to another member state, are simply absent.
 */
export const findReports = async (
  { store }: WriteDependencies,
  reportIds: readonly string[],
  context: RequestContext,
): Promise<FoundReport[]> => {
  const states = await Promise.all([...new Set(reportIds)].map((id) => readVisibleState(store, REPORT_SLICE, id, context)));
  return states.map(foundReportOf).filter((found): found is FoundReport => found !== null);
};

export const asReportIds = (ids: readonly string[] | undefined): ReportId[] => (ids ?? []).map((id) => id as ReportId);
