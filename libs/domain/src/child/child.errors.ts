import { DomainError } from '../shared';

export class ChildNotFound extends DomainError {
  readonly code = 'CHILD.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly childId: string) {
    super(`Child record ${childId} does not exist`, { childId });
  }
}

/** The same childId was identified before with different facts: not an idempotent repeat. */
export class ChildIdAlreadyUsed extends DomainError {
  readonly code = 'CHILD.ID_ALREADY_USED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly childId: string) {
    super(`Child record ${childId} was already identified with different facts`, { childId });
  }
}

export class ChildRecordIsMerged extends DomainError {
  readonly code = 'CHILD.MERGED';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly childId: string,
    readonly mergedInto: string,
  ) {
    super(`Child record ${childId} was merged into ${mergedInto} and accepts no new facts`, { childId, mergedInto });
  }
}

/** Missing, or of another member state: both answer the same, so nothing leaks across member states. */
export class ChildInvestigationNotFound extends DomainError {
  readonly code = 'CHILD.INVESTIGATION_NOT_FOUND';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly investigationId: string) {
    super(`Investigation ${investigationId} cannot be referred to: no such investigation`, { investigationId });
  }
}

/** Missing, or of another member state: both answer the same. */
export class ChildReportNotFound extends DomainError {
  readonly code = 'CHILD.REPORT_NOT_FOUND';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} cannot be linked: no such report`, { reportId });
  }
}

export class ChildReportWithdrawn extends DomainError {
  readonly code = 'CHILD.REPORT_WITHDRAWN';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} cannot be linked: it was withdrawn`, { reportId });
  }
}

export class ChildMergeTargetInvalid extends DomainError {
  readonly code = 'CHILD.MERGE_TARGET_INVALID';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly duplicateChildId: string,
    readonly childId: string,
    why: string,
  ) {
    super(`Child record ${duplicateChildId} cannot be merged into ${childId}: ${why}`, { duplicateChildId, childId });
  }
}
