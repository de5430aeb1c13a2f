import { randomUUID } from 'node:crypto';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from '../support/lifecycle-fixtures';

describe('one chain from report to final conviction', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry();
  }, 60_000);
  afterAll(() => registry.close());

  it('records every step and the read models show every link both ways', async () => {
    const { http } = registry;
    const hash = { algorithm: 'PHOTODNA', value: `pdna:${randomUUID()}` };
    const original = reportBody({ contentHashes: [hash] });
    const repeat = reportBody({ contentHashes: [hash], receivedAt: '2024-03-02T10:00:00Z' });
    await http.post('/api/v1/reports').send(original).expect(201);
    await http.post('/api/v1/reports').send(repeat).expect(201);

    const investigation = investigationBody([original.reportId]);
    const investigationId = investigation.investigationId;
    await http.post('/api/v1/investigations').send(investigation).expect(201);
    await http.post(`/api/v1/investigations/${investigationId}/reports`).send({ reportId: repeat.reportId }).expect(201);
    const offence = offenceBody();
    await http.post(`/api/v1/investigations/${investigationId}/offences`).send(offence).expect(201);

    const child = childBody(investigationId, [original.reportId]);
    // The registry keeps only keyed hashes of the authority's child and person ids, and answers with them.
    const childId = (await http.post('/api/v1/children').send(child).expect(201)).body.id;
    expect(childId).not.toBe(child.childId);

    const personId = randomUUID();
    await http.post(`/api/v1/investigations/${investigationId}/suspects`).send({ personId, linkedReportIds: [original.reportId] }).expect(201);
    await http
      .post(`/api/v1/investigations/${investigationId}/charges`)
      .send({ personId, offenceIds: [offence.offenceId], filedAt: '2024-06-01T09:00:00Z' })
      .expect(201);

    const judgment = judgmentBody(investigationId, personId, [offence.offenceId]);
    await http.post('/api/v1/judgments').send(judgment).expect(201);
    await http.post(`/api/v1/judgments/${judgment.judgmentId}/appeals`).send({ lodgedAt: '2024-12-01T10:00:00Z', by: 'DEFENCE' }).expect(201);
    await http
      .post(`/api/v1/judgments/${judgment.judgmentId}/appeal-outcome`)
      .send({ newOutcome: 'CONVICTED', decidedAt: '2025-03-01T10:00:00Z' })
      .expect(201);
    await http.post(`/api/v1/judgments/${judgment.judgmentId}/finality`).send({ finalAt: '2025-04-01T00:00:00Z' }).expect(201);
    await registry.settle();

    const repeatView = (await http.get(`/api/v1/reports/${repeat.reportId}`).expect(200)).body;
    expect(repeatView.duplicateOf).toEqual({ reportId: original.reportId, basis: 'SAME_CONTENT_HASH' });
    const reportView = (await http.get(`/api/v1/reports/${original.reportId}`).expect(200)).body;
    expect(reportView.links).toEqual({ investigationIds: [investigationId], childIds: [childId], judgmentIds: [judgment.judgmentId] });

    const investigationView = (await http.get(`/api/v1/investigations/${investigationId}`).expect(200)).body;
    expect(investigationView).toMatchObject({ status: 'OPEN', childIds: [childId], judgmentIds: [judgment.judgmentId] });
    const pseudonym = investigationView.suspects[0]?.personId;
    expect(pseudonym).not.toBe(personId);
    expect([...investigationView.reportIds].sort()).toEqual([original.reportId, repeat.reportId].sort());
    expect(investigationView.offences).toEqual([expect.objectContaining({ offenceId: offence.offenceId, onlineNexus: 'ONLINE' })]);
    expect(investigationView.suspects).toEqual([expect.objectContaining({ personId: pseudonym, linkedReportIds: [original.reportId] })]);
    expect(investigationView.charges).toEqual([expect.objectContaining({ personId: pseudonym, offenceIds: [offence.offenceId] })]);

    const childView = (await http.get(`/api/v1/children/${childId}`).expect(200)).body;
    expect(childView).toMatchObject({ investigationId, judgmentIds: [judgment.judgmentId], mergedInto: null });
    expect(childView.facts).toMatchObject({ sex: 'FEMALE', identificationRoute: 'PROVIDER_REPORT_ART3', linkedReportIds: [original.reportId] });

    const judgmentView = (await http.get(`/api/v1/judgments/${judgment.judgmentId}`).expect(200)).body;
    expect(judgmentView).toMatchObject({ investigationId, personId: pseudonym, standingOutcome: 'CONVICTED', isFinal: true, childIds: [childId] });
    expect([...judgmentView.reportIds].sort()).toEqual([original.reportId, repeat.reportId].sort());
    expect(judgmentView.appeals).toEqual([expect.objectContaining({ by: 'DEFENCE', outcome: 'CONVICTED' })]);
  });
});
