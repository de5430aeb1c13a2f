import { fold, reportDecider, ReportNotFound, type Report, type ReportCommand, type ReportEvent } from '@registry/domain';
import { streamName, type RecordedEvent } from '@registry/event-store';
import type { RequestContext } from '../shared/actor';
import { readVisibleState, writeToStream, type StreamSlice, type WriteDependencies } from '../shared/stream-write';
import type { WriteResult } from '../shared/write-result';

export const reportStream = (reportId: string): string => streamName('report', reportId);

/** A report as its stream's events make it, for handlers that read the stream themselves. */
export const reportOf = (history: readonly RecordedEvent[]): Report =>
  fold(reportDecider, history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as ReportEvent));

export const REPORT_SLICE: StreamSlice<ReportCommand, ReportEvent, Report> = {
  decider: reportDecider,
  streamOf: reportStream,
  memberStateOf: (state) => (state.status === 'None' ? undefined : state.memberState),
  notFound: (id) => new ReportNotFound(id),
};

/** The write path for every command on an existing report. */
export const handleReportCommand = (dependencies: WriteDependencies, command: ReportCommand, context: RequestContext): Promise<WriteResult> =>
  writeToStream(dependencies, REPORT_SLICE, command.data.reportId, command, context);

/** A report as the actor may see it (another member state's report reads as missing). */
export const readReport = (dependencies: WriteDependencies, reportId: string, context: RequestContext): Promise<Report> =>
  readVisibleState(dependencies.store, REPORT_SLICE, reportId, context);
