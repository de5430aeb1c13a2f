import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from './lifecycle-fixtures';

export interface ChainIds {
  readonly originalReportId: string;
  readonly repeatReportId: string;
  readonly investigationId: string;
  readonly offenceId: string;
  readonly childId: string;
  readonly personId: string;
  readonly judgmentId: string;
}

/** The ids as the registry holds them: child and person ids become keyed-hash pseudonyms. */
export interface Chain extends ChainIds {
  readonly childPseudonym: string;
}

/**
 * One chain over HTTP: two reports (the second a repeat by content hash) → investigation → online offence →
 * child identified via an Art. 3 report → suspect → charge → conviction → appeal → finality. Ids are
 * passed in so two registries can record the very same chain.
 */
export const recordChain = async (http: TestAgent, ids: ChainIds = newChainIds()): Promise<Chain> => {
  const hash = { algorithm: 'PHOTODNA', value: `pdna:${ids.originalReportId}` };
  const original = reportBody({ reportId: ids.originalReportId, externalReference: `CT-${ids.originalReportId}`, contentHashes: [hash] });
  const repeat = reportBody({
    reportId: ids.repeatReportId,
    externalReference: `CT-${ids.repeatReportId}`,
    contentHashes: [hash],
    receivedAt: '2024-03-02T10:00:00Z',
  });
  await http.post('/api/v1/reports').send(original).expect(201);
  await http.post('/api/v1/reports').send(repeat).expect(201);
  const { investigationId, offenceId, childId, personId, judgmentId } = ids;
  await http.post('/api/v1/investigations').send(investigationBody([ids.originalReportId], { investigationId })).expect(201);
  await http.post(`/api/v1/investigations/${investigationId}/reports`).send({ reportId: ids.repeatReportId }).expect(201);
  await http.post(`/api/v1/investigations/${investigationId}/offences`).send(offenceBody({ offenceId })).expect(201);
  const child = await http.post('/api/v1/children').send(childBody(investigationId, [ids.originalReportId], { childId })).expect(201);
  await http.post(`/api/v1/investigations/${investigationId}/suspects`).send({ personId, linkedReportIds: [ids.originalReportId] }).expect(201);
  await http
    .post(`/api/v1/investigations/${investigationId}/charges`)
    .send({ personId, offenceIds: [offenceId], filedAt: '2024-06-01T09:00:00Z' })
    .expect(201);
  await http.post('/api/v1/judgments').send(judgmentBody(investigationId, personId, [offenceId], { judgmentId })).expect(201);
  await http.post(`/api/v1/judgments/${judgmentId}/appeals`).send({ lodgedAt: '2024-12-01T10:00:00Z', by: 'DEFENCE' }).expect(201);
  await http.post(`/api/v1/judgments/${judgmentId}/appeal-outcome`).send({ newOutcome: 'CONVICTED', decidedAt: '2025-03-01T10:00:00Z' }).expect(201);
  await http.post(`/api/v1/judgments/${judgmentId}/finality`).send({ finalAt: '2025-04-01T00:00:00Z' }).expect(201);
  return { ...ids, childPseudonym: (child.body as { id: string }).id };
};

export const newChainIds = (): ChainIds => ({
  originalReportId: randomUUID(),
  repeatReportId: randomUUID(),
  investigationId: randomUUID(),
  offenceId: randomUUID(),
  childId: randomUUID(),
  personId: randomUUID(),
  judgmentId: randomUUID(),
});
