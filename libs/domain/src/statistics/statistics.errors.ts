import { DomainError } from '../shared';

/** A withdrawal needs a declaration that stands for that year and metric. */
export class NoDataNotAvailableDeclaration extends DomainError {
  readonly code = 'STATISTICS.NO_DECLARATION';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly memberState: string,
    readonly year: number,
    readonly metric: string,
  ) {
    super(`No declaration that ${metric} ${year} is not available stands for ${memberState}`, {
      memberState,
      year,
      metric,
    });
  }
}
