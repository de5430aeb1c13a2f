import { randomUUID } from 'node:crypto';
import { CONTENT_CATEGORIES, PROVIDER_TYPES, REPORTER_KINDS, SOURCE_CHANNELS, type Article8SnapshotTaken } from '@registry/domain';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  appealLodged,
  childCorrected,
  childId,
  childIdentified,
  investigationId,
  investigationOpened,
  judgmentBecameFinal,
  judgmentId,
  judgmentModifiedOnAppeal,
  judgmentRecorded,
  methodologyChanged,
  offenceClassified,
  offenceId,
  personId,
  reportAssessed,
  reportCorrected,
  reportId,
  reportMarkedDuplicate,
  reportReceived,
  suspectIdentified,
} from '../../../../test/support/statistics-events';
import { openStatisticsStore, type StatisticsStore } from '../../../../test/support/statistics-store';
/* eslint-enable no-restricted-imports */
import type { RequestContext } from '../shared/actor';
import { FixedClock } from '../shared/clock';
import type { Art8Document } from './art8-document';
import { Art8DocumentMemo } from './art8-document-memo';
import { GetArt8DocumentHandler, GetArt8DocumentQuery } from './get-art8-document';
import { TakeArticle8SnapshotCommand, TakeArticle8SnapshotHandler } from './governance-commands';
import { GetRestatementsHandler, GetRestatementsQuery } from './restatements';

/**
 * Snapshots and --as-of through the application's handlers over a real event store: a snapshot is
 * reproduced exactly as of its position and as of its time, and today's figures differ from it by exactly
 * the corrections recorded since, which the restatement report lists with the events that made them.
 */
const [R1, R2, R3] = [1, 2, 3].map(reportId) as [string, string, string];
const [I1] = [investigationId(1)];
const [C1, C2] = [1, 2].map(childId) as [string, string];
const [J1, J2] = [1, 2].map(judgmentId) as [string, string];
const [P1, P2] = [1, 2].map(personId) as [string, string];
const O1 = offenceId(1);
const counts = (codes: readonly string[], nonZero: Record<string, number> = {}) => Object.fromEntries(codes.map((code) => [code, nonZero[code] ?? 0]));
const sexes = (female: number, male: number, notStated: number) => ({ female, male, notStated, total: female + male + notStated });

const context: RequestContext = { actor: { userId: 'statistician-nl-1', role: 'statistician-exact', memberStates: ['NL'] }, correlationId: randomUUID() };

describe('Art. 8 snapshots, --as-of and restatements', () => {
  let s: StatisticsStore;
  let clock: FixedClock;
  beforeAll(async () => {
    s = await openStatisticsStore();
    clock = new FixedClock(new Date('2025-01-20T09:00:00.000Z'));
  });
  afterAll(() => s?.close());

  // One memo for the whole history: a document asked for again after events were applied must show them.
  const memo = new Art8DocumentMemo();
  const documentAsOf = (asOf?: string) => new GetArt8DocumentHandler(s.readModels, s.store, memo).execute(new GetArt8DocumentQuery('NL', 2024, asOf === undefined ? {} : { asOf }));
  const figuresOf = ({ a, b, c, status }: Art8Document) => ({ a, b, c, status });

  it('reproduces the snapshot as of its position and its time; now differs by exactly the corrections since', async () => {
    s.setClock('2025-01-15T12:00:00.000Z');
    await s.append(
      reportReceived(R1, { receivedAt: '2024-03-01T10:00:00.000Z' }),
      reportAssessed(R1, true),
      reportReceived(R2, { receivedAt: '2024-04-01T10:00:00.000Z', provider: { name: 'Example Social', providerType: 'SOCIAL_MEDIA' } }),
      reportReceived(R3, { receivedAt: '2024-05-01T10:00:00.000Z' }),
      reportMarkedDuplicate(R3, R1, 'SAME_ACCOUNT'),
      investigationOpened(I1, [R1]),
      offenceClassified(I1, O1, 'ONLINE'),
      suspectIdentified(I1, P1, [R1]),
      suspectIdentified(I1, P2),
      childIdentified(C1, I1, { sex: 'FEMALE', identificationRoute: 'PROVIDER_REPORT_ART3' }),
      childIdentified(C2, I1, { sex: 'MALE', identificationRoute: 'VICTIM_SELF_REPORT' }),
      judgmentRecorded(J1, I1, P1, { decidedAt: '2024-11-20T10:00:00.000Z', convictedOffenceIds: [O1] }),
      judgmentRecorded(J2, I1, P2, { decidedAt: '2024-06-01T10:00:00.000Z', convictedOffenceIds: [O1] }),
      judgmentBecameFinal(J2, '2024-07-15T10:00:00.000Z'),
    );
    const { snapshotId } = await new TakeArticle8SnapshotHandler(s.store, clock, s.readModels).execute(new TakeArticle8SnapshotCommand({ memberState: 'NL', year: 2024 }, context));
    const [taken] = (await s.store.readStream('statistics-NL')).filter((event) => event.type === 'Article8SnapshotTaken');
    const snapshot = (taken!.data as Article8SnapshotTaken['data']).figures as Art8Document;

    // Hand-computed: R1 + R3 (one case) and R2; two children of an online case; P1 and P2 convicted once each.
    expect(snapshot.asOf).toEqual({ position: '14', at: '2025-01-15T12:13:00.000Z' });
    expect(snapshot.a).toEqual({
      totalReports: 3,
      distinctCases: 2,
      casesReportedMultipleTimes: 1,
      repeatReports: 1,
      actionableReports: 1,
      unassessedReports: 2,
      reportsInInvestigations: 1,
      investigationsOpened: 1,
      byReporterKind: counts(REPORTER_KINDS, { PROVIDER: 3 }),
      bySourceChannel: counts(SOURCE_CHANNELS, { NCMEC: 3 }),
      byProviderType: counts(PROVIDER_TYPES, { INTERPERSONAL_COMMUNICATION: 2, SOCIAL_MEDIA: 1 }),
      byContentCategory: counts(CONTENT_CATEGORIES, { KNOWN_CSAM: 3 }),
      otherCountUnits: { NOTIFICATION: 0, URL: 0, DOMAIN: 0, INCIDENT: 0 },
    });
    expect(snapshot.b).toEqual({
      art3: sexes(1, 0, 0),
      allRoutes: sexes(1, 1, 0),
      onlineOnly: sexes(1, 1, 0),
      onlineNexusUnknown: sexes(0, 0, 0),
    });
    expect(snapshot.c).toEqual({
      convictedPersons: 2,
      convictions: 2,
      convictedPersonsFinal: 1,
      convictedPersonsOnlineOffences: 2,
      convictedPersonsLinkedToReports: 2,
      convictedPersonsOnlineNexusUnknown: 0,
    });
    expect(snapshot.status.ART8_1_C).toMatchObject({ status: 'PROVISIONAL', pending: 1 }); // J1 is not final
    expect(figuresOf(await documentAsOf())).toEqual(figuresOf(snapshot)); // now, before the corrections (memoised)

    // Corrections after the snapshot: R2 was received in 2025; C2's sex was not stated; J1 acquitted on appeal.
    s.setClock('2025-02-01T08:00:00.000Z');
    const [corrected, sexCorrected, lodged, acquitted] = await s.append(
      reportCorrected(R2, [['receivedAt', '2024-04-01T10:00:00.000Z', '2025-01-05T10:00:00.000Z']]),
      childCorrected(C2, [['sex', 'MALE', 'NOT_STATED']]),
      appealLodged(J1, '2024-12-01T10:00:00.000Z'),
      judgmentModifiedOnAppeal(J1, 'ACQUITTED', '2025-01-30T10:00:00.000Z'),
    );

    // As of the snapshot's position, and as of its time: the snapshot, to the last field.
    expect(await documentAsOf(snapshot.asOf.position!)).toEqual(snapshot);
    expect(await documentAsOf(snapshot.asOf.at!)).toEqual(snapshot);
    // As of a date before the corrections (end of 31 January, UTC): the same figures.
    expect(figuresOf(await documentAsOf('2025-01-31'))).toEqual(figuresOf(snapshot));

    // Now: the snapshot with exactly the corrections applied, nothing else.
    const now = await documentAsOf();
    expect(now.a).toEqual({
      ...snapshot.a!,
      totalReports: 2,
      distinctCases: 1,
      unassessedReports: 1,
      byReporterKind: counts(REPORTER_KINDS, { PROVIDER: 2 }),
      bySourceChannel: counts(SOURCE_CHANNELS, { NCMEC: 2 }),
      byProviderType: counts(PROVIDER_TYPES, { INTERPERSONAL_COMMUNICATION: 2 }),
      byContentCategory: counts(CONTENT_CATEGORIES, { KNOWN_CSAM: 2 }),
    });
    expect(now.b).toEqual({
      art3: sexes(1, 0, 0),
      allRoutes: sexes(1, 0, 1),
      onlineOnly: sexes(1, 0, 1),
      onlineNexusUnknown: sexes(0, 0, 0),
    });
    expect(now.c).toEqual({
      convictedPersons: 1,
      convictions: 1,
      convictedPersonsFinal: 1,
      convictedPersonsOnlineOffences: 1,
      convictedPersonsLinkedToReports: 1,
      convictedPersonsOnlineNexusUnknown: 0,
    });
    // J1's acquittal on appeal is not final either: a further appeal could make it a conviction again.
    expect(now.status.ART8_1_C).toMatchObject({ status: 'PROVISIONAL', pending: 1 });

    // The restatement report: exactly the figures that changed, and the events that changed them.
    const report = await new GetRestatementsHandler(s.readModels, s.store).execute(new GetRestatementsQuery('NL', snapshotId));
    expect(report).toMatchObject({ memberState: 'NL', year: 2024, snapshotId, snapshotAsOf: '14' });
    expect([...report.restatements].sort((x, y) => x.figure.localeCompare(y.figure))).toEqual([
      { figure: 'a.byContentCategory.KNOWN_CSAM', submitted: 3, current: 2 },
      { figure: 'a.byProviderType.SOCIAL_MEDIA', submitted: 1, current: 0 },
      { figure: 'a.byReporterKind.PROVIDER', submitted: 3, current: 2 },
      { figure: 'a.bySourceChannel.NCMEC', submitted: 3, current: 2 },
      { figure: 'a.distinctCases', submitted: 2, current: 1 },
      { figure: 'a.totalReports', submitted: 3, current: 2 },
      { figure: 'a.unassessedReports', submitted: 2, current: 1 },
      { figure: 'b.allRoutes.male', submitted: 1, current: 0 },
      { figure: 'b.allRoutes.notStated', submitted: 0, current: 1 },
      { figure: 'b.onlineOnly.male', submitted: 1, current: 0 },
      { figure: 'b.onlineOnly.notStated', submitted: 0, current: 1 },
      { figure: 'c.convictedPersons', submitted: 2, current: 1 },
      { figure: 'c.convictedPersonsLinkedToReports', submitted: 2, current: 1 },
      { figure: 'c.convictedPersonsOnlineOffences', submitted: 2, current: 1 },
      { figure: 'c.convictions', submitted: 2, current: 1 },
    ]);
    const changed = (part: 'a' | 'b' | 'c') => report.changedBy[part]?.map(({ globalPosition, stream, type }) => ({ globalPosition, stream, type }));
    expect(changed('a')).toEqual([{ globalPosition: corrected, stream: `report-${R2}`, type: 'ReportCorrected' }]);
    expect(changed('b')).toEqual([{ globalPosition: sexCorrected, stream: `child-${C2}`, type: 'ChildRecordCorrected' }]);
    expect(changed('c')).toEqual([
      { globalPosition: lodged, stream: `judgment-${J1}`, type: 'AppealLodged' },
      { globalPosition: acquitted, stream: `judgment-${J1}`, type: 'JudgmentModifiedOnAppeal' },
    ]);
  });

  it('lists changes made through records of other years and through governance, and nothing else', async () => {
    // Belgium, so this history shares nothing with the one above.
    const [R10, R11, R12] = [10, 11, 12].map(reportId) as [string, string, string];
    const [I10, J10, P10, O10] = [investigationId(10), judgmentId(10), personId(10), offenceId(10)];
    const BE = { memberState: 'BE' as const };
    s.setClock('2025-03-01T12:00:00.000Z');
    await s.append(
      reportReceived(R10, { receivedAt: '2024-02-01T10:00:00.000Z' }, 'BE'),
      reportReceived(R11, { receivedAt: '2023-06-01T10:00:00.000Z' }, 'BE'),
      reportReceived(R12, { receivedAt: '2023-07-01T10:00:00.000Z', reporterKind: 'PUBLIC_INTEREST_ORGANISATION', sourceChannel: 'INHOPE_HOTLINE' }, 'BE'),
      investigationOpened(I10, [R12], '2023-08-01T10:00:00.000Z', 'BE'),
      offenceClassified(I10, O10, 'OFFLINE'),
      suspectIdentified(I10, P10, [R12]),
      judgmentRecorded(J10, I10, P10, { ...BE, decidedAt: '2024-09-01T10:00:00.000Z', convictedOffenceIds: [O10] }),
    );
    const { snapshotId } = await new TakeArticle8SnapshotHandler(s.store, clock, s.readModels).execute(
      new TakeArticle8SnapshotCommand({ memberState: 'BE', year: 2024 }, { ...context, actor: { ...context.actor, memberStates: ['BE'] } }),
    );
    s.setClock('2025-03-10T12:00:00.000Z');
    const [marked, withdrawn, declared] = await s.append(
      reportMarkedDuplicate(R11, R10), // a report of 2023 joins a case of 2024: the 2024 case is now reported twice
      { type: 'ReportWithdrawn', data: { reportId: R12 as never, reason: 'entered in error' } }, // 2023's report behind the 2024 conviction
      { type: 'DataNotAvailableDeclared', data: { memberState: 'BE', year: 2024, metric: 'ART8_1_B', reason: 'NOT_COLLECTED', note: null } },
      { type: 'DataNotAvailableDeclared', data: { memberState: 'BE', year: 2023, metric: 'ART8_1_A', reason: 'NOT_COLLECTED', note: null } }, // another year
    );
    const report = await new GetRestatementsHandler(s.readModels, s.store).execute(new GetRestatementsQuery('BE', snapshotId));
    expect([...report.restatements].sort((x, y) => x.figure.localeCompare(y.figure))).toEqual([
      { figure: 'a.casesReportedMultipleTimes', submitted: 0, current: 1 },
      { figure: 'b.allRoutes.female', submitted: 0, current: null },
      { figure: 'b.allRoutes.male', submitted: 0, current: null },
      { figure: 'b.allRoutes.notStated', submitted: 0, current: null },
      { figure: 'b.allRoutes.total', submitted: 0, current: null },
      { figure: 'b.art3.female', submitted: 0, current: null },
      { figure: 'b.art3.male', submitted: 0, current: null },
      { figure: 'b.art3.notStated', submitted: 0, current: null },
      { figure: 'b.art3.total', submitted: 0, current: null },
      { figure: 'b.onlineNexusUnknown.female', submitted: 0, current: null },
      { figure: 'b.onlineNexusUnknown.male', submitted: 0, current: null },
      { figure: 'b.onlineNexusUnknown.notStated', submitted: 0, current: null },
      { figure: 'b.onlineNexusUnknown.total', submitted: 0, current: null },
      { figure: 'b.onlineOnly.female', submitted: 0, current: null },
      { figure: 'b.onlineOnly.male', submitted: 0, current: null },
      { figure: 'b.onlineOnly.notStated', submitted: 0, current: null },
      { figure: 'b.onlineOnly.total', submitted: 0, current: null },
      { figure: 'c.convictedPersonsLinkedToReports', submitted: 1, current: 0 },
      { figure: 'status.ART8_1_B', submitted: 'COMPLETE', current: 'NOT_AVAILABLE' },
    ]);
    const changed = (part: 'a' | 'b' | 'c') => report.changedBy[part]?.map(({ globalPosition, stream, type }) => ({ globalPosition, stream, type }));
    expect(changed('a')).toEqual([{ globalPosition: marked, stream: `report-${R11}`, type: 'ReportMarkedDuplicate' }]);
    expect(changed('b')).toEqual([{ globalPosition: declared, stream: 'statistics-BE', type: 'DataNotAvailableDeclared' }]);
    expect(changed('c')).toEqual([{ globalPosition: withdrawn, stream: `report-${R12}`, type: 'ReportWithdrawn' }]);
  });

  it('carries the definition version of each metric as of the moment: a change counts once recorded', async () => {
    // Denmark, so this history shares nothing with the ones above.
    const handler = new GetArt8DocumentHandler(s.readModels, s.store, memo);
    const document = (year: number, asOf?: string) =>
      handler.execute(new GetArt8DocumentQuery('DK', year, asOf === undefined ? {} : { asOf }));
    const versions = async (year: number, asOf?: string) =>
      Object.values((await document(year, asOf)).status).map((quality) => quality.definitionVersion);
    s.setClock('2025-04-01T12:00:00.000Z');
    const [before] = await s.append(reportReceived(reportId(20), { receivedAt: '2024-02-01T10:00:00.000Z' }, 'DK'));
    expect(await versions(2024)).toEqual([1, 1, 1]);
    s.setClock('2025-04-02T12:00:00.000Z');
    await s.append(methodologyChanged('DK', 'ART8_1_A', '2023-01-01', 'actionable reports only'));
    // Effective in 2023: the documents of 2023 and 2024 follow (a)'s second definition, 2022's its first.
    expect(await versions(2022)).toEqual([1, 1, 1]);
    expect(await versions(2023)).toEqual([2, 1, 1]);
    expect(await versions(2024)).toEqual([2, 1, 1]);
    // As of before the change was recorded (its position, or the day before): still the first definition.
    expect(await versions(2024, before)).toEqual([1, 1, 1]);
    expect(await versions(2024, '2025-04-01')).toEqual([1, 1, 1]);
  });

  it('restates a definition version changed since the snapshot, with the methodology change behind it', async () => {
    // Sweden, so this history shares nothing with the ones above.
    const swedish = { ...context, actor: { ...context.actor, memberStates: ['SE' as const] } };
    s.setClock('2025-04-10T12:00:00.000Z');
    await s.append(reportReceived(reportId(40), { receivedAt: '2024-02-01T10:00:00.000Z' }, 'SE'));
    const { snapshotId } = await new TakeArticle8SnapshotHandler(s.store, clock, s.readModels).execute(
      new TakeArticle8SnapshotCommand({ memberState: 'SE', year: 2024 }, swedish),
    );
    const taken = (await s.store.readStream('statistics-SE')).find((event) => event.type === 'Article8SnapshotTaken')!
      .data as Article8SnapshotTaken['data'];
    const submitted = taken.figures as Art8Document;
    // The same snapshot as an earlier release took it, before a status carried its definitionVersion.
    const olderId = randomUUID();
    const olderStatus = Object.fromEntries(
      Object.entries(submitted.status).map(([metric, quality]) => {
        const { definitionVersion: _version, ...older } = quality;
        return [metric, older];
      }),
    );
    await s.append({
      type: 'Article8SnapshotTaken',
      data: { ...taken, snapshotId: olderId, figures: { ...submitted, status: olderStatus } },
    });

    s.setClock('2025-04-11T12:00:00.000Z');
    const [changed] = await s.append(
      // Effective in 2023: (a) of 2024 follows a second definition, with no break in 2024's series.
      methodologyChanged('SE', 'ART8_1_A', '2023-01-01', 'actionable reports only'),
      methodologyChanged('SE', 'ART8_1_C', '2025-01-01', 'a later year'),
    );
    const restatements = new GetRestatementsHandler(s.readModels, s.store);
    const report = await restatements.execute(new GetRestatementsQuery('SE', snapshotId));
    expect(report.restatements).toEqual([{ figure: 'definitionVersion.ART8_1_A', submitted: 1, current: 2 }]);
    const causes = report.changedBy.a?.map(({ globalPosition, stream, type }) => ({ globalPosition, stream, type }));
    expect(causes).toEqual([{ globalPosition: changed, stream: 'statistics-SE', type: 'MethodologyChanged' }]);
    expect(Object.keys(report.changedBy)).toEqual(['a']);
    // The older snapshot submitted no definitionVersion: nothing of it was restated.
    expect(await restatements.execute(new GetRestatementsQuery('SE', olderId))).toMatchObject({
      restatements: [],
      changedBy: {},
    });
  });

  it('restates nothing for a figure the document gained after the snapshot: it was never submitted', async () => {
    // Finland: a child of an investigation whose only offence has an unknown online nexus.
    const [I30, C30] = [investigationId(30), childId(30)];
    s.setClock('2025-05-01T12:00:00.000Z');
    await s.append(
      investigationOpened(I30, [], '2024-03-10T09:00:00.000Z', 'FI'),
      offenceClassified(I30, offenceId(30), 'UNKNOWN'),
      childIdentified(C30, I30, { sex: 'FEMALE' }, 'FI'),
    );
    const finnish = { ...context, actor: { ...context.actor, memberStates: ['FI' as const] } };
    const { snapshotId } = await new TakeArticle8SnapshotHandler(s.store, clock, s.readModels).execute(
      new TakeArticle8SnapshotCommand({ memberState: 'FI', year: 2024 }, finnish),
    );
    const history = await s.store.readStream('statistics-FI');
    const snapshotEvent = history.find((event) => event.type === 'Article8SnapshotTaken')!;
    const taken = snapshotEvent.data as Article8SnapshotTaken['data'];
    const current = taken.figures as Art8Document;
    expect(current.b?.onlineNexusUnknown).toEqual(sexes(1, 0, 0));
    // The same snapshot as an earlier release took it, before the document showed the unknown nexus apart.
    const { onlineNexusUnknown: _b, ...olderB } = current.b!;
    const { convictedPersonsOnlineNexusUnknown: _c, ...olderC } = current.c!;
    const olderId = randomUUID();
    await s.append({
      type: 'Article8SnapshotTaken',
      data: { ...taken, snapshotId: olderId, figures: { ...current, b: olderB, c: olderC } },
    });
    const restatements = new GetRestatementsHandler(s.readModels, s.store);
    const restatementsOf = async (id: string) =>
      (await restatements.execute(new GetRestatementsQuery('FI', id))).restatements;
    expect(await restatementsOf(snapshotId)).toEqual([]);
    expect(await restatementsOf(olderId)).toEqual([]);
  });
});
