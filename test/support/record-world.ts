import { randomUUID } from 'node:crypto';
import { childBody, investigationBody, judgmentBody, offenceBody, reportBody } from './lifecycle-fixtures';
import type { TestRegistry } from './test-registry';

/** One NL case from report to judgment, recorded through the API, with the ids a test needs to address it. */
export interface RecordWorld {
  readonly reportId: string;
  readonly investigationId: string;
  readonly offenceId: string;
  /** The authority's person id (what a recorder sends) … */
  readonly personId: string;
  /** … and the registry's keyed hash of it (what the registry shows). */
  readonly personPseudonym: string;
  readonly childId: string;
  readonly judgmentId: string;
}

const created = async (request: Promise<{ status: number; body: { id?: string } }>): Promise<string> => {
  const response = await request;
  if (response.status !== 201) throw new Error(`setup failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id!;
};

export const recordWorld = async ({ http, settle }: TestRegistry, memberState = 'NL'): Promise<RecordWorld> => {
  const report = reportBody({ memberState, accountRefs: [`sha256:${randomUUID()}`] });
  const reportId = await created(http.post('/api/v1/reports').send(report));
  const investigationId = await created(
    http.post('/api/v1/investigations').send(investigationBody([reportId], { memberState })),
  );
  const offence = offenceBody();
  await created(http.post(`/api/v1/investigations/${investigationId}/offences`).send(offence));
  const personId = randomUUID();
  await created(
    http.post(`/api/v1/investigations/${investigationId}/suspects`).send({ personId, linkedReportIds: [reportId] }),
  );
  const childId = await created(
    http.post('/api/v1/children').send(childBody(investigationId, [reportId], { memberState })),
  );
  const judgmentId = await created(
    http.post('/api/v1/judgments').send(judgmentBody(investigationId, personId, [offence.offenceId], { memberState })),
  );
  await settle();
  const judgment = await http.get(`/api/v1/judgments/${judgmentId}`);
  return {
    reportId,
    investigationId,
    offenceId: offence.offenceId,
    personId,
    personPseudonym: (judgment.body as { personId: string }).personId,
    childId,
    judgmentId,
  };
};
