import type { Command, MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import type { InvestigationId, OffenceFacts, OffenceId, PersonId } from './investigation.events';
import type { InvestigationOutcome, InvestigationTrigger } from './investigation.vocabulary';
import type { FoundReport } from '../report/report-lookup';

export type OpenInvestigation = Command<
  'OpenInvestigation',
  {
    readonly investigationId: InvestigationId;
    readonly memberState: MemberState;
    readonly openedAt: string;
    readonly reportIds: readonly ReportId[];
    readonly trigger: InvestigationTrigger;
    /** Looked up by the handler: each of reportIds read from its report stream; a missing one has no entry. */
    readonly reports: readonly FoundReport[];
  }
>;

export type LinkReportToInvestigation = Command<
  'LinkReportToInvestigation',
  {
    readonly investigationId: InvestigationId;
    readonly reportId: ReportId;
    /** Looked up by the handler from `report-<reportId>` (null: no such report). */
    readonly report: FoundReport | null;
  }
>;

export type ClassifyOffence = Command<
  'ClassifyOffence',
  { readonly investigationId: InvestigationId; readonly offenceId: OffenceId } & OffenceFacts
>;

export type IdentifySuspect = Command<
  'IdentifySuspect',
  {
    readonly investigationId: InvestigationId;
    readonly personId: PersonId;
    readonly linkedReportIds: readonly ReportId[];
    /**
     * Free text about the suspect: personal data, sealed by the application before it gets here. The same notes
     * for the same person seal to the same string while the person's key exists, so a repeat is recognised.
     */
    readonly notes?: string | null;
  }
>;

export type FileCharge = Command<
  'FileCharge',
  {
    readonly investigationId: InvestigationId;
    readonly personId: PersonId;
    readonly offenceIds: readonly OffenceId[];
    readonly filedAt: string;
  }
>;

export type CloseInvestigation = Command<
  'CloseInvestigation',
  { readonly investigationId: InvestigationId; readonly outcome: InvestigationOutcome; readonly closedAt: string }
>;

export type InvestigationCommand =
  OpenInvestigation | LinkReportToInvestigation | ClassifyOffence | IdentifySuspect | FileCharge | CloseInvestigation;
