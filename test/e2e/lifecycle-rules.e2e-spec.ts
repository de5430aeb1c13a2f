import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from '../support/lifecycle-fixtures';

/** Every rule of the lifecycle refuses with its status and code, and appends nothing. */
describe('lifecycle rules over HTTP', () => {
  let registry: TestRegistry;
  let http: TestAgent;
  beforeAll(async () => {
    registry = await startTestRegistry();
    http = registry.http;
  }, 60_000);
  afterAll(() => registry.close());

  const refused = async (request: () => Promise<{ status: number; body: { code?: string } }>, status: number, code: string) => {
    const before = await registry.eventCount();
    const response = await request();
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(await registry.eventCount()).toBe(before);
  };

  /** An open NL investigation on one report, with one online offence and one suspect. */
  const anInvestigation = async () => {
    const report = reportBody();
    await http.post('/api/v1/reports').send(report).expect(201);
    const investigation = investigationBody([report.reportId]);
    await http.post('/api/v1/investigations').send(investigation).expect(201);
    const offence = offenceBody();
    await http.post(`/api/v1/investigations/${investigation.investigationId}/offences`).send(offence).expect(201);
    const personId = randomUUID();
    await http.post(`/api/v1/investigations/${investigation.investigationId}/suspects`).send({ personId }).expect(201);
    return { report, investigationId: investigation.investigationId, offenceId: offence.offenceId, personId };
  };

  it('refuses to link a report that does not exist (409)', async () => {
    const { investigationId } = await anInvestigation();
    await refused(() => http.post(`/api/v1/investigations/${investigationId}/reports`).send({ reportId: randomUUID() }), 409, 'INVESTIGATION.REPORT_NOT_FOUND');
  });

  it('refuses to link a report of another member state, as if it did not exist (409)', async () => {
    const { investigationId } = await anInvestigation();
    const belgian = reportBody({ memberState: 'BE' });
    await http.post('/api/v1/reports').send(belgian).expect(201);
    await refused(() => http.post(`/api/v1/investigations/${investigationId}/reports`).send({ reportId: belgian.reportId }), 409, 'INVESTIGATION.REPORT_NOT_FOUND');
  });

  it('refuses to open an investigation on a missing report (409)', async () => {
    await refused(() => http.post('/api/v1/investigations').send(investigationBody([randomUUID()])), 409, 'INVESTIGATION.REPORT_NOT_FOUND');
  });

  it('refuses a command on an investigation that does not exist (404)', async () => {
    await refused(() => http.post(`/api/v1/investigations/${randomUUID()}/offences`).send(offenceBody()), 404, 'INVESTIGATION.NOT_FOUND');
  });

  it('refuses a conviction of an offence that is not of the investigation (409)', async () => {
    const { investigationId, personId } = await anInvestigation();
    await refused(() => http.post('/api/v1/judgments').send(judgmentBody(investigationId, personId, [randomUUID()])), 409, 'JUDGMENT.UNKNOWN_OFFENCE');
  });

  it('refuses a judgment on a person who is not a suspect of the investigation (409)', async () => {
    const { investigationId, offenceId } = await anInvestigation();
    await refused(() => http.post('/api/v1/judgments').send(judgmentBody(investigationId, randomUUID(), [offenceId])), 409, 'JUDGMENT.PERSON_NOT_SUSPECT');
  });

  it('refuses finality while an appeal is pending, and a second finality (409)', async () => {
    const { investigationId, personId, offenceId } = await anInvestigation();
    const judgment = judgmentBody(investigationId, personId, [offenceId]);
    await http.post('/api/v1/judgments').send(judgment).expect(201);
    await http.post(`/api/v1/judgments/${judgment.judgmentId}/appeals`).send({ lodgedAt: '2024-12-01T10:00:00Z', by: 'DEFENCE' }).expect(201);
    const finality = () => http.post(`/api/v1/judgments/${judgment.judgmentId}/finality`).send({ finalAt: '2025-01-01T00:00:00Z' });
    await refused(finality, 409, 'JUDGMENT.APPEAL_PENDING');
    await http.post(`/api/v1/judgments/${judgment.judgmentId}/appeal-outcome`).send({ newOutcome: 'CONVICTED', decidedAt: '2025-02-01T10:00:00Z' }).expect(201);
    await http.post(`/api/v1/judgments/${judgment.judgmentId}/finality`).send({ finalAt: '2025-03-01T00:00:00Z' }).expect(201);
    await refused(() => http.post(`/api/v1/judgments/${judgment.judgmentId}/finality`).send({ finalAt: '2025-04-01T00:00:00Z' }), 409, 'JUDGMENT.FINAL');
  });

  it('refuses new facts on a merged child record (409)', async () => {
    const { investigationId, report } = await anInvestigation();
    const kept = childBody(investigationId, [report.reportId]);
    const duplicate = childBody(investigationId, [report.reportId]);
    // Records are addressed by the registry's id (the keyed hash of the authority's child id) that POST answers.
    const keptId = (await http.post('/api/v1/children').send(kept).expect(201)).body.id;
    const duplicateId = (await http.post('/api/v1/children').send(duplicate).expect(201)).body.id;
    await http.post(`/api/v1/children/${duplicateId}/merged-into`).send({ childId: keptId }).expect(201);
    await refused(
      () => http.post(`/api/v1/children/${duplicateId}/corrections`).send({ changes: { sex: 'MALE' }, reason: 'typo' }),
      409,
      'CHILD.MERGED',
    );
  });

  it('refuses new facts on a closed investigation, but still records its judgments', async () => {
    const { investigationId, personId, offenceId } = await anInvestigation();
    await http.post(`/api/v1/investigations/${investigationId}/closure`).send({ outcome: 'NO_FURTHER_ACTION', closedAt: '2024-09-01T09:00:00Z' }).expect(201);
    await refused(() => http.post(`/api/v1/investigations/${investigationId}/offences`).send(offenceBody()), 409, 'INVESTIGATION.CLOSED');
    await refused(() => http.post(`/api/v1/investigations/${investigationId}/suspects`).send({ personId: randomUUID() }), 409, 'INVESTIGATION.CLOSED');
    await http.post('/api/v1/judgments').send(judgmentBody(investigationId, personId, [offenceId])).expect(201);
  });

  it('refuses a child of an investigation that does not exist (409)', async () => {
    await refused(() => http.post('/api/v1/children').send(childBody(randomUUID(), [])), 409, 'CHILD.INVESTIGATION_NOT_FOUND');
  });

  it("accepts the authority's own child id where the registry's pseudonym is expected (import files know only theirs)", async () => {
    const { investigationId, report } = await anInvestigation();
    const kept = childBody(investigationId, [report.reportId], { sex: 'NOT_STATED' });
    const duplicate = childBody(investigationId, [report.reportId]);
    const pseudonym = (await http.post('/api/v1/children').send(kept).expect(201)).body.id as string;
    await http.post('/api/v1/children').send(duplicate).expect(201);
    await http.post(`/api/v1/children/${kept.childId}/corrections`).send({ changes: { sex: 'FEMALE' }, reason: 'stated later' }).expect(201);
    await http.post(`/api/v1/children/${duplicate.childId}/merged-into`).send({ childId: kept.childId }).expect(201);
    await registry.settle();
    const view = (await http.get(`/api/v1/children/${pseudonym}`).expect(200)).body;
    expect(view.facts).toMatchObject({ sex: 'FEMALE' });
    expect(view.mergedChildIds).toHaveLength(1);
  });
});
