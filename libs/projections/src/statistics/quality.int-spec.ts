import type { JudgmentOutcome } from '@registry/domain';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  appealLodged,
  childIdentified,
  childId,
  dataNotAvailableDeclared,
  dataNotAvailableWithdrawn,
  investigationClosed,
  investigationId,
  investigationOpened,
  judgmentBecameFinal,
  judgmentId,
  judgmentModifiedOnAppeal,
  judgmentRecorded,
  methodologyChanged,
  personId,
  reportAssessed,
  reportId,
  reportReceived,
  type StatisticsDomainEvent,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { currentMoment, momentAtPosition, type StatisticsMoment } from './as-of';
import { ART8_METRIC_CODES, queryMetricQuality } from './quality.query';

/** The data-quality matrix: never a blank; "no data" carries its reason; breaks and pending cases are flagged. */
describe('data-quality status of the Art. 8 metrics', () => {
  let db: StatisticsReadModels;
  let log: StatisticsLog;
  beforeAll(async () => {
    db = await openStatisticsReadModels();
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.reset();
    log = new StatisticsLog();
  });

  const given = (...events: StatisticsDomainEvent[]) => db.project(log.record(...events));
  const quality = async (year: number, memberState = 'NL') => queryMetricQuality(db.readModels.manager, memberState, year, await currentMoment(db.readModels.manager));
  const complete = {
    status: 'COMPLETE',
    reason: null,
    note: null,
    flags: [],
    definitionVersion: 1,
    breaks: [],
    pending: 0,
  };

  it('is COMPLETE for a year without any fact: zero is a count, not a blank', async () => {
    expect(await quality(2024)).toEqual({ ART8_1_A: complete, ART8_1_B: complete, ART8_1_C: complete });
  });

  it('flags a methodology change as a break in series in the year it takes effect (local time), and only there', async () => {
    await given(
      methodologyChanged('NL', 'ART8_1_C', '2024-01-01', 'convictions counted per person, no longer per judgment'),
      methodologyChanged('NL', 'ART8_1_A', '2025-01-01', 'actionable reports only'),
      methodologyChanged('BE', 'ART8_1_C', '2024-01-01', 'another member state'),
    );
    const breaks = await quality(2024);
    expect(breaks.ART8_1_C).toEqual({
      status: 'BREAK_IN_SERIES',
      reason: null,
      note: null,
      flags: ['BREAK_IN_SERIES'],
      definitionVersion: 2,
      breaks: [{ effectiveFrom: '2024-01-01T00:00:00.000Z', description: 'convictions counted per person, no longer per judgment' }],
      pending: 0,
    });
    expect(breaks.ART8_1_A).toEqual(complete);
    expect((await quality(2025)).ART8_1_A.status).toBe('BREAK_IN_SERIES');
    expect((await quality(2023)).ART8_1_C.status).toBe('COMPLETE');
  });

  it('numbers the definition of a figure: 1, plus the changes of its metric effective by the year end', async () => {
    const versions = async (year: number, moment?: StatisticsMoment) => {
      const at = moment ?? (await currentMoment(db.readModels.manager));
      const quality = await queryMetricQuality(db.readModels.manager, 'NL', year, at);
      return ART8_METRIC_CODES.map((metric) => quality[metric].definitionVersion);
    };
    const asOf = (position: number) => momentAtPosition(db.readModels.manager, [BigInt(position), BigInt(position)]);
    // No change: every metric follows its first definition.
    expect(await versions(2024)).toEqual([1, 1, 1]);
    await given(
      methodologyChanged('NL', 'ART8_1_B', '2023-07-01', 'children counted once per member state'),
      methodologyChanged('BE', 'ART8_1_B', '2022-01-01', 'another member state'),
      methodologyChanged('NL', 'ART8_1_C', '2025-01-01', 'a later year'),
    );
    const recorded = log.events.length;
    // A change effective in 2023: 2023 and 2024 follow definition 2, 2022 still the first.
    expect(await versions(2022)).toEqual([1, 1, 1]);
    expect(await versions(2023)).toEqual([1, 2, 1]);
    expect(await versions(2024)).toEqual([1, 2, 1]);
    expect(await versions(2025)).toEqual([1, 2, 2]);
    // Effective 2023-12-31T23:30Z is 2024 in Amsterdam: a change of 2024, not of 2023.
    await given(methodologyChanged('NL', 'ART8_1_B', '2023-12-31T23:30:00.000Z', 'actionable reports only'));
    expect(await versions(2023)).toEqual([1, 2, 1]);
    expect(await versions(2024)).toEqual([1, 3, 1]);
    // As of a moment before the changes were recorded, the figures followed the first definition.
    expect(await versions(2024, await asOf(0))).toEqual([1, 1, 1]);
    expect(await versions(2024, await asOf(recorded))).toEqual([1, 2, 1]);
  });

  it('shows NOT_AVAILABLE with the declared reason over any other flag, until the declaration is withdrawn', async () => {
    await given(
      methodologyChanged('NL', 'ART8_1_C', '2024-01-01'),
      dataNotAvailableDeclared('NL', 2024, 'ART8_1_C', 'OTHER', 'court data held by another authority'),
      dataNotAvailableDeclared('NL', 2023, 'ART8_1_B', 'NOT_COLLECTED'),
    );
    expect((await quality(2024)).ART8_1_C).toMatchObject({
      status: 'NOT_AVAILABLE',
      reason: 'OTHER',
      note: 'court data held by another authority',
      flags: ['NOT_AVAILABLE', 'BREAK_IN_SERIES'],
    });
    expect((await quality(2024)).ART8_1_B.status).toBe('COMPLETE');
    await given(dataNotAvailableDeclared('NL', 2024, 'ART8_1_C', 'TECHNICAL_PROBLEM')); // supersedes the first
    expect((await quality(2024)).ART8_1_C).toMatchObject({ status: 'NOT_AVAILABLE', reason: 'TECHNICAL_PROBLEM', note: null });
    await given(dataNotAvailableWithdrawn('NL', 2024, 'ART8_1_C'));
    expect((await quality(2024)).ART8_1_C).toMatchObject({ status: 'BREAK_IN_SERIES', reason: null });
  });

  it('is PROVISIONAL while reports are unassessed or children belong to open investigations', async () => {
    await given(
      reportReceived(reportId(1)),
      investigationOpened(investigationId(1), [reportId(1)]),
      childIdentified(childId(1), investigationId(1)),
      childIdentified(childId(2), investigationId(1)),
    );
    expect(await quality(2024)).toMatchObject({ ART8_1_A: { status: 'PROVISIONAL', pending: 1 }, ART8_1_B: { status: 'PROVISIONAL', pending: 2 }, ART8_1_C: complete });
    await given(reportAssessed(reportId(1), true), investigationClosed(investigationId(1)));
    expect(await quality(2024)).toEqual({ ART8_1_A: complete, ART8_1_B: complete, ART8_1_C: complete });
  });

  it('is PROVISIONAL for (c) while a judgment decided in the year is not final, whatever its outcome', async () => {
    const judged = (n: number, outcome: JudgmentOutcome, day: string) =>
      judgmentRecorded(judgmentId(n), investigationId(1), personId(n), { outcome, decidedAt: `${day}T10:00:00Z` });
    await given(
      judged(1, 'ACQUITTED', '2024-07-01'),
      judged(2, 'CONVICTED', '2024-11-01'),
      appealLodged(judgmentId(2), '2024-11-15T10:00:00.000Z'),
      judgmentModifiedOnAppeal(judgmentId(2), 'ACQUITTED', '2025-02-01T10:00:00.000Z'),
      // Final, or decided in another year: neither keeps 2024 open.
      judged(3, 'ACQUITTED', '2024-03-01'),
      judgmentBecameFinal(judgmentId(3), '2024-04-01T10:00:00.000Z'),
      judged(4, 'OTHER', '2023-06-01'),
    );
    // Either acquittal can still become a conviction on appeal.
    const provisional = { ...complete, status: 'PROVISIONAL', flags: ['PROVISIONAL'], pending: 2 };
    expect((await quality(2024)).ART8_1_C).toEqual(provisional);
    await given(
      judgmentBecameFinal(judgmentId(1), '2024-08-01T10:00:00.000Z'),
      judgmentBecameFinal(judgmentId(2), '2025-03-01T10:00:00.000Z'),
    );
    expect((await quality(2024)).ART8_1_C).toEqual(complete);
  });
});
