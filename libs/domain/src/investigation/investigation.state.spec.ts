import { fold } from '../shared';
import { reportDecider } from '../report/report.decider';
import { anotherReportId, aReportId, received } from '../report/report.fixtures';
import { investigationDecider } from './investigation.decider';
import { hasOnlineOffence, type Investigation } from './investigation.state';
import { foundReportOf } from '../report/report-lookup';
import {
  aCaseWithSuspect,
  anOffenceId,
  aPersonId,
  chargeFiled,
  foundReport,
  investigationClosed,
  offenceClassified,
  opened,
  reportLinked,
  someOffence,
  suspectIdentified,
} from './investigation.fixtures';

describe('the investigation state', () => {
  const state = (events: Parameters<typeof investigationDecider.evolve>[1][]): Investigation =>
    fold(investigationDecider, events);
  const unknown = { type: 'SomethingElseHappened', data: {} } as never;

  it('changes nothing for an unknown event', () => {
    const open = state(aCaseWithSuspect());
    expect(investigationDecider.evolve(open, unknown)).toBe(open);
    expect(investigationDecider.evolve(investigationDecider.initialState, unknown)).toBe(
      investigationDecider.initialState,
    );
  });

  it('ignores facts that arrive before the opening, without throwing', () =>
    expect(
      state([reportLinked(), offenceClassified(), suspectIdentified(), chargeFiled(), investigationClosed()]),
    ).toEqual({
      status: 'None',
    }));

  it('exposes what other slices check: member state, reports, offences, suspects, status', () => {
    const investigation = state([
      ...aCaseWithSuspect(),
      reportLinked(),
      suspectIdentified(aPersonId, [anotherReportId]),
      chargeFiled(),
      investigationClosed(),
    ]);
    expect(investigation).toMatchObject({
      status: 'Closed',
      memberState: 'NL',
      reportIds: [aReportId, anotherReportId],
      offences: [{ offenceId: anOffenceId, onlineNexus: 'ONLINE' }],
      suspects: [{ personId: aPersonId, linkedReportIds: [aReportId, anotherReportId] }],
      closure: { outcome: 'CHARGES_FILED' },
    });
    expect(hasOnlineOffence(investigation)).toBe(true);
  });

  it('does not count an offence of unknown nexus as online', () =>
    expect(
      hasOnlineOffence(state([opened(), offenceClassified(anOffenceId, someOffence({ onlineNexus: 'UNKNOWN' }))])),
    ).toBe(false));
});

describe('a report as the handler passes it', () => {
  it('is null when the report stream has no events', () =>
    expect(foundReportOf(reportDecider.initialState)).toBeNull());

  it('carries the member state and whether the report was withdrawn', () => {
    const withdrawn = fold(reportDecider, [
      received(),
      { type: 'ReportWithdrawn', data: { reportId: aReportId, reason: 'entered in error' } },
    ]);
    expect(foundReportOf(withdrawn)).toEqual(foundReport(aReportId, { isWithdrawn: true }));
  });
});
