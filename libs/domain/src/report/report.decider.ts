import { assertNever, InvalidCommand, type Decider } from '../shared';
import { sameValue } from '../shared/same-value';
import type { AssessReport, CorrectReport, MarkReportDuplicate, RecordReport, ReportCommand, WithdrawReport } from './report.commands';
import { DuplicateTargetInvalid, ReportAlreadyDuplicate, ReportIdAlreadyUsed, ReportIsWithdrawn, ReportNotFound } from './report.errors';
import type { FieldChange, ReportEvent, ReportFacts } from './report.events';
import { evolveReport, initialReportState, type Report } from './report.state';

type ExistingReport = Exclude<Report, { status: 'None' }>;

const decide = (command: ReportCommand, state: Report): ReportEvent[] => {
  switch (command.type) {
    case 'RecordReport':
      return record(command, state);
    case 'AssessReport':
      return assess(command, state);
    case 'MarkReportDuplicate':
      return markDuplicate(command, state);
    case 'CorrectReport':
      return correct(command, state);
    case 'WithdrawReport':
      return withdraw(command, state);
    default:
      return assertNever(command);
  }
};

const record = ({ data }: RecordReport, state: Report): ReportEvent[] => {
  const { intakeMatch, ...received } = data;
  const { reportId, memberState, ...facts } = received;
  if (state.status !== 'None') {
    // A retried RecordReport is answered with the existing report; a reused id with other facts is an error.
    if (state.memberState === memberState && sameValue(state.recordedFacts, facts)) return [];
    throw new ReportIdAlreadyUsed(reportId);
  }
  const events: ReportEvent[] = [{ type: 'ReportReceived', data: received }];
  if (intakeMatch && intakeMatch.duplicateOfReportId !== reportId) {
    events.push({
      type: 'ReportMarkedDuplicate',
      data: { reportId, duplicateOfReportId: intakeMatch.duplicateOfReportId, basis: intakeMatch.basis, isAutomatic: true },
    });
  }
  return events;
};

const assess = ({ data }: AssessReport, state: Report): ReportEvent[] => {
  requireOpen(state, data.reportId);
  if (data.actionable && data.reasonIfNot !== null) {
    throw new InvalidCommand('reasonIfNot', 'an actionable report has no reason for not being actionable');
  }
  if (!data.actionable && data.reasonIfNot === null) {
    throw new InvalidCommand('reasonIfNot', 'a report that is not actionable needs the reason');
  }
  return [{ type: 'ReportAssessed', data }];
};

const markDuplicate = ({ data }: MarkReportDuplicate, state: Report): ReportEvent[] => {
  const report = requireOpen(state, data.reportId);
  const { target } = data;
  const invalid = (why: string) => new DuplicateTargetInvalid(data.reportId, data.duplicateOfReportId, why);
  // Another member state's report is reported as missing, so the answer leaks nothing about it.
  if (!target || target.memberState !== report.memberState) throw invalid('no such report');
  if (target.isWithdrawn) throw invalid('that report was withdrawn');
  if (target.rootReportId === data.reportId) throw invalid('that would make a cycle');
  if (report.duplicateOf) {
    if (report.duplicateOf.reportId === target.rootReportId) return [];
    throw new ReportAlreadyDuplicate(data.reportId, report.duplicateOf.reportId);
  }
  // Marking always points at the group's root, so groups never form chains or cycles.
  return [
    {
      type: 'ReportMarkedDuplicate',
      data: {
        reportId: data.reportId,
        duplicateOfReportId: target.rootReportId,
        basis: data.basis,
        isAutomatic: data.isAutomatic ?? false,
      },
    },
  ];
};

const correct = ({ data }: CorrectReport, state: Report): ReportEvent[] => {
  const report = requireOpen(state, data.reportId);
  const changes: FieldChange[] = Object.entries(data.changes)
    .filter(([field, newValue]) => newValue !== undefined && !sameValue(report.facts[field as keyof ReportFacts], newValue))
    .map(([field, newValue]) => ({ field: field as keyof ReportFacts, oldValue: report.facts[field as keyof ReportFacts], newValue }));
  if (changes.length === 0) return [];
  return [{ type: 'ReportCorrected', data: { reportId: data.reportId, changes, reason: data.reason } }];
};

const withdraw = ({ data }: WithdrawReport, state: Report): ReportEvent[] => {
  requireOpen(state, data.reportId);
  return [{ type: 'ReportWithdrawn', data }];
};

const requireOpen = (state: Report, reportId: string): ExistingReport => {
  if (state.status === 'None') throw new ReportNotFound(reportId);
  if (state.status === 'Withdrawn') throw new ReportIsWithdrawn(reportId);
  return state;
};

export const reportDecider: Decider<ReportCommand, ReportEvent, Report> = {
  decide,
  evolve: evolveReport,
  initialState: initialReportState,
};
