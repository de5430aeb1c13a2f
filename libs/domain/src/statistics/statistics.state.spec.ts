import { fold } from '../shared';
import { statisticsDecider } from './statistics.decider';
import { publishedNcmecFigure, standingDeclaration } from './statistics.state';
import {
  methodologyChanged,
  ncmecFigureRecorded,
  notAvailableDeclared,
  notAvailableWithdrawn,
} from './statistics.fixtures';

describe('the statistics governance state', () => {
  const unknown = { type: 'SomethingNotYetKnown', data: {} } as never;

  it('changes nothing for an unknown event', () => {
    const state = fold(statisticsDecider, [notAvailableDeclared()]);
    expect(statisticsDecider.evolve(state, unknown)).toBe(state);
    expect(statisticsDecider.evolve(statisticsDecider.initialState, unknown)).toBe(statisticsDecider.initialState);
  });

  it('knows per year and metric whether a declaration stands, and the latest one', () => {
    const state = fold(statisticsDecider, [
      notAvailableDeclared(),
      notAvailableDeclared({ reason: 'TECHNICAL_PROBLEM' }),
      notAvailableDeclared({ metric: 'ART8_1_B', reason: 'NOT_COLLECTED' }),
      notAvailableDeclared({ year: 2023 }),
      notAvailableWithdrawn({ year: 2023 }),
    ]);
    expect(standingDeclaration(state, 2024, 'ART8_1_C')).toMatchObject({ reason: 'TECHNICAL_PROBLEM' });
    expect(standingDeclaration(state, 2024, 'ART8_1_B')).toMatchObject({ reason: 'NOT_COLLECTED' });
    expect(standingDeclaration(state, 2023, 'ART8_1_C')).toBeNull();
    expect(standingDeclaration(state, 2024, 'ART8_1_A')).toBeNull();
    expect(standingDeclaration(statisticsDecider.initialState, 2024, 'ART8_1_C')).toBeNull();
  });

  it('keeps the latest published NCMEC figure per year', () => {
    const state = fold(statisticsDecider, [
      ncmecFigureRecorded(),
      ncmecFigureRecorded({ count: 7 }),
      ncmecFigureRecorded({ year: 2023, count: 9 }),
    ]);
    expect(publishedNcmecFigure(state, 2024)).toMatchObject({ count: 7 });
    expect(publishedNcmecFigure(state, 2023)).toMatchObject({ count: 9 });
    expect(publishedNcmecFigure(state, 2022)).toBeNull();
  });

  it('keeps each methodology change once, with its latest description, for the member state of the stream', () =>
    expect(
      fold(statisticsDecider, [
        methodologyChanged(),
        methodologyChanged({ description: 'v2' }),
        methodologyChanged({ metric: 'ART8_1_B' }),
      ]),
    ).toMatchObject({
      memberState: 'NL',
      methodologyChanges: [
        { metric: 'ART8_1_A', description: 'v2' },
        { metric: 'ART8_1_B', effectiveFrom: '2024-01-01' },
      ],
    }));
});
