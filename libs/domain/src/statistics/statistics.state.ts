import type { MemberState } from '../shared';
import type { StatisticsEvent } from './statistics.events';
import { evolveSnapshots, type Snapshot } from './statistics-snapshot';
import type { Art8Metric, NotAvailableReason } from './statistics.vocabulary';

export interface NotAvailableDeclaration {
  readonly year: number;
  readonly metric: Art8Metric;
  readonly reason: NotAvailableReason;
  readonly note: string | null;
}

export interface MethodologyChange {
  readonly metric: Art8Metric;
  readonly effectiveFrom: string;
  readonly description: string;
}

export interface NcmecFigure {
  readonly year: number;
  readonly count: number;
  readonly source: string;
}

export type StatisticsGovernance =
  | { readonly status: 'None' }
  | {
      readonly status: 'Active';
      readonly memberState: MemberState;
      /** Only declarations that stand: at most one per year × metric. */
      readonly declarations: readonly NotAvailableDeclaration[];
      /** At most one per metric × effectiveFrom; the latest description counts. */
      readonly methodologyChanges: readonly MethodologyChange[];
      /** The latest published figure per year. */
      readonly ncmecFigures: readonly NcmecFigure[];
      /** Art. 8 snapshots taken, with their submission. */
      readonly snapshots: readonly Snapshot[];
    };

export const initialStatisticsState: StatisticsGovernance = { status: 'None' };

/** The declaration that stands for a year and metric, or null: the figure is then computed from events. */
export const standingDeclaration = (
  state: StatisticsGovernance,
  year: number,
  metric: Art8Metric,
): NotAvailableDeclaration | null =>
  (state.status === 'Active' &&
    state.declarations.find((declared) => declared.year === year && declared.metric === metric)) ||
  null;

export const publishedNcmecFigure = (state: StatisticsGovernance, year: number): NcmecFigure | null =>
  (state.status === 'Active' && state.ncmecFigures.find((figure) => figure.year === year)) || null;

export const evolveStatistics = (state: StatisticsGovernance, event: StatisticsEvent): StatisticsGovernance => {
  switch (event.type) {
    case 'DataNotAvailableDeclared': {
      const { memberState, year, metric, reason, note } = event.data;
      const current = active(state, memberState);
      const others = current.declarations.filter((declared) => !(declared.year === year && declared.metric === metric));
      return { ...current, declarations: [...others, { year, metric, reason, note }] };
    }
    case 'DataNotAvailableWithdrawn': {
      const { memberState, year, metric } = event.data;
      const current = active(state, memberState);
      return {
        ...current,
        declarations: current.declarations.filter(
          (declared) => !(declared.year === year && declared.metric === metric),
        ),
      };
    }
    case 'MethodologyChanged': {
      const { memberState, metric, effectiveFrom, description } = event.data;
      const current = active(state, memberState);
      const others = current.methodologyChanges.filter(
        (change) => !(change.metric === metric && change.effectiveFrom === effectiveFrom),
      );
      return { ...current, methodologyChanges: [...others, { metric, effectiveFrom, description }] };
    }
    case 'PublishedNcmecFigureRecorded': {
      const { memberState, year, count, source } = event.data;
      const current = active(state, memberState);
      return {
        ...current,
        ncmecFigures: [...current.ncmecFigures.filter((figure) => figure.year !== year), { year, count, source }],
      };
    }
    case 'Article8SnapshotTaken':
    case 'Article8ReportSubmitted': {
      const current = active(state, event.data.memberState);
      return { ...current, snapshots: evolveSnapshots(current.snapshots, event) };
    }
    default:
      return state;
  }
};

type ActiveGovernance = Extract<StatisticsGovernance, { status: 'Active' }>;

/** The stream has no opening event: its first fact, whichever it is, starts it. */
const active = (state: StatisticsGovernance, memberState: MemberState): ActiveGovernance =>
  state.status === 'Active'
    ? state
    : { status: 'Active', memberState, declarations: [], methodologyChanges: [], ncmecFigures: [], snapshots: [] };
