import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  CONTENT_CATEGORIES,
  PROVIDER_TYPES,
  REPORTER_KINDS,
  SOURCE_CHANNELS,
  type MemberState,
  type ReportEvent,
  type ReportFacts,
} from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import { createTestDatabase, type TestDatabase } from '@registry/testing';
import type { DataSource } from 'typeorm';
import { openReadModels } from '../read-model-data-source';
import { queryArt8ReportFigures } from './art8-reports.query';
import { ReportStatistic } from './report-statistic.entity';
import { ReportStatisticProjection } from './report-statistic.projection';

const [R1, R2, R3, R4, R5, R6, R7] = [1, 2, 3, 4, 5, 6, 7].map(
  (n) => `5e0c0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
) as [string, string, string, string, string, string, string];

const received = (
  reportId: string,
  facts: Partial<ReportFacts> = {},
  memberState: MemberState = 'NL',
): ReportEvent => ({
  type: 'ReportReceived',
  data: {
    reportId: reportId as never,
    memberState,
    receivedAt: '2024-03-01T10:00:00.000Z',
    reporterKind: 'PROVIDER',
    sourceChannel: 'NCMEC',
    sourceOrganisation: 'NCMEC',
    externalReference: `CT-${reportId.slice(-4)}`,
    provider: { name: 'Example Messenger', providerType: 'INTERPERSONAL_COMMUNICATION', serviceName: null },
    contentCategory: 'KNOWN_CSAM',
    detectedUnderArt3: true,
    countUnit: 'REPORT',
    contentHashes: [],
    accountRefs: [],
    concernedMemberStates: [memberState],
    ...facts,
  },
});
const assessed = (reportId: string, actionable: boolean): ReportEvent => ({
  type: 'ReportAssessed',
  data: {
    reportId: reportId as never,
    actionable,
    reasonIfNot: actionable ? null : 'NO_LINK_TO_MEMBER_STATE',
    assessedAt: '2024-04-01T09:00:00.000Z',
  },
});
const duplicate = (reportId: string, of: string): ReportEvent => ({
  type: 'ReportMarkedDuplicate',
  data: { reportId: reportId as never, duplicateOfReportId: of as never, basis: 'MANUAL', isAutomatic: false },
});
const corrected = (reportId: string, changes: Partial<ReportFacts>): ReportEvent => ({
  type: 'ReportCorrected',
  data: {
    reportId: reportId as never,
    changes: Object.entries(changes).map(([field, newValue]) => ({
      field: field as keyof ReportFacts,
      oldValue: null,
      newValue,
    })),
    reason: 'typing error',
  },
});
const withdrawn = (reportId: string): ReportEvent => ({
  type: 'ReportWithdrawn',
  data: { reportId: reportId as never, reason: 'entered in error' },
});

/** A zero for every code, so a figure is compared with all its breakdown keys. */
const counts = (codes: readonly string[], nonZero: Record<string, number> = {}) =>
  Object.fromEntries(codes.map((code) => [code, nonZero[code] ?? 0]));

describe('Art. 8(1)(a) report projection', () => {
  const projection = new ReportStatisticProjection();
  let database: TestDatabase;
  let pool: Pool | undefined;
  let readModels: DataSource;
  let revisions: Map<string, number>;
  let memberStates: Map<string, string>;

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
  beforeEach(async () => {
    revisions = new Map();
    memberStates = new Map();
    await readModels.query('TRUNCATE art8_report');
  });

  /** Stamps events as their streams record them: each report's events get revisions 0, 1, … in the order built. */
  const recorded = (...events: ReportEvent[]): RecordedEvent[] =>
    events.map((event) => {
      const revision = (revisions.get(event.data.reportId) ?? -1) + 1;
      revisions.set(event.data.reportId, revision);
      if (event.type === 'ReportReceived') memberStates.set(event.data.reportId, event.data.memberState);
      const eventId = randomUUID();
      const memberState = memberStates.get(event.data.reportId) ?? 'NL';
      return {
        streamName: `report-${event.data.reportId}`,
        streamRevision: revision,
        globalPosition: 0n, // the projection orders by stream revision, never by log position
        position: '',
        ...event,
        metadata: {
          eventId,
          recordedAt: '2025-01-15T12:00:00.000Z',
          actor: { userId: 'analyst-1', role: 'analyst' },
          memberState,
          correlationId: eventId,
          causationId: eventId,
          schemaVersion: 1,
        },
      };
    });
  // One batch, in its own transaction, as the projector delivers it.
  const deliver = (events: readonly RecordedEvent[]) =>
    readModels.transaction((manager) => projection.apply(events, manager));
  const given = (...events: ReportEvent[]) => deliver(recorded(...events));
  const when = given;
  const rowOf = (reportId: string) => readModels.getRepository(ReportStatistic).findOneByOrFail({ reportId });
  const figures = (year: number, memberState = 'NL') => queryArt8ReportFigures(readModels.manager, memberState, year);

  describe('a report row', () => {
    it('holds what the report is counted by: its year, breakdowns, no assessment, its own group', async () => {
      await when(received(R1));
      expect(await rowOf(R1)).toEqual({
        reportId: R1,
        memberState: 'NL',
        year: 2024,
        receivedAt: new Date('2024-03-01T10:00:00.000Z'),
        reporterKind: 'PROVIDER',
        sourceChannel: 'NCMEC',
        providerType: 'INTERPERSONAL_COMMUNICATION',
        contentCategory: 'KNOWN_CSAM',
        countUnit: 'REPORT',
        detectedUnderArt3: true,
        hasExternalReference: true,
        actionable: null,
        isWithdrawn: false,
        groupRoot: R1,
        revision: 0,
      });
    });

    it.each([
      ['NL', '2024-12-31T23:30:00.000Z', 2025], // 00:30 on New Year's Day in Amsterdam
      ['NL', '2024-12-31T22:59:59.000Z', 2024],
      ['PT', '2024-12-31T23:30:00.000Z', 2024], // Lisbon is on UTC in winter
    ] as const)('in %s, a report received at %s counts in %i', async (memberState, receivedAt, year) => {
      await when(received(R1, { receivedAt }, memberState));
      expect(await rowOf(R1)).toMatchObject({ year });
      expect((await figures(year, memberState)).totalReports).toBe(1);
    });

    it('takes the latest assessment', async () => {
      await given(received(R1), assessed(R1, false));
      await when(assessed(R1, true));
      expect(await rowOf(R1)).toMatchObject({ actionable: true, revision: 2 });
    });

    it('ignores an older event delivered again after a newer one', async () => {
      const history = recorded(received(R1), assessed(R1, false), assessed(R1, true));
      await deliver(history);
      await deliver(history.slice(1, 2)); // the stale "not actionable" again
      expect(await rowOf(R1)).toMatchObject({ actionable: true, revision: 2 });
    });

    it('is marked withdrawn', async () => {
      await given(received(R1));
      await when(withdrawn(R1));
      expect(await rowOf(R1)).toMatchObject({ isWithdrawn: true, revision: 1 });
    });

    it('takes corrected values, and a corrected receivedAt moves it to another year', async () => {
      await given(received(R1, { receivedAt: '2024-12-15T10:00:00.000Z' }));
      await when(
        corrected(R1, {
          receivedAt: '2025-01-10T10:00:00.000Z',
          contentCategory: 'SEXTORTION',
          detectedUnderArt3: null,
          provider: { name: null, providerType: 'SOCIAL_MEDIA' },
          accountRefs: ['hmac:1'],
        }),
      );
      expect(await rowOf(R1)).toMatchObject({
        year: 2025,
        receivedAt: new Date('2025-01-10T10:00:00.000Z'),
        contentCategory: 'SEXTORTION',
        detectedUnderArt3: null,
        providerType: 'SOCIAL_MEDIA',
        revision: 1,
      });
      expect([(await figures(2024)).totalReports, (await figures(2025)).totalReports]).toEqual([0, 1]);
    });

    it.each(
      [
        received(R1),
        assessed(R1, true),
        duplicate(R1, R2),
        corrected(R1, { contentCategory: 'NEW_CSAM' }),
        withdrawn(R1),
      ].map((event) => [event.type, event] as const),
    )('%s delivered twice gives the same row', async (type, event) => {
      await given(received(R2), ...(type === 'ReportReceived' ? [] : [received(R1)]));
      const [once] = recorded(event);
      await deliver([once!]);
      const row = await rowOf(R1);
      await deliver([once!]);
      expect(await rowOf(R1)).toEqual(row);
    });
  });

  describe('duplicate groups', () => {
    it('a duplicate joins the group of the report it duplicates', async () => {
      await given(received(R1), received(R2));
      await when(duplicate(R2, R1));
      expect(await rowOf(R2)).toMatchObject({ groupRoot: R1 });
    });

    it('a root marked a duplicate of another group moves its whole group', async () => {
      const history = recorded(
        received(R3, { receivedAt: '2024-01-10T10:00:00.000Z' }),
        received(R1),
        received(R2),
        duplicate(R2, R1),
      );
      await deliver(history);
      expect(await figures(2024)).toMatchObject({
        totalReports: 3,
        distinctCases: 2,
        casesReportedMultipleTimes: 1,
        repeatReports: 1,
      });
      await when(duplicate(R1, R3));
      expect((await Promise.all([R1, R2, R3].map(rowOf))).map((row) => row.groupRoot)).toEqual([R3, R3, R3]);
      expect(await figures(2024)).toMatchObject({
        totalReports: 3,
        distinctCases: 1,
        casesReportedMultipleTimes: 1,
        repeatReports: 2,
      });
      // R2's own mark, delivered again after the move, must not pull R2 back out of the moved group.
      await deliver(history.slice(-1));
      expect((await rowOf(R2)).groupRoot).toBe(R3);
    });

    it('a group spanning two years is a case reported multiple times in both, and a distinct case in each', async () => {
      await given(
        received(R1, { receivedAt: '2023-11-01T10:00:00.000Z' }),
        received(R2, { receivedAt: '2024-02-01T10:00:00.000Z' }),
        received(R3, { receivedAt: '2024-03-01T10:00:00.000Z' }),
      );
      await when(duplicate(R2, R1));
      expect(await figures(2023)).toMatchObject({
        totalReports: 1,
        distinctCases: 1,
        casesReportedMultipleTimes: 1,
        repeatReports: 0,
      });
      expect(await figures(2024)).toMatchObject({
        totalReports: 2,
        distinctCases: 2,
        casesReportedMultipleTimes: 1,
        repeatReports: 0,
      });
    });
  });

  describe('the figures of a member state and year', () => {
    it('count REPORT units of that member state and year that were not withdrawn, by every breakdown', async () => {
      await given(
        received(R1),
        assessed(R1, true),
        received(R2, { provider: { name: 'Example Social', providerType: 'SOCIAL_MEDIA' } }),
        duplicate(R2, R1),
        assessed(R2, false),
        received(R3, {
          reporterKind: 'PUBLIC_INTEREST_ORGANISATION',
          sourceChannel: 'INHOPE_HOTLINE',
          contentCategory: 'NEW_CSAM',
          provider: { name: null, providerType: 'HOSTING_OR_CLOUD' },
        }),
        received(R4, {
          reporterKind: 'PUBLIC_INTEREST_ORGANISATION',
          sourceChannel: 'INHOPE_HOTLINE',
          countUnit: 'URL',
        }),
        received(R5),
        withdrawn(R5),
        received(R6, {}, 'BE'),
        received(R7, { receivedAt: '2023-06-01T10:00:00.000Z' }),
      );
      // R1 and its duplicate R2, and R3: 3 reports in 2 cases; R4 is a URL, R5 withdrawn, R6 Belgian, R7 of 2023.
      expect(await figures(2024)).toEqual({
        totalReports: 3,
        distinctCases: 2,
        casesReportedMultipleTimes: 1,
        repeatReports: 1,
        actionableReports: 1,
        unassessedReports: 1,
        byReporterKind: counts(REPORTER_KINDS, { PROVIDER: 2, PUBLIC_INTEREST_ORGANISATION: 1 }),
        bySourceChannel: counts(SOURCE_CHANNELS, { NCMEC: 2, INHOPE_HOTLINE: 1 }),
        byProviderType: counts(PROVIDER_TYPES, {
          INTERPERSONAL_COMMUNICATION: 1,
          SOCIAL_MEDIA: 1,
          HOSTING_OR_CLOUD: 1,
        }),
        byContentCategory: counts(CONTENT_CATEGORIES, { KNOWN_CSAM: 2, NEW_CSAM: 1 }),
        otherCountUnits: { NOTIFICATION: 0, URL: 1, DOMAIN: 0, INCIDENT: 0 },
      });
    });

    it('leave out withdrawn reports, also from the size of their group', async () => {
      await given(received(R1), received(R2), duplicate(R2, R1), received(R3), assessed(R3, true), withdrawn(R3));
      await when(withdrawn(R1));
      // Left: R2 alone in R1's group.
      expect(await figures(2024)).toMatchObject({
        totalReports: 1,
        distinctCases: 1,
        casesReportedMultipleTimes: 0,
        repeatReports: 0,
        actionableReports: 0,
      });
    });

    it('put other count units in otherCountUnits only, also after a correction of the unit', async () => {
      await given(
        received(R1),
        received(R2, { countUnit: 'URL' }),
        received(R3, { countUnit: 'DOMAIN' }),
        received(R4, { countUnit: 'INCIDENT' }),
      );
      await when(corrected(R1, { countUnit: 'NOTIFICATION' }));
      expect(await figures(2024)).toMatchObject({
        totalReports: 0,
        distinctCases: 0,
        byReporterKind: counts(REPORTER_KINDS),
        otherCountUnits: { NOTIFICATION: 1, URL: 1, DOMAIN: 1, INCIDENT: 1 },
      });
    });
  });
});
