/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  childCorrected,
  childId,
  childIdentified,
  childrenMerged,
  investigationId,
  investigationOpened,
  offenceClassified,
  offenceId,
  reportId,
  reportReceived,
  reportWithdrawn,
  type StatisticsDomainEvent,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { queryArt8Figures } from './art8-figures.query';
import { currentMoment } from './as-of';

/** Art. 8(1)(b) from recorded events to figures; every expected number is worked out in the comments. */
const [C1, C2, C3, C4, C5, C6, C7, C8] = [1, 2, 3, 4, 5, 6, 7, 8].map(childId) as [string, string, string, string, string, string, string, string];
const [I1, I2, I3, I4] = [1, 2, 3, 4].map(investigationId) as [string, string, string, string];
const [RA, RB, RC, RW] = [1, 2, 3, 4].map(reportId) as [string, string, string, string];
const sexes = (female: number, male: number, notStated: number) => ({ female, male, notStated, total: female + male + notStated });

describe('Art. 8(1)(b) children identified, hand-computed', () => {
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
  const figures = async (year: number, memberState = 'NL') => {
    const { b } = await queryArt8Figures(db.readModels.manager, memberState, year, await currentMoment(db.readModels.manager));
    return b;
  };

  /** I1 has an online offence, I2 only offline and unknown ones, I3 one with both; RA was detected under Art. 3. */
  const cases: StatisticsDomainEvent[] = [
    reportReceived(RA, { detectedUnderArt3: true }),
    reportReceived(RB, { detectedUnderArt3: false }),
    reportReceived(RC, { detectedUnderArt3: null }),
    investigationOpened(I1, [RA]),
    offenceClassified(I1, offenceId(1), 'ONLINE'),
    investigationOpened(I2),
    offenceClassified(I2, offenceId(2), 'OFFLINE'),
    offenceClassified(I2, offenceId(3), 'UNKNOWN'), // unknown is not online
    investigationOpened(I3),
    offenceClassified(I3, offenceId(4), 'BOTH'),
  ];

  it('counts Art. 3 by route or linked Art. 3 report, all routes, online only; merged records once; by local year', async () => {
    await given(
      ...cases,
      childIdentified(C1, I1, { sex: 'FEMALE', identificationRoute: 'PROVIDER_REPORT_ART3' }),
      // Another route, but linked to a report detected under Art. 3: an Art. 3 child.
      childIdentified(C2, I2, { sex: 'MALE', identificationRoute: 'VICTIM_SELF_REPORT', linkedReportIds: [RA] }),
      // Another route, linked only to reports not (or not known to be) detected under Art. 3: all routes only.
      childIdentified(C3, I2, { sex: 'NOT_STATED', identificationRoute: 'CHAT_LOGS', linkedReportIds: [RB, RC] }),
      childIdentified(C4, I3, { sex: 'FEMALE', identificationRoute: 'EARLIER_INVESTIGATION' }),
      // The same child as C1, recorded twice: counted once, as C1.
      childIdentified(C5, I1, { sex: 'FEMALE', identificationRoute: 'PROVIDER_REPORT_ART3', identifiedAt: '2024-05-01T10:00:00.000Z' }),
      childrenMerged(C5, C1),
      childIdentified(C6, I1, { sex: 'MALE', identifiedAt: '2024-12-31T23:30:00.000Z' }), // 2025 in Amsterdam
      childIdentified(C7, I2, { sex: 'FEMALE', identificationRoute: 'OTHER', identifiedAt: '2023-12-31T23:30:00.000Z' }), // 2024
      investigationOpened(I4, [], '2024-03-10T09:00:00.000Z', 'BE'),
      childIdentified(C8, I4, { sex: 'MALE' }, 'BE'),
    );
    // NL 2024: C1 F (Art. 3, online), C2 M (Art. 3), C3 NS, C4 F (online), C7 F. C5 merged, C6 in 2025, C8 Belgian.
    expect(await figures(2024)).toEqual({ art3: sexes(1, 1, 0), allRoutes: sexes(3, 1, 1), onlineOnly: sexes(2, 0, 0) });
    expect(await figures(2025)).toEqual({ art3: sexes(0, 1, 0), allRoutes: sexes(0, 1, 0), onlineOnly: sexes(0, 1, 0) });
    expect(await figures(2024, 'BE')).toEqual({ art3: sexes(0, 1, 0), allRoutes: sexes(0, 1, 0), onlineOnly: sexes(0, 0, 0) });
  });

  it('a child not linked to any Art. 3 report counts for all routes only', async () => {
    await given(...cases, childIdentified(C1, I2, { sex: 'MALE', identificationRoute: 'THIRD_PARTY_REPORT' }));
    expect(await figures(2024)).toEqual({ art3: sexes(0, 0, 0), allRoutes: sexes(0, 1, 0), onlineOnly: sexes(0, 0, 0) });
  });

  it('follows corrections of sex, route and linked reports, and a later online offence of the investigation', async () => {
    await given(...cases, childIdentified(C1, I2, { sex: 'NOT_STATED', identificationRoute: 'OTHER' }));
    expect(await figures(2024)).toEqual({ art3: sexes(0, 0, 0), allRoutes: sexes(0, 0, 1), onlineOnly: sexes(0, 0, 0) });
    await given(childCorrected(C1, [['sex', 'NOT_STATED', 'FEMALE'], ['linkedReportIds', [], [RA]]]));
    expect(await figures(2024)).toEqual({ art3: sexes(1, 0, 0), allRoutes: sexes(1, 0, 0), onlineOnly: sexes(0, 0, 0) });
    await given(childCorrected(C1, [['linkedReportIds', [RA], [RB]]]), offenceClassified(I2, offenceId(9), 'ONLINE'));
    expect(await figures(2024)).toEqual({ art3: sexes(0, 0, 0), allRoutes: sexes(1, 0, 0), onlineOnly: sexes(1, 0, 0) });
    await given(childCorrected(C1, [['identificationRoute', 'OTHER', 'PROVIDER_REPORT_ART3'], ['identifiedAt', '2024-04-01T10:00:00.000Z', '2025-02-01T10:00:00.000Z']]));
    expect((await figures(2024)).allRoutes.total).toBe(0);
    expect(await figures(2025)).toEqual({ art3: sexes(1, 0, 0), allRoutes: sexes(1, 0, 0), onlineOnly: sexes(1, 0, 0) });
  });

  it('a duplicate record of another year merged away leaves that year; the child counts once, in its own year', async () => {
    await given(
      ...cases,
      childIdentified(C1, I1, { sex: 'MALE', identifiedAt: '2024-02-01T10:00:00.000Z' }),
      childIdentified(C2, I1, { sex: 'MALE', identifiedAt: '2023-11-01T10:00:00.000Z' }),
    );
    expect([(await figures(2023)).allRoutes.total, (await figures(2024)).allRoutes.total]).toEqual([1, 1]);
    await given(childrenMerged(C2, C1));
    expect([(await figures(2023)).allRoutes.total, (await figures(2024)).allRoutes.total]).toEqual([0, 1]);
  });

  it('a report withdrawn as entered in error no longer makes its children Art. 3 children', async () => {
    await given(...cases, reportReceived(RW, { detectedUnderArt3: true }), childIdentified(C1, I2, { identificationRoute: 'OTHER', linkedReportIds: [RW] }));
    expect((await figures(2024)).art3.total).toBe(1);
    await given(reportWithdrawn(RW));
    expect(await figures(2024)).toEqual({ art3: sexes(0, 0, 0), allRoutes: sexes(1, 0, 0), onlineOnly: sexes(0, 0, 0) });
  });
});
