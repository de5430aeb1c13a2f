import { DeciderSpecification } from '@registry/testing';
import { InvalidCommand } from '../shared';
import { statisticsDecider } from './statistics.decider';
import {
  invalidField,
  methodologyChanged,
  ncmecFigureRecorded,
  recordMethodologyChange,
  recordPublishedNcmecFigure,
} from './statistics.fixtures';

const given = DeciderSpecification.for(statisticsDecider);

describe('recording a methodology change', () => {
  it('records the change and its effective date', () =>
    given([]).when(recordMethodologyChange()).then([methodologyChanged()]));

  it('records nothing when the same change is recorded again', () =>
    given([methodologyChanged()]).when(recordMethodologyChange()).thenNothingHappens());

  it('records a new description of the change at the same date', () =>
    given([methodologyChanged()])
      .when(recordMethodologyChange({ description: 'per report, duplicates linked' }))
      .then([methodologyChanged({ description: 'per report, duplicates linked' })]));

  it.each(['not a date', '1999-12-31', '2101-01-01'])(
    'refuses the effective date %p, naming the field',
    (effectiveFrom) => {
      given([]).when(recordMethodologyChange({ effectiveFrom })).thenThrows(InvalidCommand);
      expect(invalidField([], recordMethodologyChange({ effectiveFrom }))).toBe('effectiveFrom');
    },
  );

  it('needs a description', () =>
    expect(invalidField([], recordMethodologyChange({ description: ' ' }))).toBe('description'));

  it('refuses a command for another member state than the stream holds', () =>
    expect(invalidField([methodologyChanged()], recordMethodologyChange({ memberState: 'BE' }))).toBe('memberState'));
});

describe('recording a published NCMEC figure', () => {
  it('records the figure and its source', () =>
    given([]).when(recordPublishedNcmecFigure()).then([ncmecFigureRecorded()]));

  it('records a zero', () =>
    given([])
      .when(recordPublishedNcmecFigure({ count: 0 }))
      .then([ncmecFigureRecorded({ count: 0 })]));

  it('records nothing when the same figure is recorded again', () =>
    given([ncmecFigureRecorded()]).when(recordPublishedNcmecFigure()).thenNothingHappens());

  it('records a revised figure for the same year', () =>
    given([ncmecFigureRecorded()])
      .when(recordPublishedNcmecFigure({ count: 123999 }))
      .then([ncmecFigureRecorded({ count: 123999 })]));

  it.each([-1, 2.5])('refuses the count %p, naming the field', (count) => {
    given([]).when(recordPublishedNcmecFigure({ count })).thenThrows(InvalidCommand);
    expect(invalidField([], recordPublishedNcmecFigure({ count }))).toBe('count');
  });

  it('refuses a year outside 2000-2100', () =>
    expect(invalidField([], recordPublishedNcmecFigure({ year: 2200 }))).toBe('year'));

  it('needs the source', () => expect(invalidField([], recordPublishedNcmecFigure({ source: '' }))).toBe('source'));
});
