/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  childCorrected,
  childId,
  childIdentified,
  childrenMerged,
  investigationId,
  investigationOpened,
  offenceClassified,
  offenceId,
  reportId,
  reportReceived,
  reportWithdrawn,
  type StatisticsDomainEvent,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { queryArt8Figures } from './art8-figures.query';
import { queryArt8Trace } from './art8-trace.query';
import { currentMoment, momentAtPosition } from './as-of';

/** Art. 8(1)(b) from recorded events to figures; every expected number is worked out in the comments. */
const [C1, C2, C3, C4, C5, C6, C7, C8] = [1, 2, 3, 4, 5, 6, 7, 8].map(childId) as [string, string, string, string, string, string, string, string];
const [I1, I2, I3, I4] = [1, 2, 3, 4].map(investigationId) as [string, string, string, string];
const [RA, RB, RC, RW] = [1, 2, 3, 4].map(reportId) as [string, string, string, string];
const sexes = (female: number, male: number, notStated: number) => ({ female, male, notStated, total: female + male + notStated });

describe('Art. 8(1)(b) children identified, hand-computed', () => {
  let db: StatisticsReadModels;
  let log: StatisticsLog;
  beforeAll(async () => {
    db = await openStatisticsReadModels();
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.reset();
    log = new StatisticsLog();
  });

  const given = (...events: StatisticsDomainEvent[]) => db.project(log.record(...events));
  const figures = async (year: number, memberState = 'NL') => {
    const { b } = await queryArt8Figures(db.readModels.manager, memberState, year, await currentMoment(db.readModels.manager));
    return b;
  };

  /** I1 has an online offence, I2 only offline and unknown ones, I3 one with both; RA was detected under Art. 3. */
  const cases: StatisticsDomainEvent[] = [
    reportReceived(RA, { detectedUnderArt3: true }),
    reportReceived(RB, { detectedUnderArt3: false }),
    reportReceived(RC, { detectedUnderArt3: null }),
    investigationOpened(I1, [RA]),
    offenceClassified(I1, offenceId(1), 'ONLINE'),
    investigationOpened(I2),
    offenceClassified(I2, offenceId(2), 'OFFLINE'),
    offenceClassified(I2, offenceId(3), 'UNKNOWN'), // unknown is not online
    investigationOpened(I3),
    offenceClassified(I3, offenceId(4), 'BOTH'),
  ];

  it('counts Art. 3 by route or linked Art. 3 report, all routes, online only; merged records once; by local year', async () => {
    await given(
      ...cases,
      childIdentified(C1, I1, { sex: 'FEMALE', identificationRoute: 'PROVIDER_REPORT_ART3' }),
      // Another route, but linked to a report detected under Art. 3: an Art. 3 child.
      childIdentified(C2, I2, { sex: 'MALE', identificationRoute: 'VICTIM_SELF_REPORT', linkedReportIds: [RA] }),
      // Another route, linked only to reports not (or not known to be) detected under Art. 3: all routes only.
      childIdentified(C3, I2, { sex: 'NOT_STATED', identificationRoute: 'CHAT_LOGS', linkedReportIds: [RB, RC] }),
      childIdentified(C4, I3, { sex: 'FEMALE', identificationRoute: 'EARLIER_INVESTIGATION' }),
      // The same child as C1, recorded twice: counted once, as C1.
      childIdentified(C5, I1, { sex: 'FEMALE', identificationRoute: 'PROVIDER_REPORT_ART3', identifiedAt: '2024-05-01T10:00:00.000Z' }),
      childrenMerged(C5, C1),
      childIdentified(C6, I1, { sex: 'MALE', identifiedAt: '2024-12-31T23:30:00.000Z' }), // 2025 in Amsterdam
      childIdentified(C7, I2, { sex: 'FEMALE', identificationRoute: 'OTHER', identifiedAt: '2023-12-31T23:30:00.000Z' }), // 2024
      investigationOpened(I4, [], '2024-03-10T09:00:00.000Z', 'BE'),
      childIdentified(C8, I4, { sex: 'MALE' }, 'BE'),
    );
    // NL 2024: C1 F (Art. 3, online), C2 M (Art. 3), C3 NS, C4 F (online), C7 F. C5 merged, C6 in 2025, C8 Belgian.
    // C2, C3 and C7 are of I2 (offline and unknown offences): their online nexus is unknown. I4 has no offence.
    expect(await figures(2024)).toEqual({
      art3: sexes(1, 1, 0),
      allRoutes: sexes(3, 1, 1),
      onlineOnly: sexes(2, 0, 0),
      onlineNexusUnknown: sexes(1, 1, 1),
    });
    expect(await figures(2025)).toEqual({
      art3: sexes(0, 1, 0),
      allRoutes: sexes(0, 1, 0),
      onlineOnly: sexes(0, 1, 0),
      onlineNexusUnknown: sexes(0, 0, 0),
    });
    expect(await figures(2024, 'BE')).toEqual({
      art3: sexes(0, 1, 0),
      allRoutes: sexes(0, 1, 0),
      onlineOnly: sexes(0, 0, 0),
      onlineNexusUnknown: sexes(0, 0, 0),
    });
  });

  it('a child not linked to any Art. 3 report counts for all routes only', async () => {
    await given(...cases, childIdentified(C1, I2, { sex: 'MALE', identificationRoute: 'THIRD_PARTY_REPORT' }));
    expect(await figures(2024)).toEqual({
      art3: sexes(0, 0, 0),
      allRoutes: sexes(0, 1, 0),
      onlineOnly: sexes(0, 0, 0),
      onlineNexusUnknown: sexes(0, 1, 0),
    });
  });

  it('follows corrections of sex, route and linked reports, and a later online offence of the investigation', async () => {
    await given(...cases, childIdentified(C1, I2, { sex: 'NOT_STATED', identificationRoute: 'OTHER' }));
    expect(await figures(2024)).toEqual({
      art3: sexes(0, 0, 0),
      allRoutes: sexes(0, 0, 1),
      onlineOnly: sexes(0, 0, 0),
      onlineNexusUnknown: sexes(0, 0, 1),
    });
    await given(childCorrected(C1, [['sex', 'NOT_STATED', 'FEMALE'], ['linkedReportIds', [], [RA]]]));
    expect(await figures(2024)).toEqual({
      art3: sexes(1, 0, 0),
      allRoutes: sexes(1, 0, 0),
      onlineOnly: sexes(0, 0, 0),
      onlineNexusUnknown: sexes(1, 0, 0),
    });
    await given(childCorrected(C1, [['linkedReportIds', [RA], [RB]]]), offenceClassified(I2, offenceId(9), 'ONLINE'));
    // An online offence makes the child online: no longer of unknown nexus.
    expect(await figures(2024)).toEqual({
      art3: sexes(0, 0, 0),
      allRoutes: sexes(1, 0, 0),
      onlineOnly: sexes(1, 0, 0),
      onlineNexusUnknown: sexes(0, 0, 0),
    });
    await given(childCorrected(C1, [['identificationRoute', 'OTHER', 'PROVIDER_REPORT_ART3'], ['identifiedAt', '2024-04-01T10:00:00.000Z', '2025-02-01T10:00:00.000Z']]));
    expect((await figures(2024)).allRoutes.total).toBe(0);
    expect(await figures(2025)).toEqual({
      art3: sexes(1, 0, 0),
      allRoutes: sexes(1, 0, 0),
      onlineOnly: sexes(1, 0, 0),
      onlineNexusUnknown: sexes(0, 0, 0),
    });
  });

  it('a duplicate record of another year merged away leaves that year; the child counts once, in its own year', async () => {
    await given(
      ...cases,
      childIdentified(C1, I1, { sex: 'MALE', identifiedAt: '2024-02-01T10:00:00.000Z' }),
      childIdentified(C2, I1, { sex: 'MALE', identifiedAt: '2023-11-01T10:00:00.000Z' }),
    );
    expect([(await figures(2023)).allRoutes.total, (await figures(2024)).allRoutes.total]).toEqual([1, 1]);
    await given(childrenMerged(C2, C1));
    expect([(await figures(2023)).allRoutes.total, (await figures(2024)).allRoutes.total]).toEqual([0, 1]);
  });

  it('a report withdrawn as entered in error no longer makes its children Art. 3 children', async () => {
    await given(...cases, reportReceived(RW, { detectedUnderArt3: true }), childIdentified(C1, I2, { identificationRoute: 'OTHER', linkedReportIds: [RW] }));
    expect((await figures(2024)).art3.total).toBe(1);
    await given(reportWithdrawn(RW));
    expect(await figures(2024)).toEqual({
      art3: sexes(0, 0, 0),
      allRoutes: sexes(1, 0, 0),
      onlineOnly: sexes(0, 0, 0),
      onlineNexusUnknown: sexes(1, 0, 0),
    });
  });

  it('shows children of unknown nexus apart: an UNKNOWN offence, none ONLINE or BOTH; at any moment', async () => {
    const [IA, IB, IC, ID] = [investigationId(11), investigationId(12), investigationId(13), investigationId(14)];
    const [IE, IF, IG] = [investigationId(15), investigationId(16), investigationId(17)];
    const nexuses: [string, ...('ONLINE' | 'BOTH' | 'OFFLINE' | 'UNKNOWN')[]][] = [
      [IA, 'ONLINE'],
      [IB, 'BOTH', 'UNKNOWN'], // online: an unknown offence beside an online one changes nothing
      [IC, 'OFFLINE'], // offline: neither figure
      [ID, 'UNKNOWN'], // unknown
      [IE, 'OFFLINE', 'UNKNOWN'], // unknown: the unknown offence may be online
      [IF], // no offence classified yet: neither figure
      [IG, 'ONLINE', 'OFFLINE', 'UNKNOWN'], // online
    ];
    let offence = 20;
    await given(
      ...nexuses.flatMap(([investigation, ...kinds]) => [
        investigationOpened(investigation),
        ...kinds.map((kind) => offenceClassified(investigation, offenceId(offence++), kind)),
      ]),
      childIdentified(childId(11), IA, { sex: 'FEMALE' }),
      childIdentified(childId(12), IB, { sex: 'MALE' }),
      childIdentified(childId(13), IC, { sex: 'FEMALE' }),
      childIdentified(childId(14), ID, { sex: 'FEMALE' }),
      childIdentified(childId(15), ID, { sex: 'NOT_STATED' }),
      childIdentified(childId(16), IE, { sex: 'MALE' }),
      childIdentified(childId(17), IF, { sex: 'MALE' }),
      childIdentified(childId(18), IG, { sex: 'NOT_STATED' }),
    );
    // Online: C11 F (IA), C12 M (IB), C18 NS (IG). Unknown: C14 F, C15 NS (ID), C16 M (IE).
    // Neither: C13 (IC), C17 (IF).
    expect(await figures(2024)).toEqual({
      art3: sexes(3, 3, 2), // every route Art. 3 here
      allRoutes: sexes(3, 3, 2),
      onlineOnly: sexes(1, 1, 1),
      onlineNexusUnknown: sexes(1, 1, 1),
    });
    // An auditor's trace lists exactly those children, each with its investigation behind it.
    const trace = async (path: string) =>
      (await queryArt8Trace(db.readModels.manager, 'NL', 2024, await currentMoment(db.readModels.manager), path))!;
    const unknownChildren = await trace('b.onlineNexusUnknown.total');
    expect(unknownChildren.map((unit) => unit.id).sort()).toEqual([childId(14), childId(15), childId(16)].sort());
    const behindC16 = unknownChildren.find((unit) => unit.id === childId(16))!.events.map((event) => event.stream);
    expect(behindC16).toContain(`investigation-${IE}`);
    expect((await trace('b.onlineNexusUnknown.male')).map((unit) => unit.id)).toEqual([childId(16)]);
    const before = log.events.length;
    // ID turns out to have an online offence too: its two children move from unknown to online, from now on.
    await given(offenceClassified(ID, offenceId(40), 'BOTH'));
    expect(await figures(2024)).toMatchObject({ onlineOnly: sexes(2, 1, 2), onlineNexusUnknown: sexes(0, 1, 0) });
    const asBefore = await momentAtPosition(db.readModels.manager, [BigInt(before), BigInt(before)]);
    const { b } = await queryArt8Figures(db.readModels.manager, 'NL', 2024, asBefore);
    expect(b).toMatchObject({ onlineOnly: sexes(1, 1, 1), onlineNexusUnknown: sexes(1, 1, 1) });
  });
});
