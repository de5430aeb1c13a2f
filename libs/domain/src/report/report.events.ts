import type { Brand, Event, MemberState } from '../shared';
import type {
  ContentCategory,
  CountUnit,
  DuplicateBasis,
  HashAlgorithm,
  NonActionableReason,
  ProviderType,
  ReporterKind,
  SourceChannel,
} from './report.vocabulary';

export type ReportId = Brand<string, 'ReportId'>;

export interface ContentHash {
  readonly algorithm: HashAlgorithm;
  readonly value: string;
  /** The hash database the value matched, if any (e.g. NCMEC, IWF). */
  readonly matchedDatabase?: string | null;
}

export interface Provider {
  /** null when the reporter did not name the provider (e.g. a hotline report about a website). */
  readonly name: string | null;
  readonly providerType: ProviderType;
  readonly serviceName?: string | null;
}

/** The facts of a report that corrections may change; everything a statistic is computed from. */
export interface ReportFacts {
  readonly receivedAt: string;
  readonly reporterKind: ReporterKind;
  readonly sourceChannel: SourceChannel;
  readonly sourceOrganisation: string | null;
  readonly externalReference: string | null;
  readonly provider: Provider;
  readonly contentCategory: ContentCategory;
  /** null: unknown whether the provider detected it under Art. 3 of the Regulation. */
  readonly detectedUnderArt3: boolean | null;
  readonly countUnit: CountUnit;
  readonly contentHashes: readonly ContentHash[];
  /** Keyed hashes of account identifiers, never the identifiers. */
  readonly accountRefs: readonly string[];
  readonly concernedMemberStates: readonly MemberState[];
}

/** A provider or public-interest organisation's report reached the competent authority. */
export type ReportReceived = Event<'ReportReceived', { readonly reportId: ReportId; readonly memberState: MemberState } & ReportFacts>;

/** An analyst decided whether the report can be acted on; the latest assessment counts. */
export type ReportAssessed = Event<
  'ReportAssessed',
  {
    readonly reportId: ReportId;
    readonly actionable: boolean;
    readonly reasonIfNot: NonActionableReason | null;
    readonly assessedAt: string;
  }
>;

/** The report belongs to the same case as an earlier one; it stays in the totals but not in distinct cases. */
export type ReportMarkedDuplicate = Event<
  'ReportMarkedDuplicate',
  {
    readonly reportId: ReportId;
    readonly duplicateOfReportId: ReportId;
    readonly basis: DuplicateBasis;
    /**
     * True when intake matched a content hash or account by itself (actor = system): the new report's own
     * marking, or that of another group's root which the new report's keys linked to its group.
     */
    readonly isAutomatic: boolean;
  }
>;

export interface FieldChange {
  readonly field: keyof ReportFacts;
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

/** A recording error was fixed; counts use the corrected values from now on, history keeps the old. */
export type ReportCorrected = Event<
  'ReportCorrected',
  { readonly reportId: ReportId; readonly changes: readonly FieldChange[]; readonly reason: string }
>;

/** The report was entered in error: excluded from every count, kept in history. */
export type ReportWithdrawn = Event<'ReportWithdrawn', { readonly reportId: ReportId; readonly reason: string }>;

export type ReportEvent = ReportReceived | ReportAssessed | ReportMarkedDuplicate | ReportCorrected | ReportWithdrawn;

export const REPORT_EVENT_TYPES = [
  'ReportReceived',
  'ReportAssessed',
  'ReportMarkedDuplicate',
  'ReportCorrected',
  'ReportWithdrawn',
] as const satisfies readonly ReportEvent['type'][];
