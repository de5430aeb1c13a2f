import { Readable } from 'node:stream';
import { QueryBus } from '@nestjs/cqrs';
import {
  ART8_METRICS,
  cellsOf,
  GetArt8DocumentQuery,
  GetArt8TraceQuery,
  NdjsonImport,
  PART_OF,
  VerifyLogQuery,
  type Actor,
  type Art8Document,
} from '@registry/application';
import { generateDemoDataSet, withRegistryChildIds } from '../../libs/application/src/demo/demo-data-set';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

const OPTIONS = { memberState: 'NL', year: 2024, scale: 'small', seed: 1232 } as const;
const AUDITOR: Actor = { userId: 'auditor-demo', role: 'auditor', memberStates: ['NL'] };
const LOADER: Actor = { userId: 'demo-loader', role: 'admin', memberStates: 'all' };

const linesOf = (lines: readonly object[]): AsyncIterable<string> =>
  Readable.from(lines.map((line) => JSON.stringify(line)));

/**
 * The demo country-year recorded into a live registry: every figure of the Art. 8 document traces to exactly as
 * many units as it counts, a side-by-side rebuild of every read model matches the live tables, and the log verifies.
 */
describe('audit over the demo data set', () => {
  let registry: TestRegistry;
  const queries = () => registry.app.get(QueryBus);
  const art8 = (year: number, asOf?: string): Promise<Art8Document> =>
    queries().execute(
      new GetArt8DocumentQuery('NL', year, { disclosure: 'exact', ...(asOf !== undefined && { asOf }) }),
    );

  beforeAll(async () => {
    registry = await startTestRegistry();
    const generated = generateDemoDataSet(OPTIONS).lines;
    const lines = withRegistryChildIds(generated, (childId) => registry.runtime.pseudonyms.childId('NL', childId));
    const summary = await registry.app.get(NdjsonImport).run(linesOf(lines), LOADER);
    expect(summary.rejected).toBe(0);
    await registry.settle();
  }, 240_000);
  afterAll(() => registry.close());

  it.each([OPTIONS.year, OPTIONS.year + 1])(
    'traces every figure of parts (a), (b) and (c) of %i to exactly as many units as it counts',
    async (year) => {
      const document = await art8(year);
      const cells = ART8_METRICS.flatMap((metric) => cellsOf(document[PART_OF[metric]], PART_OF[metric]));
      expect(cells.length).toBeGreaterThan(40);
      const mismatches: string[] = [];
      let counted = 0;
      for (const [path, value] of cells) {
        if (value === null) continue;
        const trace = await queries().execute(new GetArt8TraceQuery(AUDITOR, 'NL', year, path));
        const ids = new Set(trace.units.map((unit) => unit.id));
        const withoutEvents = trace.units.filter((unit) => unit.events.length === 0);
        if (
          trace.value !== value ||
          trace.count !== value ||
          trace.units.length !== value ||
          ids.size !== value ||
          withoutEvents.length > 0
        ) {
          mismatches.push(
            `${path}: document ${value}, trace value ${trace.value}, ${trace.units.length} units (${ids.size} distinct, ${withoutEvents.length} without events)`,
          );
        }
        counted += value;
      }
      expect(mismatches).toEqual([]);
      if (year === OPTIONS.year) expect(counted).toBeGreaterThan(500);
    },
    240_000,
  );

  it('traces a figure as it stood at an earlier position, with ids and types only', async () => {
    const { events } = await registry.runtime.store.readAll({ maxCount: 100_000 });
    const middle = events[Math.floor(events.length / 2)]!.globalPosition.toString();
    const then = await art8(OPTIONS.year, middle);
    for (const path of ['a.totalReports', 'a.actionableReports', 'b.allRoutes.total', 'c.convictions']) {
      const [part, ...rest] = path.split('.');
      const value = rest.reduce<unknown>(
        (node, key) => (node as Record<string, unknown>)[key],
        then[part as 'a' | 'b' | 'c'],
      );
      const trace = await queries().execute(new GetArt8TraceQuery(AUDITOR, 'NL', OPTIONS.year, path, { asOf: middle }));
      expect({ path, count: trace.count }).toEqual({ path, count: value });
      for (const unit of trace.units)
        for (const event of unit.events) {
          expect(Object.keys(event).sort()).toEqual(['globalPosition', 'recordedAt', 'stream', 'type']);
          expect(BigInt(event.globalPosition)).toBeLessThanOrEqual(BigInt(middle));
        }
    }
  });

  it('answers the trace over HTTP for auditors of the member state, with the breakdown as its own parameter', async () => {
    const document = await art8(OPTIONS.year);
    const auditor = await registry.as('auditor', ['NL'], 'auditor-http');
    const { body } = await auditor
      .get('/api/v1/statistics/art8/trace?ms=NL&year=2024&metric=a.bySourceChannel&breakdown=NCMEC')
      .set('X-Purpose', 'figure check')
      .expect(200);
    expect(body).toMatchObject({
      metric: 'a.bySourceChannel.NCMEC',
      value: document.a!.bySourceChannel.NCMEC,
      count: document.a!.bySourceChannel.NCMEC,
    });
    expect(body.units[0]).toEqual({
      kind: 'report',
      id: expect.any(String),
      events: expect.arrayContaining([expect.objectContaining({ type: 'ReportReceived' })]),
    });
    const persons = (
      await auditor.get('/api/v1/statistics/art8/trace?ms=NL&year=2024&metric=c.convictedPersons').expect(200)
    ).body;
    expect(persons.units.every((unit: { kind: string }) => unit.kind === 'person')).toBe(true);
    await auditor.get('/api/v1/statistics/art8/trace?ms=NL&year=2024&metric=a.noSuchFigure').expect(400);
    await (
      await registry.as('auditor', ['DE'])
    )
      .get('/api/v1/statistics/art8/trace?ms=NL&year=2024&metric=a.totalReports')
      .expect(403);
    await (
      await registry.as('statistician-exact', ['NL'])
    )
      .get('/api/v1/statistics/art8/trace?ms=NL&year=2024&metric=a.totalReports')
      .expect(403);
    await registry.settle();
    const access = (await auditor.get('/api/v1/audit/access?actor=auditor-http').expect(200)).body;
    expect(access.entries).toEqual([
      expect.objectContaining({
        accessed: 'FIGURE_TRACE',
        subject: '2024/a.bySourceChannel/NCMEC',
        purpose: 'figure check',
      }),
      expect.objectContaining({ accessed: 'FIGURE_TRACE', subject: '2024/c.convictedPersons' }),
    ]);
  });

  it('finds no difference between the live read models and a rebuild beside them, and an intact log', async () => {
    await registry.settle();
    const results = await registry.runtime.projector.verify();
    expect(results.map(({ projection }) => projection)).toEqual(
      expect.arrayContaining(['report-detail', 'statistics', 'access-log']),
    );
    expect(results.filter(({ differences }) => differences.length > 0)).toEqual([]);
    const verification = await queries().execute(new VerifyLogQuery());
    expect(verification).toMatchObject({ isIntact: true, unnotarisedEvents: 0 });
    expect(verification.eventsChecked).toBeGreaterThan(1000);
  }, 240_000);
});
