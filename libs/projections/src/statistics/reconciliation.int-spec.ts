/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import { publishedNcmecFigureRecorded, reportCorrected, reportId, reportReceived, reportWithdrawn, type StatisticsDomainEvent } from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { currentMoment } from './as-of';
import { queryReconciliation } from './reconciliation.query';

/** NCMEC-referenced reports per year against NCMEC's published per-country figure (P6 of mission.md). */
const R = (n: number) => reportId(n);

describe('reconciliation with NCMEC published figures, hand-computed', () => {
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
  const reconciliation = async () => queryReconciliation(db.readModels.manager, 'NL', await currentMoment(db.readModels.manager));

  const reports = [
    // Counted for 2024: three reports through NCMEC with a CyberTipline number.
    reportReceived(R(1), { externalReference: 'CT-1' }),
    reportReceived(R(2), { externalReference: 'CT-2' }),
    reportReceived(R(3), { externalReference: 'CT-3', receivedAt: '2023-12-31T23:30:00.000Z' }), // 2024 in Amsterdam
    // Not counted: no reference, another channel, withdrawn, another unit, another member state.
    reportReceived(R(4), { externalReference: null }),
    reportReceived(R(5), { sourceChannel: 'INHOPE_HOTLINE', reporterKind: 'PUBLIC_INTEREST_ORGANISATION', externalReference: 'IH-5' }),
    reportReceived(R(6), { externalReference: 'CT-6' }),
    reportWithdrawn(R(6)),
    reportReceived(R(7), { externalReference: 'CT-7', countUnit: 'NOTIFICATION' }),
    reportReceived(R(8), { externalReference: 'CT-8' }, 'BE'),
    // 2025: one report, no published figure yet.
    reportReceived(R(9), { externalReference: 'CT-9', receivedAt: '2025-02-01T10:00:00.000Z' }),
  ];

  it('gives the difference and ratio per year, null without a published figure; a later figure replaces the earlier', async () => {
    await given(
      ...reports,
      publishedNcmecFigureRecorded('NL', 2024, 5),
      publishedNcmecFigureRecorded('NL', 2024, 4), // NCMEC revised it
      publishedNcmecFigureRecorded('NL', 2023, 2),
      publishedNcmecFigureRecorded('BE', 2024, 100),
    );
    expect(await reconciliation()).toEqual([
      { year: 2023, reportsWithNcmecReference: 0, publishedNcmecFigure: 2, source: 'COM(2025) 740, Table 7', difference: -2, ratio: 0 },
      { year: 2024, reportsWithNcmecReference: 3, publishedNcmecFigure: 4, source: 'COM(2025) 740, Table 7', difference: -1, ratio: 0.75 },
      { year: 2025, reportsWithNcmecReference: 1, publishedNcmecFigure: null, source: null, difference: null, ratio: null },
    ]);
  });

  it('follows corrections of the external reference and the channel', async () => {
    await given(...reports, publishedNcmecFigureRecorded('NL', 2024, 4));
    // R4's CyberTipline number was typed in later; R2 came through Europol, not NCMEC.
    await given(reportCorrected(R(4), [['externalReference', null, 'CT-4']]), reportCorrected(R(5), [['sourceChannel', 'INHOPE_HOTLINE', 'NCMEC']]));
    await given(reportCorrected(R(2), [['sourceChannel', 'NCMEC', 'EUROPOL']]));
    // 2024: R1, R3, R4 (now referenced), R5 (now NCMEC, with its reference); not R2. 4 of 4 published.
    expect((await reconciliation()).find((row) => row.year === 2024)).toMatchObject({ reportsWithNcmecReference: 4, difference: 0, ratio: 1 });
    await given(reportCorrected(R(1), [['externalReference', 'CT-1', null]]));
    expect((await reconciliation()).find((row) => row.year === 2024)).toMatchObject({ reportsWithNcmecReference: 3, difference: -1, ratio: 0.75 });
  });
});
