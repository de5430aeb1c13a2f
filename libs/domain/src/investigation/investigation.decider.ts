import { assertNever, InvalidCommand, type Decider, type MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import type {
  ClassifyOffence,
  CloseInvestigation,
  FileCharge,
  IdentifySuspect,
  InvestigationCommand,
  LinkReportToInvestigation,
  OpenInvestigation,
} from './investigation.commands';
import {
  InvestigationIdAlreadyUsed,
  InvestigationIsClosed,
  InvestigationNotFound,
  InvestigationReportNotFound,
  InvestigationReportWithdrawn,
  NoChargeFiled,
  OffenceIdAlreadyUsed,
  OffenceNotInInvestigation,
  PersonNotASuspect,
  ReportNotLinkedToInvestigation,
} from './investigation.errors';
import type { InvestigationEvent } from './investigation.events';
import {
  evolveInvestigation,
  initialInvestigationState,
  type ExistingInvestigation,
  type Investigation,
} from './investigation.state';
import { distinct, findReportProblem, type FoundReport } from '../report/report-lookup';
import { sameIds, sameValue } from '../shared/same-value';

const decide = (command: InvestigationCommand, state: Investigation): InvestigationEvent[] => {
  switch (command.type) {
    case 'OpenInvestigation':
      return open(command, state);
    case 'LinkReportToInvestigation':
      return linkReport(command, state);
    case 'ClassifyOffence':
      return classifyOffence(command, state);
    case 'IdentifySuspect':
      return identifySuspect(command, state);
    case 'FileCharge':
      return fileCharge(command, state);
    case 'CloseInvestigation':
      return close(command, state);
    default:
      return assertNever(command);
  }
};

const open = ({ data }: OpenInvestigation, state: Investigation): InvestigationEvent[] => {
  const { reports, ...facts } = data;
  const opened = { ...facts, reportIds: distinct(facts.reportIds) };
  if (state.status !== 'None') {
    // A retried OpenInvestigation changes nothing; the same id with other facts is an error.
    const { reportIds: knownReportIds, ...known } = state.opened;
    const { reportIds, ...asked } = opened;
    if (sameValue(known, asked) && sameIds(knownReportIds, reportIds)) return [];
    throw new InvestigationIdAlreadyUsed(data.investigationId);
  }
  requireLinkable(opened.reportIds, reports, opened.memberState);
  return [{ type: 'InvestigationOpened', data: opened }];
};

const linkReport = ({ data }: LinkReportToInvestigation, state: Investigation): InvestigationEvent[] => {
  const investigation = requireOpen(state, data.investigationId);
  if (investigation.reportIds.includes(data.reportId)) return [];
  requireLinkable([data.reportId], data.report ? [data.report] : [], investigation.memberState);
  return [
    { type: 'ReportLinkedToInvestigation', data: { investigationId: data.investigationId, reportId: data.reportId } },
  ];
};

const classifyOffence = ({ data }: ClassifyOffence, state: Investigation): InvestigationEvent[] => {
  const investigation = requireOpen(state, data.investigationId);
  const { investigationId, ...offence } = data;
  const known = investigation.offences.find((candidate) => candidate.offenceId === data.offenceId);
  if (known) {
    if (sameValue(known, offence)) return [];
    throw new OffenceIdAlreadyUsed(investigationId, data.offenceId);
  }
  if (data.nationalProvision.trim() === '')
    throw new InvalidCommand('nationalProvision', 'an offence names its national provision');
  return [{ type: 'OffenceClassified', data }];
};

const identifySuspect = ({ data }: IdentifySuspect, state: Investigation): InvestigationEvent[] => {
  const investigation = requireOpen(state, data.investigationId);
  const linkedReportIds = distinct(data.linkedReportIds);
  const notLinked = linkedReportIds.find((reportId) => !investigation.reportIds.includes(reportId));
  if (notLinked) throw new ReportNotLinkedToInvestigation(data.investigationId, notLinked);
  const known = investigation.suspects.find((suspect) => suspect.personId === data.personId);
  // Identifying a known suspect again only adds what is new: the reports newly traced to them, and notes unlike
  // any they were given before (equal notes arrive sealed as equal strings, so a retry adds nothing).
  const added = known
    ? linkedReportIds.filter((reportId) => !known.linkedReportIds.includes(reportId))
    : linkedReportIds;
  const notes = data.notes && !known?.notes.includes(data.notes) ? data.notes : null;
  if (known && added.length === 0 && notes === null) return [];
  const { investigationId, personId } = data;
  const identified = { investigationId, personId, linkedReportIds: added, ...(notes ? { notes } : {}) };
  return [{ type: 'SuspectIdentified', data: identified }];
};

const fileCharge = ({ data }: FileCharge, state: Investigation): InvestigationEvent[] => {
  const investigation = requireOpen(state, data.investigationId);
  const offenceIds = distinct(data.offenceIds);
  if (offenceIds.length === 0) throw new InvalidCommand('offenceIds', 'a charge names at least one offence');
  if (!investigation.suspects.some((suspect) => suspect.personId === data.personId)) {
    throw new PersonNotASuspect(data.investigationId, data.personId);
  }
  const unknown = offenceIds.find(
    (offenceId) => !investigation.offences.some((offence) => offence.offenceId === offenceId),
  );
  if (unknown) throw new OffenceNotInInvestigation(data.investigationId, unknown);
  const isRetry = investigation.charges.some(
    (charge) =>
      charge.personId === data.personId && charge.filedAt === data.filedAt && sameIds(charge.offenceIds, offenceIds),
  );
  if (isRetry) return [];
  return [{ type: 'ChargeFiled', data: { ...data, offenceIds } }];
};

const close = ({ data }: CloseInvestigation, state: Investigation): InvestigationEvent[] => {
  const investigation = requireOpen(state, data.investigationId);
  if (Date.parse(data.closedAt) < Date.parse(investigation.opened.openedAt)) {
    throw new InvalidCommand('closedAt', 'an investigation cannot close before it was opened');
  }
  if (data.outcome === 'CHARGES_FILED' && investigation.charges.length === 0)
    throw new NoChargeFiled(data.investigationId);
  return [{ type: 'InvestigationClosed', data }];
};

const requireOpen = (state: Investigation, investigationId: string): ExistingInvestigation => {
  if (state.status === 'None') throw new InvestigationNotFound(investigationId);
  if (state.status === 'Closed') throw new InvestigationIsClosed(investigationId);
  return state;
};

const requireLinkable = (
  reportIds: readonly ReportId[],
  found: readonly FoundReport[],
  memberState: MemberState,
): void => {
  const problem = findReportProblem(reportIds, found, memberState);
  if (problem?.problem === 'NOT_FOUND') throw new InvestigationReportNotFound(problem.reportId);
  if (problem?.problem === 'WITHDRAWN') throw new InvestigationReportWithdrawn(problem.reportId);
};

export const investigationDecider: Decider<InvestigationCommand, InvestigationEvent, Investigation> = {
  decide,
  evolve: evolveInvestigation,
  initialState: initialInvestigationState,
};
