import { DomainError } from '@registry/domain';
import type { ChildFigures, ConvictionFigures, ReportFigures } from '@registry/projections';

export class StatisticsInvariantViolated extends DomainError {
  readonly code = 'STATISTICS.INVARIANT_VIOLATED';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly memberState: string,
    readonly year: number,
    readonly violations: readonly string[],
  ) {
    super(`The Art. 8 figures for ${memberState} ${year} break their invariants: ${violations.join('; ')}`, { violations });
  }
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);

/**
 * domain.md's invariants, checked on every document produced: a violation means a projection bug or a
 * corrupted read model, and is reported as an error, never printed as a number.
 */
export const invariantViolations = (a: ReportFigures, b: ChildFigures, c: ConvictionFigures): string[] => {
  const violations: string[] = [];
  const check = (holds: boolean, description: string) => {
    if (!holds) violations.push(description);
  };
  check(a.distinctCases <= a.totalReports, 'a.distinctCases ≤ a.totalReports');
  check(a.casesReportedMultipleTimes <= a.distinctCases, 'a.casesReportedMultipleTimes ≤ a.distinctCases');
  check(a.repeatReports === a.totalReports - a.distinctCases, 'a.repeatReports = a.totalReports − a.distinctCases');
  check(a.actionableReports + a.unassessedReports <= a.totalReports, 'a.actionableReports + a.unassessedReports ≤ a.totalReports');
  check(a.reportsInInvestigations <= a.totalReports, 'a.reportsInInvestigations ≤ a.totalReports');
  for (const key of ['byReporterKind', 'bySourceChannel', 'byProviderType', 'byContentCategory'] as const) {
    check(sum(a[key]) === a.totalReports, `a.${key} sums to a.totalReports`);
  }
  for (const key of ['art3', 'allRoutes', 'onlineOnly', 'onlineNexusUnknown'] as const) {
    const { female, male, notStated, total } = b[key];
    check(female + male + notStated === total, `b.${key}: female + male + notStated = total`);
  }
  check(b.art3.total <= b.allRoutes.total, 'b.art3.total ≤ b.allRoutes.total');
  // Online and unknown nexus are disjoint parts of all routes, sex by sex.
  for (const sex of ['female', 'male', 'notStated', 'total'] as const) {
    check(
      b.onlineOnly[sex] + b.onlineNexusUnknown[sex] <= b.allRoutes[sex],
      `b.onlineOnly.${sex} + b.onlineNexusUnknown.${sex} ≤ b.allRoutes.${sex}`,
    );
  }
  check(c.convictedPersonsFinal <= c.convictedPersons, 'c.convictedPersonsFinal ≤ c.convictedPersons');
  check(c.convictedPersons <= c.convictions, 'c.convictedPersons ≤ c.convictions');
  check(c.convictedPersonsOnlineOffences <= c.convictedPersons, 'c.convictedPersonsOnlineOffences ≤ c.convictedPersons');
  check(c.convictedPersonsLinkedToReports <= c.convictedPersons, 'c.convictedPersonsLinkedToReports ≤ c.convictedPersons');
  check(
    c.convictedPersonsOnlineOffences + c.convictedPersonsOnlineNexusUnknown <= c.convictedPersons,
    'c.convictedPersonsOnlineOffences + c.convictedPersonsOnlineNexusUnknown ≤ c.convictedPersons',
  );
  return violations;
};
