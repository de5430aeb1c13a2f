import type { Command } from '../shared';
import type {
  DataNotAvailableDeclared,
  DataNotAvailableWithdrawn,
  MethodologyChanged,
  PublishedNcmecFigureRecorded,
} from './statistics.events';
import type { SubmitArticle8Report, TakeArticle8Snapshot } from './statistics-snapshot';

/** All decided on `statistics-<memberState>`; nothing is looked up from other streams. */
export type DeclareDataNotAvailable = Command<'DeclareDataNotAvailable', DataNotAvailableDeclared['data']>;

export type WithdrawDataNotAvailable = Command<'WithdrawDataNotAvailable', DataNotAvailableWithdrawn['data']>;

export type RecordMethodologyChange = Command<'RecordMethodologyChange', MethodologyChanged['data']>;

export type RecordPublishedNcmecFigure = Command<'RecordPublishedNcmecFigure', PublishedNcmecFigureRecorded['data']>;

export type StatisticsCommand =
  | DeclareDataNotAvailable
  | WithdrawDataNotAvailable
  | RecordMethodologyChange
  | RecordPublishedNcmecFigure
  | TakeArticle8Snapshot
  | SubmitArticle8Report;
