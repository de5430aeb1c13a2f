import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { reportDecider } from './report.decider';
import { DuplicateTargetInvalid, ReportAlreadyDuplicate, ReportIdAlreadyUsed, ReportIsWithdrawn, ReportNotFound } from './report.errors';
import type { ReportEvent } from './report.events';
import type { DuplicateTarget } from './report.commands';
import { aReportId, anotherReportId, aThirdReportId, received, recordReport, someFacts } from './report.fixtures';

const given = DeciderSpecification.for(reportDecider);
const withdrawn: ReportEvent = { type: 'ReportWithdrawn', data: { reportId: aReportId, reason: 'entered in error' } };
const target = (overrides: Partial<DuplicateTarget> = {}): DuplicateTarget => ({
  memberState: 'NL',
  rootReportId: anotherReportId,
  isWithdrawn: false,
  ...overrides,
});
const markDuplicate = (t: DuplicateTarget | null, duplicateOfReportId = anotherReportId) =>
  ({ type: 'MarkReportDuplicate', data: { reportId: aReportId, duplicateOfReportId, basis: 'MANUAL', target: t } }) as const;

describe('recording a report', () => {
  it('records a new report as received', () => given([]).when(recordReport()).then([received()]));

  it('marks it a duplicate at intake when an earlier report shares a content hash', () =>
    given([])
      .when(recordReport(aReportId, 'NL', someFacts(), { duplicateOfReportId: anotherReportId, basis: 'SAME_CONTENT_HASH' }))
      .then([
        received(),
        {
          type: 'ReportMarkedDuplicate',
          data: { reportId: aReportId, duplicateOfReportId: anotherReportId, basis: 'SAME_CONTENT_HASH', isAutomatic: true },
        },
      ]));

  it('ignores an intake match that points at the report itself', () =>
    given([])
      .when(recordReport(aReportId, 'NL', someFacts(), { duplicateOfReportId: aReportId, basis: 'SAME_ACCOUNT' }))
      .then([received()]));

  it('records nothing when the same report is recorded again', () =>
    given([received()]).when(recordReport()).thenNothingHappens());

  it('refuses a reused report id with different facts', () =>
    given([received()])
      .when(recordReport(aReportId, 'NL', someFacts({ contentCategory: 'SEXTORTION' })))
      .thenThrows(ReportIdAlreadyUsed, 'REPORT.ID_ALREADY_USED'));

  it('refuses a reused report id for another member state', () =>
    given([received()]).when(recordReport(aReportId, 'BE')).thenThrows(ReportIdAlreadyUsed));
});

describe('assessing a report', () => {
  const assess = (actionable: boolean, reasonIfNot: 'NOT_CSAM' | null) =>
    ({ type: 'AssessReport', data: { reportId: aReportId, actionable, reasonIfNot, assessedAt: '2024-03-02T09:00:00.000Z' } }) as const;

  it('records an actionable assessment', () =>
    given([received()]).when(assess(true, null)).then([{ type: 'ReportAssessed', data: assess(true, null).data }]));

  it('records a non-actionable assessment with its reason', () =>
    given([received()]).when(assess(false, 'NOT_CSAM')).then([{ type: 'ReportAssessed', data: assess(false, 'NOT_CSAM').data }]));

  it('appends a re-assessment: the latest counts', () =>
    given([received(), { type: 'ReportAssessed', data: assess(false, 'NOT_CSAM').data }])
      .when(assess(true, null))
      .then([{ type: 'ReportAssessed', data: assess(true, null).data }]));

  it('needs a reason when the report is not actionable', () =>
    given([received()]).when(assess(false, null)).thenThrows(InvalidCommand));

  it('takes no reason when the report is actionable', () =>
    given([received()]).when(assess(true, 'NOT_CSAM')).thenThrows(InvalidCommand));

  it('cannot assess a report that does not exist', () => given([]).when(assess(true, null)).thenThrows(ReportNotFound));

  it('cannot assess a withdrawn report', () =>
    given([received(), withdrawn]).when(assess(true, null)).thenThrows(ReportIsWithdrawn));
});

describe('marking a report a duplicate', () => {
  it('points the report at the root of the target group', () =>
    given([received()])
      .when(markDuplicate(target({ rootReportId: aThirdReportId })))
      .then([
        {
          type: 'ReportMarkedDuplicate',
          data: { reportId: aReportId, duplicateOfReportId: aThirdReportId, basis: 'MANUAL', isAutomatic: false },
        },
      ]));

  it('is allowed across years', () =>
    given([received(aReportId, 'NL', someFacts({ receivedAt: '2024-01-05T00:00:00.000Z' }))])
      .when(markDuplicate(target()))
      .then([
        {
          type: 'ReportMarkedDuplicate',
          data: { reportId: aReportId, duplicateOfReportId: anotherReportId, basis: 'MANUAL', isAutomatic: false },
        },
      ]));

  it('says when intake marked it: a new report linked its group to the target\'s (actor = system)', () =>
    given([received()])
      .when({
        type: 'MarkReportDuplicate',
        data: { ...markDuplicate(target()).data, basis: 'SAME_ACCOUNT', isAutomatic: true },
      })
      .then([
        {
          type: 'ReportMarkedDuplicate',
          data: { reportId: aReportId, duplicateOfReportId: anotherReportId, basis: 'SAME_ACCOUNT', isAutomatic: true },
        },
      ]));

  it('refuses a target that does not exist', () =>
    given([received()]).when(markDuplicate(null)).thenThrows(DuplicateTargetInvalid));

  it('refuses a target of another member state as if it did not exist', () =>
    given([received()]).when(markDuplicate(target({ memberState: 'BE' }))).thenThrows(DuplicateTargetInvalid));

  it('refuses a withdrawn target', () =>
    given([received()]).when(markDuplicate(target({ isWithdrawn: true }))).thenThrows(DuplicateTargetInvalid));

  it('refuses a cycle: the target group is rooted at this report', () =>
    given([received()]).when(markDuplicate(target({ rootReportId: aReportId }))).thenThrows(DuplicateTargetInvalid));

  it('records nothing when already a duplicate of the same group', () =>
    given([
      received(),
      { type: 'ReportMarkedDuplicate', data: { reportId: aReportId, duplicateOfReportId: anotherReportId, basis: 'MANUAL', isAutomatic: false } },
    ])
      .when(markDuplicate(target()))
      .thenNothingHappens());

  it('refuses to move a duplicate to another group', () =>
    given([
      received(),
      { type: 'ReportMarkedDuplicate', data: { reportId: aReportId, duplicateOfReportId: aThirdReportId, basis: 'MANUAL', isAutomatic: false } },
    ])
      .when(markDuplicate(target()))
      .thenThrows(ReportAlreadyDuplicate));

  it('cannot mark a report that does not exist', () => given([]).when(markDuplicate(target())).thenThrows(ReportNotFound));

  it('cannot mark a withdrawn report', () =>
    given([received(), withdrawn]).when(markDuplicate(target())).thenThrows(ReportIsWithdrawn));
});

describe('correcting a report', () => {
  const correct = (changes: object) =>
    ({ type: 'CorrectReport', data: { reportId: aReportId, changes, reason: 'provider type mis-keyed' } }) as const;

  it('records each changed field with its old and new value', () =>
    given([received()])
      .when(correct({ contentCategory: 'SEXTORTION', detectedUnderArt3: true }))
      .then([
        {
          type: 'ReportCorrected',
          data: {
            reportId: aReportId,
            changes: [{ field: 'contentCategory', oldValue: 'KNOWN_CSAM', newValue: 'SEXTORTION' }],
            reason: 'provider type mis-keyed',
          },
        },
      ]));

  it('compares with the corrected facts, not the original ones', () =>
    given([
      received(),
      {
        type: 'ReportCorrected',
        data: { reportId: aReportId, changes: [{ field: 'contentCategory', oldValue: 'KNOWN_CSAM', newValue: 'SEXTORTION' }], reason: 'x' },
      },
    ])
      .when(correct({ contentCategory: 'SEXTORTION' }))
      .thenNothingHappens());

  it('records nothing when no value changes', () => given([received()]).when(correct({ countUnit: 'REPORT' })).thenNothingHappens());

  it('cannot correct a report that does not exist', () => given([]).when(correct({ countUnit: 'URL' })).thenThrows(ReportNotFound));

  it('cannot correct a withdrawn report', () =>
    given([received(), withdrawn]).when(correct({ countUnit: 'URL' })).thenThrows(ReportIsWithdrawn));
});

describe('withdrawing a report', () => {
  const withdraw = { type: 'WithdrawReport', data: { reportId: aReportId, reason: 'entered in error' } } as const;

  it('withdraws a report entered in error', () => given([received()]).when(withdraw).then([withdrawn]));

  it('cannot withdraw a report that does not exist', () => given([]).when(withdraw).thenThrows(ReportNotFound));

  it('cannot withdraw a report twice', () => given([received(), withdrawn]).when(withdraw).thenThrows(ReportIsWithdrawn));
});
