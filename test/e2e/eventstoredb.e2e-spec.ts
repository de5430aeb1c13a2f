import { randomUUID } from 'node:crypto';
import { reportBody } from '../support/lifecycle-fixtures';
import { newChainIds, recordChain, type Chain } from '../support/report-to-conviction-chain';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/** What a statistics office reads, without the log positions, which differ between stores by design. */
const figuresOf = async (registry: TestRegistry) => {
  const withoutAsOf = ({ asOf: _asOf, ...rest }: Record<string, unknown>) => rest;
  const art8 = await registry.http.get('/api/v1/statistics/art8?ms=NL&year=2024').expect(200);
  const cohort = await registry.http.get('/api/v1/statistics/cohort?ms=NL&reportYear=2024').expect(200);
  return { art8: withoutAsOf(art8.body), cohort: withoutAsOf(cohort.body) };
};

/**
 * The record views without what legitimately differs between two registries: write timestamps, and the
 * pseudonyms (keyed hashes with each registry's own secret), which are replaced by placeholders.
 */
const viewsOf = async (registry: TestRegistry, chain: Chain) => {
  const investigation = (await registry.http.get(`/api/v1/investigations/${chain.investigationId}`).expect(200)).body as {
    suspects: { personId: string }[];
  };
  const personPseudonym = investigation.suspects[0]?.personId ?? 'none';
  const get = async (path: string) => {
    const { body } = await registry.http.get(path).expect(200);
    const { recordedAt: _r, updatedAt: _u, ...rest } = body as Record<string, unknown>;
    return JSON.parse(JSON.stringify(rest).replaceAll(chain.childPseudonym, '<child>').replaceAll(personPseudonym, '<person>')) as unknown;
  };
  const ids = { ...chain, childId: chain.childPseudonym };
  return {
    report: await get(`/api/v1/reports/${ids.originalReportId}`),
    investigation: await get(`/api/v1/investigations/${ids.investigationId}`),
    child: await get(`/api/v1/children/${ids.childId}`),
    judgment: await get(`/api/v1/judgments/${ids.judgmentId}`),
  };
};

describe('the same chain on PostgreSQL and on EventStoreDB', () => {
  const ids = newChainIds();
  const results: Record<string, { figures: unknown; views: unknown }> = {};

  it.each(['postgres', 'eventstoredb'] as const)('records report → final conviction with events in %s', async (eventStore) => {
    const registry = await startTestRegistry(undefined, { eventStore });
    try {
      const chain = await recordChain(registry.http, ids);
      await registry.settle();
      results[eventStore] = { figures: await figuresOf(registry), views: await viewsOf(registry, chain) };
    } finally {
      await registry.close();
    }
  }, 90_000);

  it('gives identical Art. 8 figures, cohort and record views on both', () => {
    expect(results.postgres).toBeDefined();
    expect(results.eventstoredb).toEqual(results.postgres);
    expect(results.postgres?.figures).toMatchObject({
      art8: { a: { totalReports: 2, distinctCases: 1, reportsInInvestigations: 2 }, b: { art3: { female: 1, total: 1 } }, c: { convictedPersons: 1, convictedPersonsFinal: 1, convictedPersonsLinkedToReports: 1 } },
    });
  });
});

describe("an erased report's account on EventStoreDB", () => {
  it('is claimed again by the next report with it (an append at the revision of the release)', async () => {
    const registry = await startTestRegistry(undefined, { eventStore: 'eventstoredb' });
    try {
      const account = `acctsecretref-${randomUUID()}`;
      const [erased, later, third] = [1, 2, 3].map(() => reportBody({ accountRefs: [account] }));
      await registry.http.post('/api/v1/reports').send(erased).expect(201);
      const admin = await registry.as('admin', ['NL']);
      const erasure = { subjectId: erased!.reportId, reason: 'DATA_SUBJECT_REQUEST' };
      await admin.post('/api/v1/erasures').send(erasure).expect(201);
      await registry.http.post('/api/v1/reports').send(later).expect(201);
      await registry.http.post('/api/v1/reports').send(third).expect(201);
      await registry.settle();
      const duplicateOf = async (reportId: string) =>
        (await registry.http.get(`/api/v1/reports/${reportId}`).expect(200)).body.duplicateOf;
      expect(await duplicateOf(later!.reportId)).toBeNull();
      expect(await duplicateOf(third!.reportId)).toEqual({ reportId: later!.reportId, basis: 'SAME_ACCOUNT' });
    } finally {
      await registry.close();
    }
  }, 90_000);
});

describe('a report that joins two cases on EventStoreDB', () => {
  it('joins them when a write to one root refuses its first attempt (markings and claims before the report)', async () => {
    const registry = await startTestRegistry(undefined, { eventStore: 'eventstoredb' });
    try {
      const hash = { algorithm: 'PDQ', value: randomUUID().replace(/-/g, '') };
      const account = `acctsecretref-${randomUUID()}`;
      const first = reportBody({ contentHashes: [hash] });
      const second = reportBody({ accountRefs: [account] });
      const joining = reportBody({ contentHashes: [hash], accountRefs: [account] });
      for (const report of [first, second]) await registry.http.post('/api/v1/reports').send(report).expect(201);
      // An analyst assesses the second report between the joining report's read and its appends: the marking of
      // the second report, written at the revision read, is refused, and the joining report is decided again.
      const { store } = registry.runtime;
      const append = store.appendToStreams.bind(store);
      let interfered = false;
      const interfering = jest.spyOn(store, 'appendToStreams').mockImplementation(async (appends) => {
        if (!interfered && appends.some(({ streamName }) => streamName === `report-${joining.reportId}`)) {
          interfered = true;
          await registry.http
            .post(`/api/v1/reports/${second.reportId}/assessments`)
            .send({ actionable: true, assessedAt: '2024-03-02T08:00:00Z' })
            .expect(201);
        }
        return append(appends);
      });
      try {
        await registry.http.post('/api/v1/reports').send(joining).expect(201);
      } finally {
        interfering.mockRestore();
      }
      expect(interfered).toBe(true);
      await registry.settle();
      const duplicateOf = async (reportId: string) =>
        (await registry.http.get(`/api/v1/reports/${reportId}`).expect(200)).body.duplicateOf;
      expect(await duplicateOf(joining.reportId)).toEqual({ reportId: first.reportId, basis: 'SAME_CONTENT_HASH' });
      expect(await duplicateOf(second.reportId)).toEqual({ reportId: first.reportId, basis: 'SAME_ACCOUNT' });
    } finally {
      await registry.close();
    }
  }, 90_000);
});
