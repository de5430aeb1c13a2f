import type { DataSource } from 'typeorm';
import { reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/** Every read model's rows, in a stable order, for comparing a live projector with a rebuild. */
const dumpReadModels = async (readModels: DataSource) => ({
  reports: await readModels.query(`SELECT report_id, member_state, revision, facts, assessment, duplicate_of FROM report_detail ORDER BY report_id`),
  statistics: await readModels.query(
    `SELECT report_id, year, actionable, is_withdrawn, group_root, valid_to IS NULL AS is_current FROM stat_report ORDER BY report_id, valid_from`,
  ),
});

describe('the projector on EventStoreDB when the connection drops', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    // The double is the only way to cut the connection on purpose; a real server in EVENTSTORE_URL cannot.
    registry = await startTestRegistry(undefined, { eventStore: 'eventstoredb' });
  }, 60_000);
  afterAll(() => registry.close());

  it('resubscribes from its checkpoint, and the read models equal a rebuild', async () => {
    if (!registry.eventStoreDouble) return expect(process.env.EVENTSTORE_URL).toBeDefined();
    const record = async (count: number) => {
      for (let n = 0; n < count; n++) {
        const report = reportBody({ memberState: 'LU', receivedAt: `2024-0${1 + (n % 9)}-15T10:00:00Z` });
        await registry.http.post('/api/v1/reports').send(report).expect(201);
        if (n % 3 === 0) {
          await registry.http.post(`/api/v1/reports/${report.reportId}/assessments`).send({ actionable: true, assessedAt: '2024-10-01T10:00:00Z' }).expect(201);
        }
      }
    };
    await record(20);
    // Cut the connection while the subscriptions are live, twice, with writes in between.
    registry.eventStoreDouble.dropConnections();
    await record(20);
    registry.eventStoreDouble.dropConnections();
    await record(10);
    await registry.settle();
    const live = await dumpReadModels(registry.runtime.readModels);
    expect(live.reports).toHaveLength(50);

    await registry.runtime.projector.rebuild(registry.runtime.projector.projections.filter(({ name }) => ['report-detail', 'statistics'].includes(name)));
    expect(await dumpReadModels(registry.runtime.readModels)).toEqual(live);
  }, 120_000);
});
