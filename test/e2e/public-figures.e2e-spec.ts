import { reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

const V1 = '/api/v1';

/** What a plain statistician reads: small counts withheld in every statistics answer, not only in the Art. 8 one. */
describe('public figures over HTTP', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
    // Two reports not yet assessed: a.unassessedReports and (a)'s pending are both 2, a small count.
    for (const receivedAt of ['2024-03-01T10:00:00Z', '2024-04-01T10:00:00Z']) {
      await registry.http.post(`${V1}/reports`).send(reportBody({ receivedAt })).expect(201);
    }
    await registry.settle();
  }, 60_000);
  afterAll(() => registry.close());

  it('withholds a small pending count from the quality matrix as from the Art. 8 document', async () => {
    const statistician = await registry.as('statistician', ['NL']);
    const document = (await statistician.get(`${V1}/statistics/art8?ms=NL&year=2024`).expect(200)).body;
    expect(document.a.unassessedReports).toBeNull();
    expect(document.status.ART8_1_A.pending).toBeNull();

    const matrix = (await statistician.get(`${V1}/statistics/quality?ms=NL`).expect(200)).body;
    const year2024 = matrix.years.find((row: { year: number }) => row.year === 2024);
    expect(year2024.metrics).toEqual(document.status);
    expect(matrix.disclosure).toBe('public');

    const exact = await registry.as('statistician-exact', ['NL']);
    const exactMatrix = (await exact.get(`${V1}/statistics/quality?ms=NL`).expect(200)).body;
    expect(exactMatrix.years.find((row: { year: number }) => row.year === 2024).metrics.ART8_1_A.pending).toBe(2);
  });
});
