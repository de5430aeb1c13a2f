import type { Event, MemberState } from '../shared';
import type { Article8ReportSubmitted, Article8SnapshotTaken } from './statistics-snapshot';
import type { Art8Metric, NotAvailableReason } from './statistics.vocabulary';

/** The member state cannot give this figure for this year, and says why; it supersedes an earlier declaration. */
export type DataNotAvailableDeclared = Event<
  'DataNotAvailableDeclared',
  {
    readonly memberState: MemberState;
    readonly year: number;
    readonly metric: Art8Metric;
    readonly reason: NotAvailableReason;
    readonly note: string | null;
  }
>;

/** The declaration no longer stands (e.g. the data was found after all): the figure is computed again. */
export type DataNotAvailableWithdrawn = Event<
  'DataNotAvailableWithdrawn',
  { readonly memberState: MemberState; readonly year: number; readonly metric: Art8Metric; readonly reason: string }
>;

/** How a figure is counted changed from a date on: its series shows a break there. */
export type MethodologyChanged = Event<
  'MethodologyChanged',
  {
    readonly memberState: MemberState;
    readonly metric: Art8Metric;
    readonly effectiveFrom: string;
    readonly description: string;
  }
>;

/** NCMEC's published per-country figure for a year, for reconciliation only; a later one for the year replaces it. */
export type PublishedNcmecFigureRecorded = Event<
  'PublishedNcmecFigureRecorded',
  { readonly memberState: MemberState; readonly year: number; readonly count: number; readonly source: string }
>;

export type StatisticsEvent =
  | DataNotAvailableDeclared
  | DataNotAvailableWithdrawn
  | MethodologyChanged
  | PublishedNcmecFigureRecorded
  | Article8SnapshotTaken
  | Article8ReportSubmitted;

export const STATISTICS_EVENT_TYPES = [
  'DataNotAvailableDeclared',
  'DataNotAvailableWithdrawn',
  'MethodologyChanged',
  'PublishedNcmecFigureRecorded',
  'Article8SnapshotTaken',
  'Article8ReportSubmitted',
] as const satisfies readonly StatisticsEvent['type'][];
