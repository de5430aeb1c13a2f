import { fold, reportDecider, ReportNotFound, type Report, type ReportCommand } from '@registry/domain';
import { handleCommand, streamName, type EventStore } from '@registry/event-store';
import type { RequestContext } from '../shared/actor';
import type { Clock } from '../shared/clock';
import { mayActFor } from '../shared/member-state-scope';
import { stampFor } from '../shared/stamp';
import type { WriteResult } from '../shared/write-result';

export const reportStream = (reportId: string): string => streamName('report', reportId);

/** A report of a member state the actor does not serve is reported as missing: no existence leak. */
export const authorizeReport = (context: RequestContext, reportId: string) => (state: Report) => {
  if (state.status !== 'None' && !mayActFor(context.actor, state.memberState)) throw new ReportNotFound(reportId);
};

export const readReport = async (store: EventStore, reportId: string): Promise<Report> => {
  const history = await store.readStream(reportStream(reportId));
  return fold(
    reportDecider,
    history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as Parameters<typeof reportDecider.evolve>[1]),
  );
};

/** The write path for every command on an existing report. */
export const handleReportCommand = async (
  store: EventStore,
  clock: Clock,
  command: ReportCommand,
  context: RequestContext,
): Promise<WriteResult> => {
  const { reportId } = command.data;
  const result = await handleCommand(store, reportDecider, reportStream(reportId), command, {
    authorize: authorizeReport(context, reportId),
    // decide refuses every command but RecordReport on a missing report, so state has a member state here.
    stamp: (event, eventId, state) => stampFor(context, (state as Extract<Report, { memberState: unknown }>).memberState, clock.now())(event, eventId),
    expectedRevision: context.expectedRevision,
    commandId: context.commandId,
  });
  return { id: reportId, revision: result.revision, created: result.events.length > 0, position: result.position };
};
