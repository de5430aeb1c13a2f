import { DeciderSpecification } from '@registry/testing';
import { fold, InvalidCommand } from '../shared';
import { anotherReportId, aReportId } from '../report/report.fixtures';
import { investigationDecider } from './investigation.decider';
import {
  InvestigationIdAlreadyUsed,
  InvestigationIsClosed,
  InvestigationNotFound,
  InvestigationReportNotFound,
  InvestigationReportWithdrawn,
  OffenceIdAlreadyUsed,
} from './investigation.errors';
import type { FoundReport } from '../report/report-lookup';
import {
  anOffenceId,
  classifyOffence,
  foundReport,
  investigationClosed,
  linkReport,
  offenceClassified,
  openInvestigation,
  opened,
  reportLinked,
  someOffence,
} from './investigation.fixtures';

const given = DeciderSpecification.for(investigationDecider);

describe('opening an investigation', () => {
  it('opens it on its reports', () => given([]).when(openInvestigation()).then([opened()]));

  it('opens it on no report at all', () =>
    given([])
      .when(openInvestigation({ reportIds: [], reports: [] }))
      .then([opened({ reportIds: [] })]));

  it('records each report once', () =>
    given([])
      .when(openInvestigation({ reportIds: [aReportId, aReportId] }))
      .then([opened()]));

  it('refuses a report that does not exist', () =>
    given([])
      .when(openInvestigation({ reports: [] }))
      .thenThrows(InvestigationReportNotFound, 'INVESTIGATION.REPORT_NOT_FOUND'));

  it('refuses a report of another member state as if it did not exist', () =>
    given([])
      .when(openInvestigation({ reports: [foundReport(aReportId, { memberState: 'BE' })] }))
      .thenThrows(InvestigationReportNotFound));

  it('refuses a withdrawn report', () =>
    given([])
      .when(openInvestigation({ reports: [foundReport(aReportId, { isWithdrawn: true })] }))
      .thenThrows(InvestigationReportWithdrawn, 'INVESTIGATION.REPORT_WITHDRAWN'));

  it('records nothing when the same investigation is opened again, whatever the order of its reports', () =>
    given([opened({ reportIds: [aReportId, anotherReportId] })])
      .when(openInvestigation({ reportIds: [anotherReportId, aReportId], reports: [] }))
      .thenNothingHappens());

  it('refuses a reused investigation id with different facts', () =>
    given([opened()])
      .when(openInvestigation({ trigger: 'VICTIM_REPORT' }))
      .thenThrows(InvestigationIdAlreadyUsed, 'INVESTIGATION.ID_ALREADY_USED'));
});

describe('linking a report', () => {
  it('links a report of the same member state', () =>
    given([opened()])
      .when(linkReport(foundReport(anotherReportId)))
      .then([reportLinked()]));

  it('records nothing when the report is already linked', () =>
    given([opened(), reportLinked()])
      .when(linkReport(foundReport(anotherReportId)))
      .thenNothingHappens());

  it('refuses a report that does not exist', () =>
    given([opened()]).when(linkReport(null)).thenThrows(InvestigationReportNotFound));

  it('refuses a report of another member state exactly as a missing one', () => {
    const thrown = (report: FoundReport | null): unknown => {
      try {
        investigationDecider.decide(linkReport(report), fold(investigationDecider, [opened()]));
      } catch (error) {
        return error;
      }
    };
    expect(thrown(foundReport(anotherReportId, { memberState: 'BE' }))).toEqual(thrown(null));
    given([opened()])
      .when(linkReport(foundReport(anotherReportId, { memberState: 'BE' })))
      .thenThrows(InvestigationReportNotFound);
  });

  it('refuses a withdrawn report', () =>
    given([opened()])
      .when(linkReport(foundReport(anotherReportId, { isWithdrawn: true })))
      .thenThrows(InvestigationReportWithdrawn));

  it('needs an existing investigation', () =>
    given([])
      .when(linkReport(foundReport(anotherReportId)))
      .thenThrows(InvestigationNotFound, 'INVESTIGATION.NOT_FOUND'));

  it('is refused on a closed investigation', () =>
    given([opened(), investigationClosed('NO_FURTHER_ACTION')])
      .when(linkReport(foundReport(anotherReportId)))
      .thenThrows(InvestigationIsClosed, 'INVESTIGATION.CLOSED'));
});

describe('classifying an offence', () => {
  it('records the offence with its online nexus', () =>
    given([opened()]).when(classifyOffence()).then([offenceClassified()]));

  it('records nothing when the same offence is classified again identically', () =>
    given([opened(), offenceClassified()]).when(classifyOffence()).thenNothingHappens());

  it('refuses the same offence id with different data', () =>
    given([opened(), offenceClassified()])
      .when(classifyOffence(anOffenceId, someOffence({ onlineNexus: 'OFFLINE' })))
      .thenThrows(OffenceIdAlreadyUsed, 'INVESTIGATION.OFFENCE_ID_ALREADY_USED'));

  it('needs the national provision', () =>
    given([opened()])
      .when(classifyOffence(anOffenceId, someOffence({ nationalProvision: ' ' })))
      .thenThrows(InvalidCommand, 'COMMAND.INVALID'));

  it('needs an existing investigation', () => given([]).when(classifyOffence()).thenThrows(InvestigationNotFound));

  it('is refused on a closed investigation', () =>
    given([opened(), investigationClosed('NO_FURTHER_ACTION')])
      .when(classifyOffence())
      .thenThrows(InvestigationIsClosed));
});
