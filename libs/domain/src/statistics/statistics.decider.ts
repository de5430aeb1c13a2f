import { assertNever, InvalidCommand, type Decider, type MemberState } from '../shared';
import type {
  DeclareDataNotAvailable,
  RecordMethodologyChange,
  RecordPublishedNcmecFigure,
  StatisticsCommand,
  WithdrawDataNotAvailable,
} from './statistics.commands';
import { NoDataNotAvailableDeclaration } from './statistics.errors';
import { decideSnapshot, decideSubmission } from './statistics-snapshot';
import type { StatisticsEvent } from './statistics.events';
import {
  evolveStatistics,
  initialStatisticsState,
  publishedNcmecFigure,
  standingDeclaration,
  type StatisticsGovernance,
} from './statistics.state';
import { isStatisticsYear } from './statistics.vocabulary';

const decide = (command: StatisticsCommand, state: StatisticsGovernance): StatisticsEvent[] => {
  requireSameMemberState(state, command.data.memberState);
  switch (command.type) {
    case 'DeclareDataNotAvailable':
      return declare(command, state);
    case 'WithdrawDataNotAvailable':
      return withdraw(command, state);
    case 'RecordMethodologyChange':
      return recordMethodologyChange(command, state);
    case 'RecordPublishedNcmecFigure':
      return recordNcmecFigure(command, state);
    case 'TakeArticle8Snapshot':
      return decideSnapshot(command, state.status === 'Active' ? state.snapshots : []);
    case 'SubmitArticle8Report':
      return decideSubmission(command, state.status === 'Active' ? state.snapshots : []);
    default:
      return assertNever(command);
  }
};

const declare = ({ data }: DeclareDataNotAvailable, state: StatisticsGovernance): StatisticsEvent[] => {
  requireYear(data.year);
  const note = data.note?.trim() ? data.note : null;
  if (data.reason === 'OTHER' && note === null)
    throw new InvalidCommand('note', 'the reason OTHER needs a note that explains it');
  const standing = standingDeclaration(state, data.year, data.metric);
  if (standing && standing.reason === data.reason && standing.note === note) return [];
  // A different declaration for the same year and metric supersedes the standing one.
  return [{ type: 'DataNotAvailableDeclared', data: { ...data, note } }];
};

const withdraw = ({ data }: WithdrawDataNotAvailable, state: StatisticsGovernance): StatisticsEvent[] => {
  requireYear(data.year);
  requireText('reason', data.reason);
  if (!standingDeclaration(state, data.year, data.metric))
    throw new NoDataNotAvailableDeclaration(data.memberState, data.year, data.metric);
  return [{ type: 'DataNotAvailableWithdrawn', data }];
};

const recordMethodologyChange = ({ data }: RecordMethodologyChange, state: StatisticsGovernance): StatisticsEvent[] => {
  const effectiveFrom = Date.parse(data.effectiveFrom);
  if (Number.isNaN(effectiveFrom) || !isStatisticsYear(new Date(effectiveFrom).getUTCFullYear())) {
    throw new InvalidCommand('effectiveFrom', 'effectiveFrom is a date between 2000 and 2100');
  }
  requireText('description', data.description);
  const isRepeat =
    state.status === 'Active' &&
    state.methodologyChanges.some(
      (change) =>
        change.metric === data.metric &&
        change.effectiveFrom === data.effectiveFrom &&
        change.description === data.description,
    );
  return isRepeat ? [] : [{ type: 'MethodologyChanged', data }];
};

const recordNcmecFigure = ({ data }: RecordPublishedNcmecFigure, state: StatisticsGovernance): StatisticsEvent[] => {
  requireYear(data.year);
  if (!Number.isInteger(data.count) || data.count < 0)
    throw new InvalidCommand('count', 'a published figure is a whole number, never negative');
  requireText('source', data.source);
  const known = publishedNcmecFigure(state, data.year);
  if (known && known.count === data.count && known.source === data.source) return [];
  // NCMEC revises its figures: a different one for the same year replaces the earlier one.
  return [{ type: 'PublishedNcmecFigureRecorded', data }];
};

/** The stream is `statistics-<memberState>`: a command for another member state is a routing mistake. */
const requireSameMemberState = (state: StatisticsGovernance, memberState: MemberState): void => {
  if (state.status === 'Active' && state.memberState !== memberState) {
    throw new InvalidCommand('memberState', `this stream holds the statistics of ${state.memberState}`);
  }
};

const requireYear = (year: number): void => {
  if (!isStatisticsYear(year)) throw new InvalidCommand('year', 'year is a calendar year between 2000 and 2100');
};

const requireText = (field: string, value: string): void => {
  if (value.trim() === '') throw new InvalidCommand(field, `${field} may not be empty`);
};

export const statisticsDecider: Decider<StatisticsCommand, StatisticsEvent, StatisticsGovernance> = {
  decide,
  evolve: evolveStatistics,
  initialState: initialStatisticsState,
};
