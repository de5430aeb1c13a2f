import { DomainError } from '../shared';

export class ReportNotFound extends DomainError {
  readonly code = 'REPORT.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} does not exist`, { reportId });
  }
}

/** The same reportId was recorded before with different facts: not an idempotent repeat. */
export class ReportIdAlreadyUsed extends DomainError {
  readonly code = 'REPORT.ID_ALREADY_USED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} was already recorded with different facts`, { reportId });
  }
}

export class ReportIsWithdrawn extends DomainError {
  readonly code = 'REPORT.WITHDRAWN';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} was withdrawn and accepts no further changes`, { reportId });
  }
}

export class DuplicateTargetInvalid extends DomainError {
  readonly code = 'REPORT.DUPLICATE_TARGET_INVALID';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly reportId: string,
    readonly duplicateOfReportId: string,
    why: string,
  ) {
    super(`Report ${reportId} cannot be marked a duplicate of ${duplicateOfReportId}: ${why}`, { reportId, duplicateOfReportId });
  }
}

export class ReportAlreadyDuplicate extends DomainError {
  readonly code = 'REPORT.ALREADY_DUPLICATE';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly reportId: string,
    readonly duplicateOfReportId: string,
  ) {
    super(`Report ${reportId} is already a duplicate of ${duplicateOfReportId}`, { reportId, duplicateOfReportId });
  }
}
