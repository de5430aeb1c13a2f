import type { RecordedEvent } from '@registry/event-store';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  appealLodged,
  chargeFiled,
  childCorrected,
  childIdentified,
  childId,
  childrenMerged,
  dataNotAvailableDeclared,
  investigationClosed,
  investigationId,
  investigationOpened,
  judgmentBecameFinal,
  judgmentId,
  judgmentModifiedOnAppeal,
  judgmentRecorded,
  offenceClassified,
  offenceId,
  personId,
  reportAssessed,
  reportCorrected,
  reportId,
  reportLinked,
  reportMarkedDuplicate,
  reportReceived,
  reportWithdrawn,
  type StatisticsDomainEvent,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { ReportDetailProjection } from '../report-detail/report-detail.projection';
import { STATISTICS_TABLES } from '../migrations/1732350000000-statistics';

const R = (n: number) => reportId(n);

/**
 * A log in which later events depend on earlier ones of the same batch: duplicate groups that chain and merge,
 * corrections of a report received a few events before, a child whose links are replaced, an appeal.
 */
const entangledLog = (): StatisticsDomainEvent[] => [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => reportReceived(R(n), { externalReference: `CT-${n}`, receivedAt: `2024-0${(n % 9) + 1}-03T10:00:00.000Z` })),
  reportMarkedDuplicate(R(2), R(1), 'SAME_CONTENT_HASH'),
  reportMarkedDuplicate(R(3), R(2), 'SAME_ACCOUNT'), // joins 1's group through 2
  reportAssessed(R(1), true),
  reportCorrected(R(4), [['receivedAt', '2024-05-03T10:00:00.000Z', '2023-12-31T23:30:00.000Z']]),
  reportMarkedDuplicate(R(5), R(4)),
  reportMarkedDuplicate(R(4), R(1)), // 4 and its group (5) join 1's
  reportWithdrawn(R(6)),
  reportReceived(R(9), { contentCategory: 'NEW_CSAM' }, 'BE'),
  reportMarkedDuplicate(R(9), R(1)),
  investigationOpened(investigationId(1), [R(1), R(2)]),
  reportLinked(investigationId(1), R(7)),
  offenceClassified(investigationId(1), offenceId(1), 'ONLINE'),
  chargeFiled(investigationId(1), personId(1), [offenceId(1)], '2024-06-01T09:00:00.000Z'),
  childIdentified(childId(1), investigationId(1), { linkedReportIds: [R(1), R(7)] }),
  childIdentified(childId(2), investigationId(1), { linkedReportIds: [R(2)] }),
  childCorrected(childId(1), [
    ['sex', 'FEMALE', 'MALE'],
    ['linkedReportIds', [R(1), R(7)], [R(8)]],
  ]),
  childrenMerged(childId(2), childId(1)),
  judgmentRecorded(judgmentId(1), investigationId(1), personId(1), { convictedOffenceIds: [offenceId(1)] }),
  appealLodged(judgmentId(1), '2024-12-01T09:00:00.000Z'),
  judgmentModifiedOnAppeal(judgmentId(1), 'ACQUITTED', '2025-02-01T09:00:00.000Z'),
  judgmentBecameFinal(judgmentId(1), '2025-03-01T09:00:00.000Z'),
  investigationClosed(investigationId(1)),
  dataNotAvailableDeclared('NL', 2024, 'ART8_1_B'),
  reportAssessed(R(3), false),
  reportCorrected(R(3), [['contentCategory', 'KNOWN_CSAM', 'SOLICITATION']]),
];

const inBatchesOf = (events: readonly RecordedEvent[], size: number): RecordedEvent[][] =>
  Array.from({ length: Math.ceil(events.length / size) }, (_, index) => events.slice(index * size, (index + 1) * size));

describe('statistics and report detail in batches', () => {
  let db: StatisticsReadModels;
  const detail = new ReportDetailProjection();
  beforeAll(async () => {
    db = await openStatisticsReadModels();
  });
  afterAll(() => db?.close());

  /** Every row of every table, as sorted JSON: the same read model whatever the batches were. */
  const snapshot = async (): Promise<string[]> => {
    const tables = [...STATISTICS_TABLES, 'report_detail'];
    const rows = await Promise.all(tables.map(async (table) => (await db.readModels.query<object[]>(`SELECT * FROM ${table}`)).map((row) => `${table} ${JSON.stringify(row)}`)));
    return rows.flat().sort();
  };

  const applyIn = async (batches: readonly RecordedEvent[][]): Promise<string[]> => {
    await db.reset();
    await db.readModels.query('TRUNCATE report_detail');
    for (const batch of batches) {
      await db.project(batch);
      const reports = batch.filter((event) => event.streamName.startsWith('report-'));
      if (reports.length > 0) await db.readModels.transaction((manager) => detail.apply(reports, manager));
    }
    return snapshot();
  };

  it('gives the same rows event by event, in one batch, and in batches of 7', async () => {
    const log = new StatisticsLog().record(...entangledLog());

    const oneByOne = await applyIn(log.map((event) => [event]));
    expect(oneByOne.length).toBeGreaterThan(60);
    expect(await applyIn([log])).toEqual(oneByOne);
    expect(await applyIn(inBatchesOf(log, 7))).toEqual(oneByOne);
  }, 60_000);

  it('applies a batch delivered twice once', async () => {
    const log = new StatisticsLog().record(...entangledLog());
    const once = await applyIn([log]);
    await db.project(log);
    await db.readModels.transaction((manager) => detail.apply(log.filter((event) => event.streamName.startsWith('report-')), manager));
    expect(await snapshot()).toEqual(once);
  }, 60_000);
});
