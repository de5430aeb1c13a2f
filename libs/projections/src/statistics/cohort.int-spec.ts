/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  chargeFiled,
  childId,
  childIdentified,
  investigationId,
  investigationOpened,
  judgmentBecameFinal,
  judgmentId,
  judgmentRecorded,
  offenceClassified,
  offenceId,
  personId,
  reportAssessed,
  reportId,
  reportLinked,
  reportReceived,
  reportWithdrawn,
  suspectIdentified,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { currentMoment, momentAtPosition } from './as-of';
import { queryCohort } from './cohort.query';

/** The report-to-conviction funnel for the reports of one year: the linkage COM(2025) 740 found missing. */
const [R1, R2, R3, R4, R5] = [1, 2, 3, 4, 5].map(reportId) as [string, string, string, string, string];
const [I1, I2] = [1, 2].map(investigationId) as [string, string];
const [P1, P2] = [1, 2].map(personId) as [string, string];
const [O1, O2] = [1, 2].map(offenceId) as [string, string];

describe('report-to-conviction cohort, hand-computed', () => {
  let db: StatisticsReadModels;
  beforeAll(async () => {
    db = await openStatisticsReadModels();
  });
  afterAll(() => db?.close());

  it('follows each report of the year through investigation, child, charge, conviction and finality, by outcome year', async () => {
    const log = new StatisticsLog();
    await db.reset();
    await db.project(
      log.record(
        // R1: the whole chain, from a report of January 2024 to a final conviction of January 2025.
        reportReceived(R1, { receivedAt: '2024-01-10T10:00:00.000Z' }),
        reportAssessed(R1, true),
        investigationOpened(I1, [R1], '2024-02-01T09:00:00.000Z'),
        offenceClassified(I1, O1, 'ONLINE'),
        childIdentified(childId(1), I1, { identifiedAt: '2024-03-01T10:00:00.000Z', linkedReportIds: [R1] }),
        suspectIdentified(I1, P1, [R1]),
        chargeFiled(I1, P1, [O1], '2024-06-01T10:00:00.000Z'),
        judgmentRecorded(judgmentId(1), I1, P1, { decidedAt: '2025-01-20T10:00:00.000Z', convictedOffenceIds: [O1] }),
        judgmentBecameFinal(judgmentId(1), '2025-03-01T10:00:00.000Z'),
        // R2: assessed not actionable, goes no further.
        reportReceived(R2, { receivedAt: '2024-05-01T10:00:00.000Z' }),
        reportAssessed(R2, false),
        // R3: investigated from 23:30 UTC on 31 December 2024, which is 2025 in Amsterdam; convicted, not final.
        reportReceived(R3, { receivedAt: '2024-06-01T10:00:00.000Z' }),
        reportAssessed(R3, true),
        investigationOpened(I2, [], '2024-12-31T23:30:00.000Z'),
        reportLinked(I2, R3),
        offenceClassified(I2, O2, 'OFFLINE'),
        suspectIdentified(I2, P2, [R3]),
        chargeFiled(I2, P2, [O2], '2025-03-01T10:00:00.000Z'),
        judgmentRecorded(judgmentId(2), I2, P2, { decidedAt: '2025-06-01T10:00:00.000Z', convictedOffenceIds: [O2] }),
        // Not in the 2024 cohort: a report of 2023, and a withdrawn one.
        reportReceived(R4, { receivedAt: '2023-06-01T10:00:00.000Z' }),
        reportReceived(R5, { receivedAt: '2024-07-01T10:00:00.000Z' }),
        reportWithdrawn(R5),
      ),
    );
    expect(await queryCohort(db.readModels.manager, 'NL', 2024, await currentMoment(db.readModels.manager))).toEqual({
      reports: 3,
      stages: {
        actionable: { reports: 2, byYear: {} },
        investigated: { reports: 2, byYear: { '2024': 1, '2025': 1 } },
        childIdentified: { reports: 1, byYear: { '2024': 1 } },
        charged: { reports: 2, byYear: { '2024': 1, '2025': 1 } },
        convicted: { reports: 2, byYear: { '2025': 2 } },
        finalConviction: { reports: 1, byYear: { '2025': 1 } },
      },
      // R1: 10 Jan 2024 → 20 Jan 2025 = 366 + 10 = 376 days; R3: 1 Jun 2024 → 1 Jun 2025 = 365 days.
      medianDaysToConviction: 370.5,
    });
    // As it stood before R3's judgment (the 19th event): one conviction, so the median is R1's 376 days.
    const before = await queryCohort(db.readModels.manager, 'NL', 2024, await momentAtPosition(db.readModels.manager, [18n, 18n]));
    expect(before.stages.convicted).toEqual({ reports: 1, byYear: { '2025': 1 } });
    expect(before.medianDaysToConviction).toBe(376);
  });

  it('has no median when no report led to a conviction (null, never 0)', async () => {
    const log = new StatisticsLog();
    await db.reset();
    await db.project(log.record(reportReceived(R1), reportAssessed(R1, true)));
    const cohort = await queryCohort(db.readModels.manager, 'NL', 2024, await currentMoment(db.readModels.manager));
    expect(cohort).toMatchObject({ reports: 1, medianDaysToConviction: null, stages: { actionable: { reports: 1 }, convicted: { reports: 0, byYear: {} } } });
  });

  it('does not credit a report with what happened before it arrived', async () => {
    const log = new StatisticsLog();
    await db.reset();
    await db.project(
      log.record(
        // An investigation opened, convicted and final in 2024; a report of December 2024 is linked to it later.
        reportReceived(R1, { receivedAt: '2024-01-10T10:00:00.000Z' }),
        investigationOpened(I1, [R1], '2024-02-01T09:00:00.000Z'),
        offenceClassified(I1, O1, 'ONLINE'),
        suspectIdentified(I1, P1, [R1]),
        chargeFiled(I1, P1, [O1], '2024-06-01T10:00:00.000Z'),
        judgmentRecorded(judgmentId(1), I1, P1, { decidedAt: '2024-09-01T10:00:00.000Z', convictedOffenceIds: [O1] }),
        reportReceived(R2, { receivedAt: '2024-12-01T10:00:00.000Z' }),
        reportLinked(I1, R2),
      ),
    );
    const cohort = await queryCohort(db.readModels.manager, 'NL', 2024, await currentMoment(db.readModels.manager));
    // Both reports are in the investigation (R2 from its receipt), but only R1 led to the charge and conviction.
    expect(cohort.stages.investigated).toEqual({ reports: 2, byYear: { '2024': 2 } });
    expect(cohort.stages.charged).toEqual({ reports: 1, byYear: { '2024': 1 } });
    expect(cohort.stages.convicted).toEqual({ reports: 1, byYear: { '2024': 1 } });
    // 10 Jan → 1 Sep 2024: a positive lag, never a negative one from R2.
    expect(cohort.medianDaysToConviction).toBe(235);
  });
});
