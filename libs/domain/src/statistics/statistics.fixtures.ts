import { fold } from '../shared';
import type {
  DeclareDataNotAvailable,
  RecordMethodologyChange,
  RecordPublishedNcmecFigure,
  StatisticsCommand,
  WithdrawDataNotAvailable,
} from './statistics.commands';
import { statisticsDecider } from './statistics.decider';
import type {
  DataNotAvailableDeclared,
  DataNotAvailableWithdrawn,
  MethodologyChanged,
  PublishedNcmecFigureRecorded,
  StatisticsEvent,
} from './statistics.events';

export const notAvailableDeclared = (
  overrides: Partial<DataNotAvailableDeclared['data']> = {},
): DataNotAvailableDeclared => ({
  type: 'DataNotAvailableDeclared',
  data: {
    memberState: 'NL',
    year: 2024,
    metric: 'ART8_1_C',
    reason: 'NOT_RECORDED_NATIONALLY',
    note: null,
    ...overrides,
  },
});

export const declareDataNotAvailable = (
  overrides: Partial<DeclareDataNotAvailable['data']> = {},
): DeclareDataNotAvailable => ({
  type: 'DeclareDataNotAvailable',
  data: notAvailableDeclared(overrides).data,
});

export const notAvailableWithdrawn = (
  overrides: Partial<DataNotAvailableWithdrawn['data']> = {},
): DataNotAvailableWithdrawn => ({
  type: 'DataNotAvailableWithdrawn',
  data: {
    memberState: 'NL',
    year: 2024,
    metric: 'ART8_1_C',
    reason: 'court registry data now delivered',
    ...overrides,
  },
});

export const withdrawDataNotAvailable = (
  overrides: Partial<WithdrawDataNotAvailable['data']> = {},
): WithdrawDataNotAvailable => ({
  type: 'WithdrawDataNotAvailable',
  data: notAvailableWithdrawn(overrides).data,
});

export const methodologyChanged = (overrides: Partial<MethodologyChanged['data']> = {}): MethodologyChanged => ({
  type: 'MethodologyChanged',
  data: {
    memberState: 'NL',
    metric: 'ART8_1_A',
    effectiveFrom: '2024-01-01',
    description: 'reports counted per CyberTipline report instead of per notification',
    ...overrides,
  },
});

export const recordMethodologyChange = (
  overrides: Partial<RecordMethodologyChange['data']> = {},
): RecordMethodologyChange => ({
  type: 'RecordMethodologyChange',
  data: methodologyChanged(overrides).data,
});

export const ncmecFigureRecorded = (
  overrides: Partial<PublishedNcmecFigureRecorded['data']> = {},
): PublishedNcmecFigureRecorded => ({
  type: 'PublishedNcmecFigureRecorded',
  data: {
    memberState: 'NL',
    year: 2024,
    count: 123456,
    source: 'NCMEC 2024 CyberTipline Report by Country',
    ...overrides,
  },
});

export const recordPublishedNcmecFigure = (
  overrides: Partial<RecordPublishedNcmecFigure['data']> = {},
): RecordPublishedNcmecFigure => ({ type: 'RecordPublishedNcmecFigure', data: ncmecFigureRecorded(overrides).data });

/** The field an InvalidCommand names, or undefined when decide did not refuse the command that way. */
export const invalidField = (history: readonly StatisticsEvent[], command: StatisticsCommand): string | undefined => {
  try {
    statisticsDecider.decide(command, fold(statisticsDecider, history));
  } catch (error) {
    return (error as { field?: string }).field;
  }
  return undefined;
};
