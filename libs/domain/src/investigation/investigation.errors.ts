import { DomainError } from '../shared';

export class InvestigationNotFound extends DomainError {
  readonly code = 'INVESTIGATION.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(readonly investigationId: string) {
    super(`Investigation ${investigationId} does not exist`, { investigationId });
  }
}

/** The same investigationId was opened before with different facts: not an idempotent repeat. */
export class InvestigationIdAlreadyUsed extends DomainError {
  readonly code = 'INVESTIGATION.ID_ALREADY_USED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly investigationId: string) {
    super(`Investigation ${investigationId} was already opened with different facts`, { investigationId });
  }
}

export class InvestigationIsClosed extends DomainError {
  readonly code = 'INVESTIGATION.CLOSED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly investigationId: string) {
    super(`Investigation ${investigationId} is closed and accepts no new facts`, { investigationId });
  }
}

/** Missing, or of another member state: both answer the same, so nothing leaks across member states. */
export class InvestigationReportNotFound extends DomainError {
  readonly code = 'INVESTIGATION.REPORT_NOT_FOUND';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} cannot be linked: no such report`, { reportId });
  }
}

export class InvestigationReportWithdrawn extends DomainError {
  readonly code = 'INVESTIGATION.REPORT_WITHDRAWN';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly reportId: string) {
    super(`Report ${reportId} cannot be linked: it was withdrawn`, { reportId });
  }
}

/** A suspect can only be traced to reports that are linked to the investigation. */
export class ReportNotLinkedToInvestigation extends DomainError {
  readonly code = 'INVESTIGATION.REPORT_NOT_LINKED';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly investigationId: string,
    readonly reportId: string,
  ) {
    super(`Report ${reportId} is not linked to investigation ${investigationId}`, { investigationId, reportId });
  }
}

export class OffenceIdAlreadyUsed extends DomainError {
  readonly code = 'INVESTIGATION.OFFENCE_ID_ALREADY_USED';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly investigationId: string,
    readonly offenceId: string,
  ) {
    super(`Offence ${offenceId} was already classified differently in investigation ${investigationId}`, {
      investigationId,
      offenceId,
    });
  }
}

export class OffenceNotInInvestigation extends DomainError {
  readonly code = 'INVESTIGATION.UNKNOWN_OFFENCE';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly investigationId: string,
    readonly offenceId: string,
  ) {
    super(`Offence ${offenceId} is not an offence of investigation ${investigationId}`, { investigationId, offenceId });
  }
}

export class PersonNotASuspect extends DomainError {
  readonly code = 'INVESTIGATION.PERSON_NOT_SUSPECT';
  readonly kind = 'RuleViolated' as const;
  constructor(
    readonly investigationId: string,
    readonly personId: string,
  ) {
    super(`Person ${personId} is not a suspect of investigation ${investigationId}`, { investigationId, personId });
  }
}

/** An investigation cannot end in CHARGES_FILED when no charge was filed in it. */
export class NoChargeFiled extends DomainError {
  readonly code = 'INVESTIGATION.NO_CHARGE_FILED';
  readonly kind = 'RuleViolated' as const;
  constructor(readonly investigationId: string) {
    super(`Investigation ${investigationId} has no filed charge, so it cannot close with CHARGES_FILED`, {
      investigationId,
    });
  }
}
