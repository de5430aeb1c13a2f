import type { ChildFigures, ConvictionFigures, ReportFigures } from '@registry/projections';
import { invariantViolations } from './invariants';

const sexes = (female: number, male: number, notStated: number) => ({
  female,
  male,
  notStated,
  total: female + male + notStated,
});
const a: ReportFigures = {
  totalReports: 0,
  distinctCases: 0,
  casesReportedMultipleTimes: 0,
  repeatReports: 0,
  actionableReports: 0,
  unassessedReports: 0,
  reportsInInvestigations: 0,
  investigationsOpened: 0,
  byReporterKind: {},
  bySourceChannel: {},
  byProviderType: {},
  byContentCategory: {},
  otherCountUnits: {},
};
const b: ChildFigures = {
  art3: sexes(1, 1, 0),
  allRoutes: sexes(3, 2, 1),
  onlineOnly: sexes(2, 1, 0),
  onlineNexusUnknown: sexes(1, 1, 1),
};
const c: ConvictionFigures = {
  convictedPersons: 5,
  convictions: 6,
  convictedPersonsFinal: 4,
  convictedPersonsOnlineOffences: 3,
  convictedPersonsLinkedToReports: 2,
  convictedPersonsOnlineNexusUnknown: 2,
};

describe('the invariants of the Art. 8 figures', () => {
  it('hold for consistent figures', () => expect(invariantViolations(a, b, c)).toEqual([]));

  it('online and unknown nexus are disjoint parts of all routes, sex by sex', () =>
    expect(invariantViolations(a, { ...b, onlineNexusUnknown: sexes(2, 1, 1) }, c)).toEqual([
      'b.onlineOnly.female + b.onlineNexusUnknown.female ≤ b.allRoutes.female',
      'b.onlineOnly.total + b.onlineNexusUnknown.total ≤ b.allRoutes.total',
    ]));

  it('the unknown nexus group adds up to its total', () =>
    expect(
      invariantViolations(a, { ...b, onlineNexusUnknown: { female: 1, male: 1, notStated: 1, total: 2 } }, c),
    ).toEqual(['b.onlineNexusUnknown: female + male + notStated = total']));

  it('persons convicted online and of unknown nexus are disjoint parts of the convicted persons', () =>
    expect(invariantViolations(a, b, { ...c, convictedPersonsOnlineNexusUnknown: 3 })).toEqual([
      'c.convictedPersonsOnlineOffences + c.convictedPersonsOnlineNexusUnknown ≤ c.convictedPersons',
    ]));
});
