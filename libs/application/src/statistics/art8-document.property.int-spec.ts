import fc from 'fast-check';
import { logPositionSortKey, type RecordedEvent } from '@registry/event-store';
import { currentMoment, momentAtPosition, queryArt8Figures, type StatisticsMoment } from '@registry/projections';
import type { EntityManager } from 'typeorm';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import { csvObjects } from '../../../../test/support/statistics-csv';
import { disclosureProblems } from '../../../../test/support/statistics-disclosure';
import type { StatisticsDomainEvent } from '../../../../test/support/statistics-events';
import { historyArbitrary, historyOf, STATISTICS_MEMBER_STATES, STATISTICS_YEARS } from '../../../../test/support/statistics-history';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
import { art8Oracle } from '../../../../test/support/statistics-oracle';
/* eslint-enable no-restricted-imports */
import { renderArt8, SDMX_COLUMNS } from './art8-formats';
import { buildArt8Document } from './get-art8-document';
import { invariantViolations } from './invariants';

/**
 * Random valid histories (several member states, three years, New Year boundaries, duplicates and group
 * moves, corrections, withdrawals, investigations, children and merges, judgments with appeals and finality,
 * declarations and methodology changes), projected in random batches: every Art. 8 document must equal the
 * in-memory recomputation of test/support/statistics-oracle.ts, now and as of any earlier event.
 */
const NUM_RUNS = Number(process.env.STATISTICS_PROPERTY_RUNS ?? 25);

describe('Art. 8 documents equal a recomputation from the events (property)', () => {
  let db: StatisticsReadModels;
  beforeAll(async () => {
    db = await openStatisticsReadModels();
  });
  afterAll(() => db?.close());

  /** Projects the log in batches of the given sizes (cycled), then delivers one earlier batch again. */
  const project = async (recorded: readonly RecordedEvent[], sizes: readonly number[], again: number) => {
    const batches: RecordedEvent[][] = [];
    for (let start = 0, i = 0; start < recorded.length; i++) {
      const size = sizes[i % sizes.length]!;
      batches.push(recorded.slice(start, start + size));
      start += size;
    }
    for (const batch of batches) await db.project(batch);
    // At-least-once delivery: a batch seen again changes nothing.
    if (batches.length > 0) await db.project(batches[again % batches.length]!);
  };

  const expectDocument = async (manager: EntityManager, events: readonly StatisticsDomainEvent[], memberState: (typeof STATISTICS_MEMBER_STATES)[number], year: number, moment: StatisticsMoment) => {
    const expected = art8Oracle(events, memberState, year);
    const figures = await queryArt8Figures(manager, memberState, year, moment);
    expect({ memberState, year, ...figures }).toEqual({ memberState, year, ...expected.figures });
    expect(invariantViolations(figures.a, figures.b, figures.c)).toEqual([]);
    // The document: the same figures, null (never 0) for a metric declared not available, and its quality.
    const document = await buildArt8Document(manager, memberState, year, moment, 'exact');
    const shown = (metric: 'ART8_1_A' | 'ART8_1_B' | 'ART8_1_C', part: object) => (expected.quality[metric].status === 'NOT_AVAILABLE' ? null : part);
    expect(document.status).toEqual(expected.quality);
    expect([document.a, document.b, document.c]).toEqual([shown('ART8_1_A', expected.figures.a), shown('ART8_1_B', expected.figures.b), shown('ART8_1_C', expected.figures.c)]);
    return document;
  };

  it('now, as of a random earlier event, and in public disclosure', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary(),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        async (intents, batchSizes, cut, again) => {
          await db.reset();
          const events = historyOf(intents);
          const log = new StatisticsLog();
          const recorded = log.record(...events);
          await project(recorded, batchSizes, again);
          const { manager } = db.readModels;
          const now = await currentMoment(manager);
          for (const memberState of STATISTICS_MEMBER_STATES) {
            for (const year of STATISTICS_YEARS) {
              const exact = await expectDocument(manager, events, memberState, year, now);
              if (memberState === 'NL' && year === 2024) {
                const published = await buildArt8Document(manager, memberState, year, now, 'public');
                expect(disclosureProblems(exact, published)).toEqual([]);
                // Its sdmx-csv reads back with the listed columns and codes, and no small count.
                const { header, rows } = csvObjects(renderArt8(published, 'sdmx-csv'));
                expect(header).toEqual([...SDMX_COLUMNS]);
                for (const row of rows) {
                  expect([row.FREQ, ['F', 'M', '_U', '_T', '_Z'].includes(row.SEX!), ['A', 'P', 'M', 'B'].includes(row.OBS_STATUS!), ['F', 'C', 'D'].includes(row.CONF_STATUS!)]).toEqual(['A', true, true, true]);
                  expect(['1', '2', '3', '4']).not.toContain(row.OBS_VALUE);
                }
              }
            }
          }
          // As of a random earlier event: every figure exactly as it stood right after it (the event that
          // changed a fact must count once, with its new value: never both versions, never neither).
          if (recorded.length > 0) {
            const k = (cut % recorded.length) + 1;
            const moment = await momentAtPosition(manager, logPositionSortKey(recorded[k - 1]!.position));
            expect(moment.globalPosition).toBe(String(k));
            for (const memberState of STATISTICS_MEMBER_STATES) {
              for (const year of STATISTICS_YEARS) {
                const expected = art8Oracle(events.slice(0, k), memberState, year);
                expect({ memberState, year, k, ...(await queryArt8Figures(manager, memberState, year, moment)) }).toEqual({ memberState, year, k, ...expected.figures });
              }
            }
            const [memberState, year] = [STATISTICS_MEMBER_STATES[cut % 3]!, STATISTICS_YEARS[Math.floor(cut / 3) % 3]!];
            await expectDocument(manager, events.slice(0, k), memberState, year, moment);
          }
        },
      ),
      { numRuns: NUM_RUNS, endOnFailure: process.env.STATISTICS_PROPERTY_SHRINK !== '1' },
    );
  }, 170_000);
});
