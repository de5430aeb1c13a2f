import { CONTENT_CATEGORIES, PROVIDER_TYPES, REPORTER_KINDS, SOURCE_CHANNELS } from '@registry/domain';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  investigationOpened,
  reportAssessed,
  reportCorrected,
  reportId,
  reportLinked,
  reportMarkedDuplicate,
  reportReceived,
  reportWithdrawn,
  investigationId,
  type StatisticsDomainEvent,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { queryArt8Figures } from './art8-figures.query';
import { currentMoment } from './as-of';

/**
 * Art. 8(1)(a) from recorded events to figures, every expected number worked out by hand in the comments.
 * The events go straight into the statistics projection, in log order, as the projector would deliver them.
 */
const [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(reportId) as [string, string, string, string, string, string, string, string, string, string, string, string];
const [I1, I2] = [investigationId(1), investigationId(2)];

/** A zero for every code, so a breakdown is compared with all of its keys. */
const counts = (codes: readonly string[], nonZero: Record<string, number> = {}) => Object.fromEntries(codes.map((code) => [code, nonZero[code] ?? 0]));

describe('Art. 8(1)(a) reports, hand-computed', () => {
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
    const { a } = await queryArt8Figures(db.readModels.manager, memberState, year, await currentMoment(db.readModels.manager));
    return a;
  };

  it('counts REPORT units of the member state and year, by local year, with duplicate groups across years', async () => {
    await given(
      reportReceived(R1, { receivedAt: '2023-11-01T10:00:00.000Z' }), // 2023: root of a group that spans two years
      reportReceived(R2, { receivedAt: '2024-02-01T10:00:00.000Z', provider: { name: 'Example Social', providerType: 'SOCIAL_MEDIA' } }),
      reportMarkedDuplicate(R2, R1, 'SAME_CONTENT_HASH'),
      reportReceived(R3, {
        receivedAt: '2024-03-01T10:00:00.000Z',
        reporterKind: 'PUBLIC_INTEREST_ORGANISATION',
        sourceChannel: 'INHOPE_HOTLINE',
        contentCategory: 'NEW_CSAM',
        provider: { name: null, providerType: 'HOSTING_OR_CLOUD' },
      }),
      reportAssessed(R3, true),
      reportReceived(R4, { receivedAt: '2024-12-31T23:30:00.000Z' }), // 00:30 on 1 January in Amsterdam: 2025
      reportReceived(R5, { receivedAt: '2023-12-31T23:30:00.000Z' }), // likewise: 2024, not 2023
      reportReceived(R6),
      reportWithdrawn(R6), // entered in error: excluded
      reportReceived(R7, { countUnit: 'URL', reporterKind: 'PUBLIC_INTEREST_ORGANISATION', sourceChannel: 'INHOPE_HOTLINE' }),
      reportReceived(R8, { countUnit: 'INCIDENT', sourceChannel: 'NATIONAL_HOTLINE' }),
      reportReceived(R9, {}, 'BE'), // another member state
      reportReceived(R10),
      reportMarkedDuplicate(R10, R3),
      reportAssessed(R10, false),
      reportReceived(R11),
      reportAssessed(R11, true),
      reportAssessed(R11, false), // the latest assessment counts
      investigationOpened(I1, [R3], '2024-03-10T09:00:00.000Z'),
      investigationOpened(I2, [], '2023-12-31T23:30:00.000Z'), // opened in 2024 (local time)
      reportLinked(I2, R5),
    );
    // 2024: R2, R3, R5, R10, R11. Groups {R1, R2}, {R3, R10}, {R5}, {R11}: 4 distinct cases, 1 repeat;
    // {R1, R2} (R1 of 2023) and {R3, R10} hold 2 reports each. Actionable: R3. Unassessed: R2, R5.
    expect(await figures(2024)).toEqual({
      totalReports: 5,
      distinctCases: 4,
      casesReportedMultipleTimes: 2,
      repeatReports: 1,
      actionableReports: 1,
      unassessedReports: 2,
      reportsInInvestigations: 2, // R3 (I1), R5 (I2)
      investigationsOpened: 2,
      byReporterKind: counts(REPORTER_KINDS, { PROVIDER: 4, PUBLIC_INTEREST_ORGANISATION: 1 }),
      bySourceChannel: counts(SOURCE_CHANNELS, { NCMEC: 4, INHOPE_HOTLINE: 1 }),
      byProviderType: counts(PROVIDER_TYPES, { INTERPERSONAL_COMMUNICATION: 3, SOCIAL_MEDIA: 1, HOSTING_OR_CLOUD: 1 }),
      byContentCategory: counts(CONTENT_CATEGORIES, { KNOWN_CSAM: 4, NEW_CSAM: 1 }),
      otherCountUnits: { NOTIFICATION: 0, URL: 1, DOMAIN: 0, INCIDENT: 1 },
    });
    // 2023: R1 alone, but its group was reported again in 2024, so it is a case reported multiple times.
    expect(await figures(2023)).toMatchObject({ totalReports: 1, distinctCases: 1, casesReportedMultipleTimes: 1, repeatReports: 0, investigationsOpened: 0 });
    expect(await figures(2025)).toMatchObject({ totalReports: 1, distinctCases: 1, casesReportedMultipleTimes: 0 });
    expect(await figures(2024, 'BE')).toMatchObject({ totalReports: 1 });
  });

  it.each([
    ['NL', '2024-12-31T23:30:00.000Z', 2025],
    ['NL', '2024-12-31T22:59:59.000Z', 2024],
    ['PT', '2024-12-31T23:30:00.000Z', 2024], // Lisbon is on UTC in winter
    ['FI', '2024-12-31T22:30:00.000Z', 2025], // Helsinki is two hours ahead
  ] as const)('in %s, a report received at %s counts in %i and in no other year', async (memberState, receivedAt, year) => {
    await given(reportReceived(R1, { receivedAt }, memberState));
    expect((await figures(year, memberState)).totalReports).toBe(1);
    expect((await figures(year === 2025 ? 2024 : 2025, memberState)).totalReports).toBe(0);
  });

  it('takes corrected values: a receivedAt moved across New Year moves the report to the other year', async () => {
    await given(reportReceived(R1, { receivedAt: '2024-12-31T22:30:00.000Z' }), reportReceived(R2, { receivedAt: '2024-06-01T10:00:00.000Z' }));
    await given(
      reportCorrected(R1, [['receivedAt', '2024-12-31T22:30:00.000Z', '2024-12-31T23:30:00.000Z']]),
      reportCorrected(R2, [['provider', { name: null, providerType: 'INTERPERSONAL_COMMUNICATION' }, { name: null, providerType: 'ONLINE_GAMING' }]]),
    );
    expect(await figures(2024)).toMatchObject({ totalReports: 1, byProviderType: counts(PROVIDER_TYPES, { ONLINE_GAMING: 1 }) });
    expect((await figures(2025)).totalReports).toBe(1);
  });

  it('a root marked a duplicate of another group takes its whole group along, across years', async () => {
    await given(
      reportReceived(R1, { receivedAt: '2024-05-01T10:00:00.000Z' }),
      reportReceived(R2, { receivedAt: '2024-06-01T10:00:00.000Z' }),
      reportMarkedDuplicate(R2, R1),
      reportReceived(R3, { receivedAt: '2023-02-01T10:00:00.000Z' }),
      reportReceived(R12, { receivedAt: '2024-07-01T10:00:00.000Z' }),
    );
    expect(await figures(2024)).toMatchObject({ totalReports: 3, distinctCases: 2, casesReportedMultipleTimes: 1, repeatReports: 1 });
    await given(reportMarkedDuplicate(R1, R3)); // R1 (with R2) joins R3's group of 2023
    expect(await figures(2024)).toMatchObject({ totalReports: 3, distinctCases: 2, casesReportedMultipleTimes: 1, repeatReports: 1 });
    expect(await figures(2023)).toMatchObject({ totalReports: 1, distinctCases: 1, casesReportedMultipleTimes: 1 });
    await given(reportMarkedDuplicate(R12, R2)); // R2's stream still names R1; the group is R3's
    expect(await figures(2024)).toMatchObject({ totalReports: 3, distinctCases: 1, casesReportedMultipleTimes: 1, repeatReports: 2 });
  });

  it('leaves withdrawn reports out of totals, breakdowns and the size of their group', async () => {
    await given(
      reportReceived(R1, { receivedAt: '2023-06-01T10:00:00.000Z' }),
      reportReceived(R2),
      reportMarkedDuplicate(R2, R1),
      reportReceived(R3),
      reportAssessed(R3, true),
      investigationOpened(I1, [R3]),
    );
    expect(await figures(2024)).toMatchObject({ totalReports: 2, casesReportedMultipleTimes: 1, actionableReports: 1, reportsInInvestigations: 1 });
    await given(reportWithdrawn(R1), reportWithdrawn(R3));
    // Left: R2, alone in R1's group.
    expect(await figures(2024)).toEqual(
      expect.objectContaining({
        totalReports: 1,
        distinctCases: 1,
        casesReportedMultipleTimes: 0,
        repeatReports: 0,
        actionableReports: 0,
        reportsInInvestigations: 0,
        byReporterKind: counts(REPORTER_KINDS, { PROVIDER: 1 }),
      }),
    );
    expect((await figures(2023)).totalReports).toBe(0);
  });

  it('keeps other count units apart, also after a correction of the unit, and never adds them to reports', async () => {
    await given(reportReceived(R1), reportReceived(R2, { countUnit: 'DOMAIN' }), reportReceived(R3, { countUnit: 'NOTIFICATION' }));
    await given(reportCorrected(R1, [['countUnit', 'REPORT', 'URL']]), reportCorrected(R3, [['countUnit', 'NOTIFICATION', 'REPORT']]));
    expect(await figures(2024)).toMatchObject({ totalReports: 1, distinctCases: 1, otherCountUnits: { NOTIFICATION: 0, URL: 1, DOMAIN: 1, INCIDENT: 0 } });
  });
});
