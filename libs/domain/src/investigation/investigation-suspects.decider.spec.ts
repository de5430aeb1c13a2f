import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { anotherReportId, aReportId, aThirdReportId } from '../report/report.fixtures';
import { investigationDecider } from './investigation.decider';
import {
  InvestigationIsClosed,
  InvestigationNotFound,
  NoChargeFiled,
  OffenceNotInInvestigation,
  PersonNotASuspect,
  ReportNotLinkedToInvestigation,
} from './investigation.errors';
import {
  aCaseWithSuspect,
  anOffenceId,
  anotherOffenceId,
  anotherPersonId,
  aPersonId,
  chargeFiled,
  closeInvestigation,
  fileCharge,
  identifySuspect,
  investigationClosed,
  opened,
  reportLinked,
  suspectIdentified,
} from './investigation.fixtures';

const given = DeciderSpecification.for(investigationDecider);

describe('identifying a suspect', () => {
  it('records the suspect with the reports traced to them', () =>
    given([opened()]).when(identifySuspect()).then([suspectIdentified()]));

  it('refuses a report that is not linked to the investigation', () =>
    given([opened()])
      .when(identifySuspect(aPersonId, [aThirdReportId]))
      .thenThrows(ReportNotLinkedToInvestigation, 'INVESTIGATION.REPORT_NOT_LINKED'));

  it('records nothing when the suspect is identified again with known reports', () =>
    given([opened(), reportLinked(), suspectIdentified(aPersonId, [aReportId, anotherReportId])])
      .when(identifySuspect(aPersonId, [anotherReportId]))
      .thenNothingHappens());

  it('adds only the newly traced reports to a known suspect', () =>
    given([opened(), reportLinked(), suspectIdentified()])
      .when(identifySuspect(aPersonId, [aReportId, anotherReportId]))
      .then([suspectIdentified(aPersonId, [anotherReportId])]));

  it('needs an existing investigation', () => given([]).when(identifySuspect()).thenThrows(InvestigationNotFound));

  it('keeps the notes given with the identification (sealed by the application)', () => {
    const notes = 'pd1:sealed-by-the-application';
    return given([opened()])
      .when({ ...identifySuspect(), data: { ...identifySuspect().data, notes } })
      .then([{ ...suspectIdentified(), data: { ...suspectIdentified().data, notes } }]);
  });

  describe('with notes, when the suspect is known', () => {
    const withNotes = <T extends { data: object }>(message: T, notes: string): T => ({
      ...message,
      data: { ...message.data, notes },
    });
    const firstNotes = 'pd1:first-notes-sealed';
    const laterNotes = 'pd1:later-notes-sealed';

    it('records new notes, with no report newly traced', () =>
      given([opened(), withNotes(suspectIdentified(), firstNotes)])
        .when(withNotes(identifySuspect(), laterNotes))
        .then([withNotes(suspectIdentified(aPersonId, []), laterNotes)]));

    it('records new notes given before any notes', () =>
      given([opened(), suspectIdentified()])
        .when(withNotes(identifySuspect(), laterNotes))
        .then([withNotes(suspectIdentified(aPersonId, []), laterNotes)]));

    it('records new notes with the newly traced reports', () =>
      given([opened(), reportLinked(), withNotes(suspectIdentified(), firstNotes)])
        .when(withNotes(identifySuspect(aPersonId, [aReportId, anotherReportId]), laterNotes))
        .then([withNotes(suspectIdentified(aPersonId, [anotherReportId]), laterNotes)]));

    it('records nothing for notes the suspect was given before, the latest or earlier ones', () =>
      given([
        opened(),
        withNotes(suspectIdentified(), firstNotes),
        withNotes(suspectIdentified(aPersonId, []), laterNotes),
      ])
        .when(withNotes(identifySuspect(), firstNotes))
        .thenNothingHappens());

    it('does not repeat known notes with the newly traced reports', () =>
      given([opened(), reportLinked(), withNotes(suspectIdentified(), firstNotes)])
        .when(withNotes(identifySuspect(aPersonId, [anotherReportId]), firstNotes))
        .then([suspectIdentified(aPersonId, [anotherReportId])]));

    it('keeps the notes of each suspect apart', () =>
      given([opened(), withNotes(suspectIdentified(anotherPersonId), firstNotes), suspectIdentified()])
        .when(withNotes(identifySuspect(), firstNotes))
        .then([withNotes(suspectIdentified(aPersonId, []), firstNotes)]));
  });

  it('is refused on a closed investigation', () =>
    given([opened(), investigationClosed('NO_FURTHER_ACTION')])
      .when(identifySuspect())
      .thenThrows(InvestigationIsClosed));
});

describe('filing a charge', () => {
  it('charges a suspect with offences of the investigation', () =>
    given(aCaseWithSuspect()).when(fileCharge()).then([chargeFiled()]));

  it('names at least one offence', () =>
    given(aCaseWithSuspect()).when(fileCharge(aPersonId, [])).thenThrows(InvalidCommand));

  it('refuses a person who is not a suspect of this investigation', () =>
    given(aCaseWithSuspect())
      .when(fileCharge(anotherPersonId))
      .thenThrows(PersonNotASuspect, 'INVESTIGATION.PERSON_NOT_SUSPECT'));

  it('refuses an offence that is not of this investigation', () =>
    given(aCaseWithSuspect())
      .when(fileCharge(aPersonId, [anOffenceId, anotherOffenceId]))
      .thenThrows(OffenceNotInInvestigation, 'INVESTIGATION.UNKNOWN_OFFENCE'));

  it('records nothing when the same charge is filed again', () =>
    given([...aCaseWithSuspect(), chargeFiled()])
      .when(fileCharge())
      .thenNothingHappens());

  it('records a further charge filed later', () =>
    given([...aCaseWithSuspect(), chargeFiled()])
      .when(fileCharge(aPersonId, [anOffenceId], '2024-06-15T09:00:00.000Z'))
      .then([chargeFiled(aPersonId, [anOffenceId], '2024-06-15T09:00:00.000Z')]));

  it('needs an existing investigation', () => given([]).when(fileCharge()).thenThrows(InvestigationNotFound));

  it('is refused on a closed investigation', () =>
    given([...aCaseWithSuspect(), chargeFiled(), investigationClosed()])
      .when(fileCharge())
      .thenThrows(InvestigationIsClosed));
});

describe('closing an investigation', () => {
  it('closes it with its outcome', () =>
    given([...aCaseWithSuspect(), chargeFiled()])
      .when(closeInvestigation())
      .then([investigationClosed()]));

  it('closes it without charges when no further action is taken', () =>
    given([opened()])
      .when(closeInvestigation('NO_FURTHER_ACTION'))
      .then([investigationClosed('NO_FURTHER_ACTION')]));

  it('cannot close with CHARGES_FILED when no charge was filed', () =>
    given(aCaseWithSuspect()).when(closeInvestigation()).thenThrows(NoChargeFiled, 'INVESTIGATION.NO_CHARGE_FILED'));

  it('cannot close before it was opened', () =>
    given([opened()])
      .when(closeInvestigation('NO_FURTHER_ACTION', '2024-03-01T00:00:00.000Z'))
      .thenThrows(InvalidCommand));

  it('needs an existing investigation', () => given([]).when(closeInvestigation()).thenThrows(InvestigationNotFound));

  it('cannot be closed twice', () =>
    given([opened(), investigationClosed('NO_FURTHER_ACTION')])
      .when(closeInvestigation('NO_FURTHER_ACTION'))
      .thenThrows(InvestigationIsClosed));
});
