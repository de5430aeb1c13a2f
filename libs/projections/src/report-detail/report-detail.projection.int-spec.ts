import { Pool } from 'pg';
import type { ReportEvent, ReportFacts } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import type { DataSource } from 'typeorm';
import { openReadModels } from '../read-model-data-source';
import { ReportDetail } from './report-detail.entity';
import { ReportDetailProjection } from './report-detail.projection';

const A = '0b6f3f0e-6f5c-4b8e-9d1a-2f4c6e8a0b11';
const B = '1c7a4a1f-7a6d-4c9f-8e2b-3a5d7f9b1c22';

const facts: ReportFacts = {
  receivedAt: '2024-03-01T10:00:00.000Z',
  reporterKind: 'PROVIDER',
  sourceChannel: 'NCMEC',
  sourceOrganisation: 'NCMEC',
  externalReference: 'CT-2024-000001',
  provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION', serviceName: null },
  contentCategory: 'KNOWN_CSAM',
  detectedUnderArt3: true,
  countUnit: 'REPORT',
  contentHashes: [
    {
      algorithm: 'PDQ',
      value: 'f8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6339c4e9c9b22',
      matchedDatabase: 'NCMEC',
    },
  ],
  accountRefs: ['hmac:5b1d0c2f'],
  concernedMemberStates: ['NL'],
};

const received = (reportId: string): ReportEvent => ({
  type: 'ReportReceived',
  data: { reportId: reportId as never, memberState: 'NL', ...facts },
});
const assessed = (actionable: boolean): ReportEvent => ({
  type: 'ReportAssessed',
  data: {
    reportId: A as never,
    actionable,
    reasonIfNot: actionable ? null : 'NOT_CSAM',
    assessedAt: '2024-03-04T09:00:00.000Z',
  },
});
const markedDuplicateOfB: ReportEvent = {
  type: 'ReportMarkedDuplicate',
  data: { reportId: A as never, duplicateOfReportId: B as never, basis: 'SAME_CONTENT_HASH', isAutomatic: true },
};
const correctedReceivedAt: ReportEvent = {
  type: 'ReportCorrected',
  data: {
    reportId: A as never,
    changes: [{ field: 'receivedAt', oldValue: facts.receivedAt, newValue: '2024-02-28T10:00:00.000Z' }],
    reason: 'typing error',
  },
};
const withdrawn: ReportEvent = { type: 'ReportWithdrawn', data: { reportId: A as never, reason: 'entered in error' } };

/** Report A's stream as the store delivers it: revisions 0, 1, … and one recordedAt per minute. */
const streamOfA = (...events: ReportEvent[]): RecordedEvent[] =>
  events.map((event, revision) => ({
    streamName: `report-${A}`,
    streamRevision: revision,
    globalPosition: BigInt(revision + 1),
    position: String(revision + 1),
    type: event.type,
    data: event.data,
    metadata: {
      eventId: `00000000-0000-4000-8000-00000000000${revision}`,
      recordedAt: `2024-03-05T10:0${revision}:00.000Z`,
      actor: { userId: 'analyst-1', role: 'analyst' },
      memberState: 'NL',
      correlationId: '7d1c0a2e-0000-4000-8000-000000000000',
      causationId: '7d1c0a2e-0000-4000-8000-000000000000',
      schemaVersion: 1,
    },
  }));

/** The row right after ReportReceived: the facts are stored without the id and member state columns. */
const justReceived = {
  reportId: A,
  memberState: 'NL',
  revision: 0,
  facts,
  assessment: null,
  duplicateOf: null,
  duplicateBasis: null,
  correctionCount: 0,
  withdrawnReason: null,
  recordedAt: new Date('2024-03-05T10:00:00.000Z'),
  updatedAt: new Date('2024-03-05T10:00:00.000Z'),
};
const changedAt = (revision: number) => ({ revision, updatedAt: new Date(`2024-03-05T10:0${revision}:00.000Z`) });

describe('report detail projection', () => {
  const projection = new ReportDetailProjection();
  let database: TestDatabase;
  let pool: Pool | undefined;
  let readModels: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    // PGlite has one backend session: share one connection, as the registry does.
    pool = database.kind === 'pglite' ? new Pool({ connectionString: database.url, max: 1 }) : undefined;
    readModels = await openReadModels(database.url, database.schema, pool);
  });
  afterAll(async () => {
    await readModels?.destroy();
    await pool?.end();
    await database?.close();
  });
  beforeEach(() => readModels.query('TRUNCATE report_detail'));

  // Each call is one batch in its own transaction, as the projector delivers them.
  const deliver = (events: readonly RecordedEvent[]) =>
    readModels.transaction((manager) => projection.apply(events, manager));
  const given = deliver;
  const when = deliver;
  const rowOfA = () => readModels.getRepository(ReportDetail).findOneBy({ reportId: A });

  it('a received report becomes a row with its facts, unassessed, no duplicate, no correction', async () => {
    await when(streamOfA(received(A)));
    expect(await rowOfA()).toEqual(justReceived);
  });

  it.each([
    [
      'an assessment records the decision',
      assessed(false),
      { assessment: { actionable: false, reasonIfNot: 'NOT_CSAM', assessedAt: '2024-03-04T09:00:00.000Z' } },
    ],
    [
      'a duplicate mark records the target and basis',
      markedDuplicateOfB,
      { duplicateOf: B, duplicateBasis: 'SAME_CONTENT_HASH' },
    ],
    [
      'a correction changes the fact and counts itself',
      correctedReceivedAt,
      { facts: { ...facts, receivedAt: '2024-02-28T10:00:00.000Z' }, correctionCount: 1 },
    ],
    ['a withdrawal records the reason', withdrawn, { withdrawnReason: 'entered in error' }],
  ])('%s', async (_, event, change) => {
    const [receivedA, later] = streamOfA(received(A), event);
    await given([receivedA!]);
    await when([later!]);
    expect(await rowOfA()).toEqual({ ...justReceived, ...change, ...changedAt(1) });
  });

  it('the latest assessment counts', async () => {
    const [receivedA, first, second] = streamOfA(received(A), assessed(false), assessed(true));
    await given([receivedA!, first!]);
    await when([second!]);
    expect((await rowOfA())?.assessment).toEqual({
      actionable: true,
      reasonIfNot: null,
      assessedAt: '2024-03-04T09:00:00.000Z',
    });
  });

  it.each(
    [received(A), assessed(true), markedDuplicateOfB, correctedReceivedAt, withdrawn].map(
      (event) => [event.type, event] as const,
    ),
  )('%s delivered twice gives the same row', async (_, event) => {
    const history = streamOfA(...(event.type === 'ReportReceived' ? [event] : [received(A), event]));
    await given(history.slice(0, -1));
    await when(history.slice(-1));
    const once = await rowOfA();
    await when(history.slice(-1));
    expect(await rowOfA()).toEqual(once);
  });

  it('older events delivered again after newer ones leave the row as it is', async () => {
    const history = streamOfA(received(A), assessed(false), assessed(true), correctedReceivedAt);
    await given(history);
    const current = await rowOfA();
    await when(history.slice(0, 2));
    expect(await rowOfA()).toEqual(current);
    expect(current).toMatchObject({ revision: 3, correctionCount: 1, assessment: { actionable: true } });
  });

  it('an event for a report whose ReportReceived is unknown creates no row', async () => {
    await when(streamOfA(received(A), withdrawn).slice(1));
    expect(await rowOfA()).toBeNull();
  });
});
