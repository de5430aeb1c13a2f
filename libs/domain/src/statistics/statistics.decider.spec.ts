import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { statisticsDecider } from './statistics.decider';
import { NoDataNotAvailableDeclaration } from './statistics.errors';
import {
  declareDataNotAvailable,
  invalidField,
  notAvailableDeclared,
  notAvailableWithdrawn,
  withdrawDataNotAvailable,
} from './statistics.fixtures';

const given = DeciderSpecification.for(statisticsDecider);

describe('declaring data not available', () => {
  it('records the declaration with its reason', () =>
    given([]).when(declareDataNotAvailable()).then([notAvailableDeclared()]));

  it('records nothing when the same declaration is made again', () =>
    given([notAvailableDeclared()]).when(declareDataNotAvailable()).thenNothingHappens());

  it('supersedes a standing declaration with another reason', () =>
    given([notAvailableDeclared()])
      .when(declareDataNotAvailable({ reason: 'TECHNICAL_PROBLEM' }))
      .then([notAvailableDeclared({ reason: 'TECHNICAL_PROBLEM' })]));

  it('declares again after a withdrawal', () =>
    given([notAvailableDeclared(), notAvailableWithdrawn()])
      .when(declareDataNotAvailable())
      .then([notAvailableDeclared()]));

  it('declares each year and metric on its own', () =>
    given([notAvailableDeclared()])
      .when(declareDataNotAvailable({ year: 2023 }))
      .then([notAvailableDeclared({ year: 2023 })]));

  it('records a blank note as no note', () =>
    given([])
      .when(declareDataNotAvailable({ note: '  ' }))
      .then([notAvailableDeclared({ note: null })]));

  it('needs a note for the reason OTHER', () => {
    given([])
      .when(declareDataNotAvailable({ reason: 'OTHER' }))
      .thenThrows(InvalidCommand, 'COMMAND.INVALID');
    expect(invalidField([], declareDataNotAvailable({ reason: 'OTHER' }))).toBe('note');
  });

  it.each([1999, 2101, 2024.5])('refuses the year %p, naming the field', (year) => {
    given([]).when(declareDataNotAvailable({ year })).thenThrows(InvalidCommand);
    expect(invalidField([], declareDataNotAvailable({ year }))).toBe('year');
  });

  it('refuses a command for another member state than the stream holds', () =>
    expect(invalidField([notAvailableDeclared()], declareDataNotAvailable({ memberState: 'BE' }))).toBe('memberState'));
});

describe('withdrawing a declaration', () => {
  it('withdraws the standing declaration', () =>
    given([notAvailableDeclared()]).when(withdrawDataNotAvailable()).then([notAvailableWithdrawn()]));

  it('needs a declaration for that year and metric', () =>
    given([notAvailableDeclared({ metric: 'ART8_1_B' })])
      .when(withdrawDataNotAvailable())
      .thenThrows(NoDataNotAvailableDeclaration, 'STATISTICS.NO_DECLARATION'));

  it('cannot withdraw a declaration twice', () =>
    given([notAvailableDeclared(), notAvailableWithdrawn()])
      .when(withdrawDataNotAvailable())
      .thenThrows(NoDataNotAvailableDeclaration));

  it('needs a reason', () =>
    expect(invalidField([notAvailableDeclared()], withdrawDataNotAvailable({ reason: '' }))).toBe('reason'));

  it('refuses a year outside 2000-2100', () =>
    expect(invalidField([], withdrawDataNotAvailable({ year: 1990 }))).toBe('year'));
});
