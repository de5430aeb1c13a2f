import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { anotherReportId, aReportId } from '../report/report.fixtures';
import { foundReport } from '../investigation/investigation.fixtures';
import { childDecider } from './child.decider';
import {
  ChildIdAlreadyUsed,
  ChildInvestigationNotFound,
  ChildNotFound,
  ChildRecordIsMerged,
  ChildReportNotFound,
  ChildReportWithdrawn,
} from './child.errors';
import {
  childIdentified,
  childRecordCorrected,
  childRecordsMerged,
  correctChildRecord,
  identifyChild,
  someChildFacts,
} from './child.fixtures';

const given = DeciderSpecification.for(childDecider);

describe('identifying a child', () => {
  it('records the child with its investigation, route and sex', () =>
    given([]).when(identifyChild()).then([childIdentified()]));

  it('records an age band of UNKNOWN when none is given', () => {
    const { ageBand: _, ...withoutAgeBand } = identifyChild().data;
    return given([])
      .when({ type: 'IdentifyChild', data: withoutAgeBand })
      .then([childIdentified(undefined, undefined, someChildFacts({ ageBand: 'UNKNOWN' }))]);
  });

  it('records each linked report once', () =>
    given([])
      .when(identifyChild({ linkedReportIds: [aReportId, aReportId] }))
      .then([childIdentified()]));

  it('accepts an unknown residence', () =>
    given([])
      .when(identifyChild({ residence: null }))
      .then([childIdentified(undefined, undefined, someChildFacts({ residence: null }))]));

  it('refuses a residence that is not a country code', () =>
    given([])
      .when(identifyChild({ residence: 'Netherlands' }))
      .thenThrows(InvalidCommand, 'COMMAND.INVALID'));

  it('refuses an investigation that does not exist', () =>
    given([])
      .when(identifyChild({ investigation: null }))
      .thenThrows(ChildInvestigationNotFound, 'CHILD.INVESTIGATION_NOT_FOUND'));

  it('refuses an investigation of another member state as if it did not exist', () =>
    given([])
      .when(identifyChild({ investigation: { memberState: 'BE' } }))
      .thenThrows(ChildInvestigationNotFound));

  it('refuses a linked report that does not exist', () =>
    given([])
      .when(identifyChild({ reports: [] }))
      .thenThrows(ChildReportNotFound, 'CHILD.REPORT_NOT_FOUND'));

  it('refuses a linked report of another member state as if it did not exist', () =>
    given([])
      .when(identifyChild({ reports: [foundReport(aReportId, { memberState: 'BE' })] }))
      .thenThrows(ChildReportNotFound));

  it('refuses a withdrawn linked report', () =>
    given([])
      .when(identifyChild({ reports: [foundReport(aReportId, { isWithdrawn: true })] }))
      .thenThrows(ChildReportWithdrawn, 'CHILD.REPORT_WITHDRAWN'));

  it('records nothing when the same child is identified again', () =>
    given([childIdentified()])
      .when(identifyChild({ investigation: null, reports: [] }))
      .thenNothingHappens());

  it('refuses a reused child id with different facts', () =>
    given([childIdentified()])
      .when(identifyChild({ sex: 'MALE' }))
      .thenThrows(ChildIdAlreadyUsed, 'CHILD.ID_ALREADY_USED'));
});

describe('correcting a child record', () => {
  it('records each changed field with its old and new value', () =>
    given([childIdentified()])
      .when(correctChildRecord({ sex: 'NOT_STATED', ageBand: '12-15' }))
      .then([childRecordCorrected([{ field: 'sex', oldValue: 'FEMALE', newValue: 'NOT_STATED' }])]));

  it('compares with the corrected facts, not the original ones', () =>
    given([childIdentified(), childRecordCorrected([{ field: 'sex', oldValue: 'FEMALE', newValue: 'MALE' }])])
      .when(correctChildRecord({ sex: 'MALE' }))
      .thenNothingHappens());

  it('records nothing when no value changes, whatever the order of linked reports', () =>
    given([childIdentified(undefined, undefined, someChildFacts({ linkedReportIds: [aReportId, anotherReportId] }))])
      .when(correctChildRecord({ linkedReportIds: [anotherReportId, aReportId], residence: 'NL' }, []))
      .thenNothingHappens());

  it('links a further report of the same member state', () =>
    given([childIdentified()])
      .when(correctChildRecord({ linkedReportIds: [aReportId, anotherReportId] }, [foundReport(anotherReportId)]))
      .then([
        childRecordCorrected([
          { field: 'linkedReportIds', oldValue: [aReportId], newValue: [aReportId, anotherReportId] },
        ]),
      ]));

  it('refuses a newly linked report that does not exist', () =>
    given([childIdentified()])
      .when(correctChildRecord({ linkedReportIds: [aReportId, anotherReportId] }, []))
      .thenThrows(ChildReportNotFound));

  it('refuses a residence that is not a country code', () =>
    given([childIdentified()])
      .when(correctChildRecord({ residence: 'nl' }))
      .thenThrows(InvalidCommand));

  it('refuses a field that cannot be corrected', () =>
    given([childIdentified()])
      .when(correctChildRecord({ memberState: 'BE' } as never))
      .thenThrows(InvalidCommand));

  it('needs a reason', () =>
    given([childIdentified()])
      .when({
        ...correctChildRecord({ sex: 'MALE' }),
        data: { ...correctChildRecord({ sex: 'MALE' }).data, reason: '' },
      })
      .thenThrows(InvalidCommand));

  it('cannot correct a record that does not exist', () =>
    given([])
      .when(correctChildRecord({ sex: 'MALE' }))
      .thenThrows(ChildNotFound, 'CHILD.NOT_FOUND'));

  it('cannot correct a merged record', () =>
    given([childIdentified(), childRecordsMerged()])
      .when(correctChildRecord({ sex: 'MALE' }))
      .thenThrows(ChildRecordIsMerged, 'CHILD.MERGED'));
});
