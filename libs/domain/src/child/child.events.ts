import type { Brand, Event, MemberState } from '../shared';
import type { ReportId } from '../report/report.events';
import type { InvestigationId } from '../investigation/investigation.events';
import type { AgeBand, IdentificationRoute, IdentifyingBody, Sex } from './child.vocabulary';

/** A pseudonymous child id: never a name. */
export type ChildId = Brand<string, 'ChildId'>;

/** The facts of a child record that statistics are computed from and corrections may change. */
export interface ChildFacts {
  readonly identifiedAt: string;
  readonly sex: Sex;
  readonly identificationRoute: IdentificationRoute;
  /** Reports the identification traces to; one with detectedUnderArt3 = true makes the child an Art. 3 child. */
  readonly linkedReportIds: readonly ReportId[];
  readonly identifyingBody: IdentifyingBody;
  /** Country of residence, or null when unknown: an attribute, never a filter. */
  readonly residence: string | null;
  readonly ageBand: AgeBand;
}

/** A child victim was identified in an investigation of the same member state. */
export type ChildIdentified = Event<
  'ChildIdentified',
  {
    readonly childId: ChildId;
    readonly memberState: MemberState;
    readonly investigationId: InvestigationId;
  } & ChildFacts
>;

export interface ChildFieldChange {
  readonly field: keyof ChildFacts;
  readonly oldValue: unknown;
  readonly newValue: unknown;
}

/** A recording error was fixed; counts use the corrected values from now on, history keeps the old. */
export type ChildRecordCorrected = Event<
  'ChildRecordCorrected',
  { readonly childId: ChildId; readonly changes: readonly ChildFieldChange[]; readonly reason: string }
>;

/**
 * Recorded on the duplicate's stream: this record is the same child as `childId` and is counted once, as
 * that child. The duplicate takes no new facts afterwards.
 */
export type ChildRecordsMerged = Event<
  'ChildRecordsMerged',
  { readonly duplicateChildId: ChildId; readonly childId: ChildId }
>;

export type ChildEvent = ChildIdentified | ChildRecordCorrected | ChildRecordsMerged;

export const CHILD_EVENT_TYPES = [
  'ChildIdentified',
  'ChildRecordCorrected',
  'ChildRecordsMerged',
] as const satisfies readonly ChildEvent['type'][];
