import { randomUUID } from 'node:crypto';
import { ERASED } from '@registry/application';
import type TestAgent from 'supertest/lib/agent';
import { investigationBody, reportBody } from '../support/lifecycle-fixtures';
import { startTestRegistry, type TestRegistry } from '../support/test-registry';

/**
 * Notes given for a suspect the investigation already has are recorded; a repeat of notes the suspect was given
 * before records nothing. Notes are sealed per person, so only the handler's sealing makes equal notes comparable.
 */
describe('notes for a known suspect', () => {
  let registry: TestRegistry;
  let http: TestAgent;
  beforeAll(async () => {
    registry = await startTestRegistry();
    http = registry.http;
  }, 60_000);
  afterAll(() => registry.close());

  /** An open NL investigation on two reports. */
  const anInvestigation = async () => {
    const reports = [reportBody(), reportBody()];
    for (const report of reports) await http.post('/api/v1/reports').send(report).expect(201);
    const investigation = investigationBody(reports.map((report) => report.reportId));
    await http.post('/api/v1/investigations').send(investigation).expect(201);
    return { investigationId: investigation.investigationId, reportIds: reports.map((report) => report.reportId) };
  };

  const note = () => `note ${randomUUID()}`;

  /** Posts the identification and tells how many events it appended. */
  const identify = async (investigationId: string, body: object, status: number) => {
    const before = await registry.eventCount();
    await http.post(`/api/v1/investigations/${investigationId}/suspects`).send(body).expect(status);
    return (await registry.eventCount()) - before;
  };

  const suspectsOf = async (investigationId: string) => {
    await registry.settle();
    return (await http.get(`/api/v1/investigations/${investigationId}`).expect(200)).body.suspects as {
      personId: string;
      linkedReportIds: string[];
      notes?: string;
    }[];
  };

  it('records new notes, with or without newly traced reports, and nothing for a repeat', async () => {
    const { investigationId, reportIds } = await anInvestigation();
    const [firstReportId, secondReportId] = reportIds;
    const personId = randomUUID();
    const [first, later, withReport] = [note(), note(), note()];

    expect(await identify(investigationId, { personId, linkedReportIds: [firstReportId], notes: first }, 201)).toBe(1);
    expect(await identify(investigationId, { personId, linkedReportIds: [firstReportId], notes: first }, 200)).toBe(0);
    expect(await identify(investigationId, { personId, notes: later }, 201)).toBe(1);
    expect(await identify(investigationId, { personId, notes: later }, 200)).toBe(0);
    expect(await identify(investigationId, { personId, notes: first }, 200)).toBe(0);
    expect(await identify(investigationId, { personId }, 200)).toBe(0);
    expect(await identify(investigationId, { personId, linkedReportIds: reportIds, notes: withReport }, 201)).toBe(1);

    const suspects = await suspectsOf(investigationId);
    expect(suspects.map(({ linkedReportIds, notes }) => ({ linkedReportIds, notes }))).toEqual([
      { linkedReportIds: [firstReportId], notes: first },
      { linkedReportIds: [], notes: later },
      { linkedReportIds: [secondReportId], notes: withReport },
    ]);
    expect(new Set(suspects.map((suspect) => suspect.personId)).size).toBe(1);

    const admin = await registry.as('admin', ['NL']);
    await admin
      .post('/api/v1/erasures')
      .send({ subjectId: suspects[0]!.personId, reason: 'DATA_SUBJECT_REQUEST' })
      .expect(201);
    expect((await suspectsOf(investigationId)).map((suspect) => suspect.notes)).toEqual([ERASED, ERASED, ERASED]);
  });

  it('records new notes from an import line, and nothing for a line that repeats notes', async () => {
    const { investigationId } = await anInvestigation();
    const personId = randomUUID();
    const [first, later] = [note(), note()];
    const line = (notes: string) =>
      JSON.stringify({ type: 'IdentifySuspect', data: { investigationId, personId, notes } });
    const body = [line(first), line(later), line(first)].join('\n');
    const post = () => http.post('/api/v1/imports').set('content-type', 'application/x-ndjson').send(body).expect(200);

    expect((await post()).body).toMatchObject({ imported: 2, alreadyRecorded: 1, rejected: 0 });
    expect((await post()).body).toMatchObject({ imported: 0, alreadyRecorded: 3, rejected: 0 });
    expect((await suspectsOf(investigationId)).map((suspect) => suspect.notes)).toEqual([first, later]);
  });
});
