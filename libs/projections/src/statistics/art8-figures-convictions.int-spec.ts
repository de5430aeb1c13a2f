/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import {
  appealLodged,
  investigationId,
  investigationOpened,
  judgmentBecameFinal,
  judgmentId,
  judgmentModifiedOnAppeal,
  judgmentRecorded,
  offenceClassified,
  offenceId,
  personId,
  reportId,
  reportReceived,
  reportWithdrawn,
  suspectIdentified,
  type StatisticsDomainEvent,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { queryArt8Figures } from './art8-figures.query';
import { queryArt8Trace } from './art8-trace.query';
import { currentMoment, momentAtPosition } from './as-of';
import { queryMetricQuality } from './quality.query';

/** Art. 8(1)(c) from recorded events to figures; every expected number is worked out in the comments. */
const [I1, I2, I3] = [1, 2, 3].map(investigationId) as [string, string, string];
const [O1, O2, O3, O4, O5] = [1, 2, 3, 4, 5].map(offenceId) as [string, string, string, string, string];
const [J1, J2, J3, J4, J5, J6, J7, J8, J9] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(judgmentId) as [string, string, string, string, string, string, string, string, string];
const [P1, P2, P3, P4, P5, P6, P7, P8] = [1, 2, 3, 4, 5, 6, 7, 8].map(personId) as [string, string, string, string, string, string, string, string];
const [R1, R2] = [1, 2].map(reportId) as [string, string];

describe('Art. 8(1)(c) convicted offenders, hand-computed', () => {
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
  const figures = async (year: number) => (await queryArt8Figures(db.readModels.manager, 'NL', year, await currentMoment(db.readModels.manager))).c;
  const quality = async (year: number) => (await queryMetricQuality(db.readModels.manager, 'NL', year, await currentMoment(db.readModels.manager))).ART8_1_C;

  /** I1 traces to a provider's report and has an online and an offline offence; I2 has no report; I3's report is withdrawn. */
  const cases: StatisticsDomainEvent[] = [
    reportReceived(R1, { reporterKind: 'PROVIDER' }),
    reportReceived(R2, { reporterKind: 'PUBLIC_INTEREST_ORGANISATION', sourceChannel: 'INHOPE_HOTLINE' }),
    investigationOpened(I1, [R1]),
    offenceClassified(I1, O1, 'ONLINE'),
    offenceClassified(I1, O2, 'OFFLINE'),
    investigationOpened(I2),
    offenceClassified(I2, O3, 'OFFLINE'),
    offenceClassified(I2, O4, 'UNKNOWN'),
    investigationOpened(I3, [R2]),
    offenceClassified(I3, O5, 'BOTH'),
    reportWithdrawn(R2),
    ...[P1, P4, P6, P7, P8].map((person) => suspectIdentified(I1, person, [R1])),
    ...[P2, P3].map((person) => suspectIdentified(I2, person)),
    suspectIdentified(I3, P5),
  ];

  it('counts distinct persons and convictions, final, online and report-linked ones, by the year of the conviction', async () => {
    await given(
      ...cases,
      // P1 convicted twice in 2024: one person, two convictions; the first is final.
      judgmentRecorded(J1, I1, P1, { decidedAt: '2024-03-01T10:00:00.000Z', convictedOffenceIds: [O1] }),
      judgmentBecameFinal(J1, '2024-04-15T10:00:00.000Z'),
      judgmentRecorded(J2, I1, P1, { decidedAt: '2024-09-01T10:00:00.000Z', convictedOffenceIds: [O2] }),
      judgmentRecorded(J3, I2, P2, { decidedAt: '2024-05-01T10:00:00.000Z', convictedOffenceIds: [O3] }), // not final
      judgmentRecorded(J4, I2, P3, { decidedAt: '2024-06-01T10:00:00.000Z', convictedOffenceIds: [O4] }), // online unknown
      judgmentBecameFinal(J4, '2024-07-01T10:00:00.000Z'),
      // P4 convicted, then acquitted on appeal: the conviction leaves the counts.
      judgmentRecorded(J5, I1, P4, { decidedAt: '2024-02-01T10:00:00.000Z', convictedOffenceIds: [O1] }),
      appealLodged(J5, '2024-02-10T10:00:00.000Z'),
      judgmentModifiedOnAppeal(J5, 'ACQUITTED', '2024-10-01T10:00:00.000Z'),
      judgmentRecorded(J6, I3, P5, { decidedAt: '2024-07-01T10:00:00.000Z', convictedOffenceIds: [O5] }), // online; report withdrawn
      judgmentBecameFinal(J6, '2024-08-01T10:00:00.000Z'),
      // P6 acquitted in 2023, convicted on appeal in 2024: a conviction of 2024.
      judgmentRecorded(J7, I1, P6, { outcome: 'ACQUITTED', decidedAt: '2023-10-01T10:00:00.000Z' }),
      appealLodged(J7, '2023-10-15T10:00:00.000Z'),
      judgmentModifiedOnAppeal(J7, 'CONVICTED', '2024-03-03T10:00:00.000Z', [O1]),
      judgmentRecorded(J8, I1, P7, { decidedAt: '2024-12-31T23:30:00.000Z', convictedOffenceIds: [O1] }), // 2025 in Amsterdam
      judgmentRecorded(J9, I1, P8, { decidedAt: '2023-12-31T23:30:00.000Z', convictedOffenceIds: [O2] }), // 2024 in Amsterdam
    );
    // 2024 convictions: J1, J2 (P1), J3 (P2), J4 (P3), J6 (P5), J7 (P6), J9 (P8): 7 convictions of 6 persons.
    // Final: P1 (J1), P3, P5. Online: P1 (O1), P5 (O5, BOTH), P6 (O1); not P3 (UNKNOWN). Linked: I1's P1, P6, P8.
    // Online nexus unknown: P3 (O4). P2 and P8 were convicted of offline offences only.
    expect(await figures(2024)).toEqual({
      convictedPersons: 6,
      convictions: 7,
      convictedPersonsFinal: 3,
      convictedPersonsOnlineOffences: 3,
      convictedPersonsLinkedToReports: 3,
      convictedPersonsOnlineNexusUnknown: 1,
    });
    expect(await figures(2025)).toEqual({
      convictedPersons: 1,
      convictions: 1,
      convictedPersonsFinal: 0,
      convictedPersonsOnlineOffences: 1,
      convictedPersonsLinkedToReports: 1,
      convictedPersonsOnlineNexusUnknown: 0,
    });
    expect((await figures(2023)).convictions).toBe(0); // J7's acquittal and J9 (2024 locally) are not convictions of 2023
    // Non-final convictions of 2024 (J2, J3, J7, J9) keep the figure provisional, and so does J5's acquittal on
    // appeal, which is not final either.
    expect(await quality(2024)).toMatchObject({ status: 'PROVISIONAL', flags: ['PROVISIONAL'], pending: 5 });
  });

  it('a conviction overturned on appeal leaves the counts; one upheld on appeal keeps its first-instance year', async () => {
    await given(...cases, judgmentRecorded(J1, I1, P1, { decidedAt: '2024-11-20T10:00:00.000Z', convictedOffenceIds: [O1] }), judgmentRecorded(J2, I2, P2, { decidedAt: '2024-12-01T10:00:00.000Z', convictedOffenceIds: [O3] }));
    expect(await figures(2024)).toMatchObject({ convictedPersons: 2, convictions: 2, convictedPersonsOnlineOffences: 1 });
    await given(appealLodged(J1, '2024-11-25T10:00:00.000Z'), judgmentModifiedOnAppeal(J1, 'ACQUITTED', '2025-03-01T10:00:00.000Z'));
    await given(appealLodged(J2, '2024-12-05T10:00:00.000Z'), judgmentModifiedOnAppeal(J2, 'CONVICTED', '2025-04-01T10:00:00.000Z', [O3]));
    expect(await figures(2024)).toEqual({
      convictedPersons: 1,
      convictions: 1,
      convictedPersonsFinal: 0,
      convictedPersonsOnlineOffences: 0,
      convictedPersonsLinkedToReports: 0,
      convictedPersonsOnlineNexusUnknown: 0,
    });
    expect((await figures(2025)).convictions).toBe(0);
  });

  it('a non-final conviction counts among convictions but not among final ones until finality is recorded', async () => {
    await given(...cases, judgmentRecorded(J1, I1, P1, { convictedOffenceIds: [O1] }));
    expect(await figures(2024)).toMatchObject({ convictedPersons: 1, convictedPersonsFinal: 0 });
    expect(await quality(2024)).toMatchObject({ status: 'PROVISIONAL', pending: 1 });
    await given(judgmentBecameFinal(J1, '2025-01-05T10:00:00.000Z'));
    expect(await figures(2024)).toMatchObject({ convictedPersons: 1, convictedPersonsFinal: 1 });
    expect(await quality(2024)).toMatchObject({ status: 'COMPLETE', flags: [], pending: 0 });
  });

  it('online means a convicted offence that is ONLINE or BOTH: not OFFLINE, not UNKNOWN, not an offence the person was not convicted of', async () => {
    await given(
      ...cases,
      judgmentRecorded(J1, I1, P1, { convictedOffenceIds: [O2] }), // I1 has an online offence, but P1 was convicted of the offline one
      judgmentRecorded(J2, I2, P2, { convictedOffenceIds: [O3, O4] }),
      judgmentRecorded(J3, I3, P5, { convictedOffenceIds: [O5] }),
    );
    // P2's offences are OFFLINE and UNKNOWN: of unknown nexus.
    expect(await figures(2024)).toMatchObject({
      convictedPersons: 3,
      convictedPersonsOnlineOffences: 1,
      convictedPersonsOnlineNexusUnknown: 1,
    });
  });

  it('shows persons of unknown nexus apart: convicted of an UNKNOWN offence, none ONLINE or BOTH', async () => {
    const I4 = investigationId(4);
    const [O6, O7] = [6, 7].map(offenceId) as [string, string];
    const [PA, PB, PC, PD] = [personId(11), personId(12), personId(13), personId(14)];
    const [PE, PF, PG] = [personId(15), personId(16), personId(17)];
    const [JA1, JA2, JB, JC1, JC2] = [judgmentId(11), judgmentId(12), judgmentId(13), judgmentId(14), judgmentId(15)];
    const [JD, JE, JF1, JF2, JG] = [judgmentId(16), judgmentId(17), judgmentId(18), judgmentId(19), judgmentId(20)];
    await given(
      ...cases,
      investigationOpened(I4),
      offenceClassified(I4, O6, 'BOTH'),
      offenceClassified(I4, O7, 'UNKNOWN'),
      // PA: UNKNOWN (and ONLINE, below)
      judgmentRecorded(JA1, I2, PA, { decidedAt: '2024-02-01T10:00:00.000Z', convictedOffenceIds: [O4] }),
      judgmentRecorded(JB, I2, PB, { convictedOffenceIds: [O3, O4] }), // PB: OFFLINE and UNKNOWN: unknown
      judgmentRecorded(JC1, I2, PC, { convictedOffenceIds: [O4] }), // PC: UNKNOWN in 2024…
      // …and ONLINE in 2025
      judgmentRecorded(JC2, I1, PC, { decidedAt: '2025-03-01T10:00:00.000Z', convictedOffenceIds: [O1] }),
      judgmentRecorded(JD, I2, PD, { convictedOffenceIds: [O4] }), // PD: UNKNOWN, acquitted on appeal below
      appealLodged(JD, '2024-11-25T10:00:00.000Z'),
      judgmentModifiedOnAppeal(JD, 'ACQUITTED', '2024-12-10T10:00:00.000Z'),
      judgmentRecorded(JE, I2, PE, { convictedOffenceIds: [O3] }), // PE: OFFLINE; I2's UNKNOWN offence is not PE's
      // PF: UNKNOWN twice, one person
      judgmentRecorded(JF1, I2, PF, { decidedAt: '2024-03-01T10:00:00.000Z', convictedOffenceIds: [O4] }),
      judgmentRecorded(JF2, I2, PF, { decidedAt: '2024-04-01T10:00:00.000Z', convictedOffenceIds: [O4] }),
      judgmentRecorded(JG, I4, PG, { convictedOffenceIds: [O6, O7] }), // PG: BOTH beside UNKNOWN: online
    );
    // 2024: PA, PB, PC, PE, PF, PG convicted (PD acquitted). Online: PG. Unknown: PA, PB, PC, PF.
    expect(await figures(2024)).toMatchObject({
      convictedPersons: 6,
      convictions: 7,
      convictedPersonsOnlineOffences: 1,
      convictedPersonsOnlineNexusUnknown: 4,
    });
    expect(await figures(2025)).toMatchObject({
      convictedPersons: 1,
      convictedPersonsOnlineOffences: 1,
      convictedPersonsOnlineNexusUnknown: 0,
    });
    // An auditor's trace lists exactly those persons, PF with both of the convictions behind the count.
    const now = await currentMoment(db.readModels.manager);
    const path = 'c.convictedPersonsOnlineNexusUnknown';
    const traced = (await queryArt8Trace(db.readModels.manager, 'NL', 2024, now, path))!;
    expect(traced.map((unit) => unit.id).sort()).toEqual([PA, PB, PC, PF].sort());
    const streamsOf = (person: string) =>
      new Set(traced.find((unit) => unit.id === person)!.events.map((event) => event.stream));
    expect(streamsOf(PF)).toEqual(new Set([`judgment-${JF1}`, `judgment-${JF2}`, `investigation-${I2}`]));
    const before = log.events.length;
    // PA is convicted again in 2024, of an online offence: now online, no longer of unknown nexus.
    await given(judgmentRecorded(JA2, I1, PA, { decidedAt: '2024-06-01T10:00:00.000Z', convictedOffenceIds: [O1] }));
    expect(await figures(2024)).toMatchObject({
      convictedPersons: 6,
      convictions: 8,
      convictedPersonsOnlineOffences: 2,
      convictedPersonsOnlineNexusUnknown: 3,
    });
    const asBefore = await momentAtPosition(db.readModels.manager, [BigInt(before), BigInt(before)]);
    const { c } = await queryArt8Figures(db.readModels.manager, 'NL', 2024, asBefore);
    expect(c).toMatchObject({
      convictions: 7,
      convictedPersonsOnlineOffences: 1,
      convictedPersonsOnlineNexusUnknown: 4,
    });
  });
});
