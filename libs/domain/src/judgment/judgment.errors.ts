import { DomainError } from '../shared';

export class JudgmentNotFound extends DomainError {
  readonly code = 'JUDGMENT.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly judgmentId: string) {
    super(`Judgment ${judgmentId} does not exist`, { judgmentId });
  }
}

/** The same judgmentId was recorded before with different facts: not an idempotent repeat. */
export class JudgmentIdAlreadyUsed extends DomainError {
  readonly code = 'JUDGMENT.ID_ALREADY_USED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly judgmentId: string) {
    super(`Judgment ${judgmentId} was already recorded with different facts`, { judgmentId });
  }
}

/** Missing, or of another member state: both answer the same, so nothing leaks across member states. */
export class JudgmentInvestigationNotFound extends DomainError {
  readonly code = 'JUDGMENT.INVESTIGATION_NOT_FOUND';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly investigationId: string) {
    super(`Investigation ${investigationId} cannot be referred to: no such investigation`, { investigationId });
  }
}

export class JudgedPersonNotASuspect extends DomainError {
  readonly code = 'JUDGMENT.PERSON_NOT_SUSPECT';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly investigationId: string,
    readonly personId: string,
  ) {
    super(`Person ${personId} is not a suspect of investigation ${investigationId}`, { investigationId, personId });
  }
}

export class ConvictedOffenceNotInInvestigation extends DomainError {
  readonly code = 'JUDGMENT.UNKNOWN_OFFENCE';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly investigationId: string,
    readonly offenceId: string,
  ) {
    super(`Offence ${offenceId} is not an offence of investigation ${investigationId}`, { investigationId, offenceId });
  }
}

export class JudgmentIsFinal extends DomainError {
  readonly code = 'JUDGMENT.FINAL';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly judgmentId: string) {
    super(`Judgment ${judgmentId} is final`, { judgmentId });
  }
}

export class AppealPending extends DomainError {
  readonly code = 'JUDGMENT.APPEAL_PENDING';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly judgmentId: string) {
    super(`An appeal against judgment ${judgmentId} is pending`, { judgmentId });
  }
}

export class NoAppealPending extends DomainError {
  readonly code = 'JUDGMENT.NO_APPEAL_PENDING';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly judgmentId: string) {
    super(`No appeal against judgment ${judgmentId} is pending`, { judgmentId });
  }
}
