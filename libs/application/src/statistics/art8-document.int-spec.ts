import { CONTENT_CATEGORIES, PROVIDER_TYPES, REPORTER_KINDS, SOURCE_CHANNELS } from '@registry/domain';
import { ART8_FIGURES_AT_ZERO, currentMoment, queryArt8Figures } from '@registry/projections';
/* eslint-disable no-restricted-imports -- test/support is the suite's shared test code, not another lib */
import { csvObjects } from '../../../../test/support/statistics-csv';
import { disclosureProblems } from '../../../../test/support/statistics-disclosure';
import {
  appealLodged,
  childId,
  childIdentified,
  dataNotAvailableDeclared,
  investigationId,
  investigationOpened,
  judgmentRecorded,
  judgmentId,
  judgmentModifiedOnAppeal,
  methodologyChanged,
  offenceClassified,
  offenceId,
  personId,
  reportAssessed,
  reportId,
  reportMarkedDuplicate,
  reportReceived,
  suspectIdentified,
} from '../../../../test/support/statistics-events';
import { openStatisticsReadModels, StatisticsLog, type StatisticsReadModels } from '../../../../test/support/statistics-log';
/* eslint-enable no-restricted-imports */
import { cellsOf, type Art8Document } from './art8-document';
import { renderArt8, SDMX_COLUMNS } from './art8-formats';
import { buildArt8Document } from './get-art8-document';
import { GetQualityMatrixHandler, GetQualityMatrixQuery } from './statistics-queries';

/**
 * One hand-computed Art. 8 document, exact and public, and its csv and sdmx-csv exports read back with a
 * separate RFC 4180 parser: a metric declared not available is null with its reason (never 0), a
 * methodology change shows as a break, pending cases as provisional, small counts never leave in public.
 */
const counts = (codes: readonly string[], nonZero: Record<string, number> = {}) => Object.fromEntries(codes.map((code) => [code, nonZero[code] ?? 0]));
/** A breakdown as published: the listed codes withheld (null), every other one as exact. */
const withholding = (breakdown: Record<string, number | null> | null | undefined, codes: readonly string[]) =>
  Object.fromEntries(Object.entries(breakdown ?? {}).map(([code, value]) => [code, codes.includes(code) ? null : value]));
const sexes = (female: number, male: number, notStated: number) => ({ female, male, notStated, total: female + male + notStated });
const [R1, R2, R3] = [1, 2, 3].map(reportId) as [string, string, string];
const I1 = investigationId(1);
const O1 = offenceId(1);
const BREAK = 'children counted once per member state, no longer per investigation';
const NOTE = 'court data held by the courts, not shared with the police';

describe('the Art. 8 document and its exports, hand-computed', () => {
  let db: StatisticsReadModels;
  let exact: Art8Document;
  let published: Art8Document;
  beforeAll(async () => {
    db = await openStatisticsReadModels();
    const log = new StatisticsLog('2025-01-15T12:00:00.000Z');
    await db.project(
      log.record(
        reportReceived(R1, { receivedAt: '2024-02-01T10:00:00.000Z' }),
        reportAssessed(R1, true),
        reportReceived(R2, { receivedAt: '2024-03-01T10:00:00.000Z', provider: { name: 'Example Social', providerType: 'SOCIAL_MEDIA' } }),
        reportMarkedDuplicate(R2, R1, 'SAME_ACCOUNT'),
        reportReceived(R3, {
          receivedAt: '2024-04-01T10:00:00.000Z',
          reporterKind: 'PUBLIC_INTEREST_ORGANISATION',
          sourceChannel: 'INHOPE_HOTLINE',
          contentCategory: 'NEW_CSAM',
          provider: { name: null, providerType: 'HOSTING_OR_CLOUD' },
        }),
        reportAssessed(R3, false),
        ...[4, 5, 6, 7, 8, 9].flatMap((n) => [reportReceived(reportId(n), { receivedAt: `2024-0${n}-15T10:00:00.000Z` }), reportAssessed(reportId(n), true)]),
        investigationOpened(I1, [R1]),
        offenceClassified(I1, O1, 'ONLINE'),
        suspectIdentified(I1, personId(1), [R1]),
        ...[1, 2, 3, 4, 5].map((n) => childIdentified(childId(n), I1, { sex: 'FEMALE' })),
        childIdentified(childId(6), I1, { sex: 'MALE' }),
        judgmentRecorded(judgmentId(1), I1, personId(1), { convictedOffenceIds: [O1] }), // not final
        methodologyChanged('NL', 'ART8_1_B', '2024-01-01', BREAK),
        dataNotAvailableDeclared('NL', 2024, 'ART8_1_C', 'NOT_RECORDED_NATIONALLY', NOTE),
      ),
    );
    const moment = await currentMoment(db.readModels.manager);
    exact = await buildArt8Document(db.readModels.manager, 'NL', 2024, moment, 'exact');
    published = await buildArt8Document(db.readModels.manager, 'NL', 2024, moment, 'public');
  });
  afterAll(() => db?.close());

  it('is exact: 9 reports in 8 cases, 6 children, and (c) null with its reason, never 0', () => {
    expect(exact).toEqual({
      memberState: 'NL',
      year: 2024,
      asOf: { position: '30', at: '2025-01-15T12:29:00.000Z' }, // the 30th event, a minute apart from 12:00
      disclosure: 'exact',
      a: {
        totalReports: 9,
        distinctCases: 8,
        casesReportedMultipleTimes: 1,
        repeatReports: 1,
        actionableReports: 7,
        unassessedReports: 1,
        reportsInInvestigations: 1,
        investigationsOpened: 1,
        byReporterKind: counts(REPORTER_KINDS, { PROVIDER: 8, PUBLIC_INTEREST_ORGANISATION: 1 }),
        bySourceChannel: counts(SOURCE_CHANNELS, { NCMEC: 8, INHOPE_HOTLINE: 1 }),
        byProviderType: counts(PROVIDER_TYPES, { INTERPERSONAL_COMMUNICATION: 7, SOCIAL_MEDIA: 1, HOSTING_OR_CLOUD: 1 }),
        byContentCategory: counts(CONTENT_CATEGORIES, { KNOWN_CSAM: 8, NEW_CSAM: 1 }),
        otherCountUnits: { NOTIFICATION: 0, URL: 0, DOMAIN: 0, INCIDENT: 0 },
      },
      b: {
        art3: sexes(5, 1, 0),
        allRoutes: sexes(5, 1, 0),
        onlineOnly: sexes(5, 1, 0),
        onlineNexusUnknown: sexes(0, 0, 0),
      },
      c: null,
      status: {
        ART8_1_A: {
          status: 'PROVISIONAL',
          reason: null,
          note: null,
          flags: ['PROVISIONAL'],
          definitionVersion: 1,
          breaks: [],
          pending: 1,
        },
        ART8_1_B: {
          status: 'BREAK_IN_SERIES',
          reason: null,
          note: null,
          flags: ['BREAK_IN_SERIES', 'PROVISIONAL'],
          definitionVersion: 2, // the change of 2024
          breaks: [{ effectiveFrom: '2024-01-01T00:00:00.000Z', description: BREAK }],
          pending: 6,
        },
        ART8_1_C: {
          status: 'NOT_AVAILABLE',
          reason: 'NOT_RECORDED_NATIONALLY',
          note: NOTE,
          flags: ['NOT_AVAILABLE', 'PROVISIONAL'],
          definitionVersion: 1,
          breaks: [],
          pending: 1,
        },
      },
      confidentiality: {},
    });
  });

  it('is public: small counts withheld (C), and enough others (D) that none can be worked out', () => {
    // Primary: every 1. Secondary: the largest-but-smallest other cell of each group. In byProviderType,
    // SOCIAL_MEDIA + HOSTING_OR_CLOUD = 9 − 7 = 2 would make both 1, so INTERPERSONAL_COMMUNICATION goes too.
    // In (b), male 1 with female 5 sums to 6 = only 1 + 5, and so on until the whole group is withheld.
    const b = { female: null, male: null, notStated: null, total: null };
    expect({ a: published.a, b: published.b, c: published.c }).toEqual({
      a: {
        ...exact.a,
        distinctCases: null,
        casesReportedMultipleTimes: null,
        repeatReports: null,
        unassessedReports: null,
        reportsInInvestigations: null,
        investigationsOpened: null,
        byReporterKind: withholding(exact.a?.byReporterKind, ['PROVIDER', 'PUBLIC_INTEREST_ORGANISATION']),
        bySourceChannel: withholding(exact.a?.bySourceChannel, ['NCMEC', 'INHOPE_HOTLINE']),
        byProviderType: withholding(exact.a?.byProviderType, ['INTERPERSONAL_COMMUNICATION', 'SOCIAL_MEDIA', 'HOSTING_OR_CLOUD']),
        byContentCategory: withholding(exact.a?.byContentCategory, ['KNOWN_CSAM', 'NEW_CSAM']),
      },
      b: { art3: b, allRoutes: b, onlineOnly: b, onlineNexusUnknown: exact.b?.onlineNexusUnknown },
      c: null,
    });
    expect(published.confidentiality).toEqual({
      'a.casesReportedMultipleTimes': 'C',
      'a.repeatReports': 'C',
      'a.unassessedReports': 'C',
      'a.reportsInInvestigations': 'C',
      'a.investigationsOpened': 'C',
      'a.byReporterKind.PUBLIC_INTEREST_ORGANISATION': 'C',
      'a.bySourceChannel.INHOPE_HOTLINE': 'C',
      'a.byProviderType.SOCIAL_MEDIA': 'C',
      'a.byProviderType.HOSTING_OR_CLOUD': 'C',
      'a.byContentCategory.NEW_CSAM': 'C',
      'b.art3.male': 'C',
      'b.allRoutes.male': 'C',
      'b.onlineOnly.male': 'C',
      'status.ART8_1_A.pending': 'C',
      'status.ART8_1_C.pending': 'C',
      'a.byReporterKind.PROVIDER': 'D',
      'a.bySourceChannel.NCMEC': 'D',
      'a.byProviderType.INTERPERSONAL_COMMUNICATION': 'D',
      'a.byContentCategory.KNOWN_CSAM': 'D',
      'a.distinctCases': 'D',
      ...Object.fromEntries(['art3', 'allRoutes', 'onlineOnly'].flatMap((route) => ['female', 'notStated', 'total'].map((cell) => [`b.${route}.${cell}`, 'D']))),
    });
    expect([published.status.ART8_1_A.pending, published.status.ART8_1_B.pending, published.status.ART8_1_C.pending]).toEqual([null, 6, null]);
    expect(disclosureProblems(exact, published)).toEqual([]);
  });

  it('gives the quality matrix the same statuses, small pending counts withheld for the public', async () => {
    // (a)'s pending is a.unassessedReports, withheld in the public document: the matrix must not show it either.
    const matrix = (disclosure: 'exact' | 'public') =>
      new GetQualityMatrixHandler(db.readModels).execute(new GetQualityMatrixQuery('NL', [], { disclosure }));
    const year2024 = async (disclosure: 'exact' | 'public') =>
      (await matrix(disclosure)).years.find((row) => row.year === 2024)?.metrics;
    expect(await year2024('exact')).toEqual(exact.status);
    expect(await year2024('public')).toEqual(published.status);
    expect((await matrix('public')).disclosure).toBe('public');
  });

  it('lists every figure in the order of the projection in the shape a part not available is exported in', async () => {
    const { manager } = db.readModels;
    const figures = await queryArt8Figures(manager, 'NL', 2024, await currentMoment(manager));
    const paths = (part: 'a' | 'b' | 'c', of: object) => cellsOf(of, part).map(([path]) => path);
    for (const part of ['a', 'b', 'c'] as const) {
      expect(paths(part, ART8_FIGURES_AT_ZERO[part])).toEqual(paths(part, figures[part]));
    }
  });

  it('exports the same rows and series keys whether a metric is available or not', () => {
    // A recipient keys a figure by metric and breakdown (csv), or by its series (sdmx-csv): a year without data
    // has the same keys, marked missing, never a gap nor a key of its own.
    const available: Art8Document = { ...exact, c: ART8_FIGURES_AT_ZERO.c };
    const csvKeys = (document: Art8Document) =>
      csvObjects(renderArt8(document, 'csv')).rows.map((row) => `${row.metric}|${row.breakdown}`);
    const sdmxKeys = (document: Art8Document) =>
      csvObjects(renderArt8(document, 'sdmx-csv')).rows.map((row) => `${row.INDICATOR}|${row.BREAKDOWN}|${row.SEX}`);
    expect(csvKeys(exact)).toEqual(csvKeys(available));
    expect(sdmxKeys(exact)).toEqual(sdmxKeys(available));
    expect(sdmxKeys(published)).toEqual(sdmxKeys(available));
  });

  it('exports csv: one row per figure, those of a metric not available empty, with its status and reason', () => {
    const { header, rows } = csvObjects(renderArt8(exact, 'csv'));
    expect(header).toEqual([
      'metric',
      'breakdown',
      'value',
      'status',
      'confidentiality',
      'reason',
      'definitionVersion',
    ]);
    const row = (metric: string, breakdown: string, value: string, status: string, reason = '', version = '1') => ({
      metric,
      breakdown,
      value,
      status,
      confidentiality: 'F',
      reason,
      definitionVersion: version,
    });
    expect(rows.filter(({ metric }) => metric === 'ART8_1_C')).toEqual(
      [
        'convictedPersons',
        'convictions',
        'convictedPersonsFinal',
        'convictedPersonsOnlineOffences',
        'convictedPersonsLinkedToReports',
        'convictedPersonsOnlineNexusUnknown',
      ].map((figure) => row('ART8_1_C', figure, '', 'NOT_AVAILABLE', 'NOT_RECORDED_NATIONALLY')),
    );
    expect(rows.find(({ breakdown }) => breakdown === 'totalReports')).toEqual(
      row('ART8_1_A', 'totalReports', '9', 'PROVISIONAL'),
    );
    // (b) follows its second definition since the change effective in 2024.
    expect(rows.find(({ breakdown }) => breakdown === 'art3.female')).toEqual(
      row('ART8_1_B', 'art3.female', '5', 'BREAK_IN_SERIES', '', '2'),
    );
    expect(rows).toHaveLength(cellsOf(exact.a, 'a').length + cellsOf(exact.b, 'b').length + 6);
  });

  describe.each(['exact', 'public'] as const)('sdmx-csv (%s)', (disclosure) => {
    const documentOf = () => (disclosure === 'exact' ? exact : published);

    it('parses into exactly the listed columns, with the SDMX codes of contract.md', () => {
      const document = documentOf();
      const { header, rows } = csvObjects(renderArt8(document, 'sdmx-csv'));
      expect(header).toEqual(['STRUCTURE', 'STRUCTURE_ID', 'ACTION', 'FREQ', 'REF_AREA', 'TIME_PERIOD', 'INDICATOR', 'BREAKDOWN', 'SEX', 'OBS_VALUE', 'OBS_STATUS', 'CONF_STATUS']);
      expect(header).toEqual([...SDMX_COLUMNS]);
      expect(rows).toHaveLength(cellsOf(document.a, 'a').length + cellsOf(document.b, 'b').length + 6);
      for (const row of rows) {
        expect(row).toMatchObject({ STRUCTURE: 'dataflow', ACTION: 'I', FREQ: 'A', REF_AREA: 'NL', TIME_PERIOD: '2024' });
        expect(row.STRUCTURE_ID).toMatch(/^[A-Z][A-Z0-9_]*:[A-Z][A-Z0-9_]*\(\d+\.\d+(\.\d+)?\)$/);
        expect(['F', 'M', '_U', '_T', '_Z']).toContain(row.SEX);
        expect(['A', 'P', 'M', 'B']).toContain(row.OBS_STATUS);
        expect(['F', 'C', 'D']).toContain(row.CONF_STATUS);
        // A value is a whole number, or empty exactly when it is missing (M) or withheld (C, D).
        expect(row.OBS_VALUE === '').toBe(row.OBS_STATUS === 'M' || row.CONF_STATUS !== 'F');
        if (row.OBS_VALUE !== '') expect(row.OBS_VALUE).toMatch(/^(0|[1-9]\d*)$/);
      }
      // One observation per series key.
      const keys = rows.map((row) => `${row.INDICATOR}|${row.BREAKDOWN}|${row.SEX}`);
      expect(new Set(keys).size).toBe(keys.length);
      // Status per metric: (a) provisional, (b) a break in series, (c) missing.
      const statusOf = (indicator: RegExp) => [...new Set(rows.filter((row) => indicator.test(row.INDICATOR!)).map((row) => row.OBS_STATUS))];
      expect(statusOf(/^CHILDREN_/)).toEqual(['B']);
      // (c) not available: each of its series has an observation, without a value.
      const missing = (indicator: string) =>
        expect.objectContaining({ INDICATOR: indicator, BREAKDOWN: '_T', SEX: '_Z', OBS_VALUE: '', CONF_STATUS: 'F' });
      expect(rows.filter((row) => row.OBS_STATUS === 'M')).toEqual(
        [
          'CONVICTED_PERSONS',
          'CONVICTIONS',
          'CONVICTED_PERSONS_FINAL',
          'CONVICTED_PERSONS_ONLINE_OFFENCES',
          'CONVICTED_PERSONS_LINKED_TO_REPORTS',
          'CONVICTED_PERSONS_ONLINE_NEXUS_UNKNOWN',
        ].map(missing),
      );
      expect(statusOf(/^(?!CHILDREN_|CONVICT)/)).toEqual(['P']);
    });

    it('carries the document\'s values: the same multiset of numbers, and by key where the key is plain', () => {
      const document = documentOf();
      const { rows } = csvObjects(renderArt8(document, 'sdmx-csv'));
      const value = (indicator: string, breakdown: string, sex: string) => rows.find((row) => row.INDICATOR === indicator && row.BREAKDOWN === breakdown && row.SEX === sex)?.OBS_VALUE;
      const shown = (cell: number | null) => (cell === null ? '' : String(cell));
      const cells = [...cellsOf(document.a, 'a'), ...cellsOf(document.b, 'b')].map(([, cell]) => shown(cell)).sort();
      expect(rows.filter((row) => row.OBS_STATUS !== 'M').map((row) => row.OBS_VALUE).sort()).toEqual(cells);
      expect(value('TOTAL_REPORTS', '_T', '_Z')).toBe(shown(document.a!.totalReports));
      expect(value('REPORTS', 'REPORTER_KIND:PROVIDER', '_Z')).toBe(shown(document.a!.byReporterKind.PROVIDER!));
      expect(value('CHILDREN_ART3', '_Z', 'F')).toBe(shown(document.b!.art3.female));
      expect(value('CHILDREN_ALL_ROUTES', '_Z', '_T')).toBe(shown(document.b!.allRoutes.total));
      expect(value('CHILDREN_ONLINE_ONLY', '_Z', '_U')).toBe(shown(document.b!.onlineOnly.notStated));
      if (disclosure === 'public') for (const row of rows) expect(['1', '2', '3', '4']).not.toContain(row.OBS_VALUE);
    });
  });
});

/** (c) stays provisional while any judgment decided in the year may still change on appeal: everywhere it is shown. */
describe('the Art. 8 document with non-final acquittals only', () => {
  let db: StatisticsReadModels;
  afterAll(() => db?.close());

  it('shows (c) PROVISIONAL, with both judgments pending, everywhere the status is shown', async () => {
    db = await openStatisticsReadModels();
    await db.project(
      new StatisticsLog('2025-03-01T12:00:00.000Z').record(
        judgmentRecorded(judgmentId(1), I1, personId(1), { outcome: 'ACQUITTED', decidedAt: '2024-07-01T10:00:00Z' }),
        judgmentRecorded(judgmentId(2), I1, personId(2), { outcome: 'CONVICTED', decidedAt: '2024-11-01T10:00:00Z' }),
        appealLodged(judgmentId(2), '2024-11-20T10:00:00.000Z'),
        judgmentModifiedOnAppeal(judgmentId(2), 'ACQUITTED', '2025-02-01T10:00:00.000Z'),
      ),
    );
    const moment = await currentMoment(db.readModels.manager);
    const document = await buildArt8Document(db.readModels.manager, 'NL', 2024, moment, 'exact');
    const provisional = {
      status: 'PROVISIONAL', reason: null, note: null, flags: ['PROVISIONAL'], breaks: [], definitionVersion: 1,
    };
    const bothPending = { ...provisional, pending: 2 };
    expect(document.c?.convictedPersons).toBe(0);
    expect(document.status.ART8_1_C).toEqual(bothPending);
    const sdmxStatuses = csvObjects(renderArt8(document, 'sdmx-csv'))
      .rows.filter((row) => row.INDICATOR?.startsWith('CONVICT'))
      .map((row) => row.OBS_STATUS);
    expect(sdmxStatuses.length).toBeGreaterThan(0);
    expect(new Set(sdmxStatuses)).toEqual(new Set(['P']));
    const matrix = await new GetQualityMatrixHandler(db.readModels).execute(new GetQualityMatrixQuery('NL'));
    expect(matrix.years.find((row) => row.year === 2024)?.metrics.ART8_1_C).toEqual(bothPending);
  });
});

describe('the online nexus shown separately when unknown, exact and public', () => {
  let db: StatisticsReadModels;
  let exact: Art8Document;
  let published: Art8Document;
  beforeAll(async () => {
    db = await openStatisticsReadModels();
    const [I2, O2, O3] = [investigationId(2), offenceId(2), offenceId(3)];
    const log = new StatisticsLog('2025-01-15T12:00:00.000Z');
    await db.project(
      log.record(
        investigationOpened(I1),
        offenceClassified(I1, O1, 'ONLINE'),
        investigationOpened(I2),
        offenceClassified(I2, O2, 'OFFLINE'),
        offenceClassified(I2, O3, 'UNKNOWN'),
        // Online: 5 girls, 6 boys. Unknown nexus: 1 girl, 7 boys.
        ...Array.from({ length: 11 }, (_, n) =>
          childIdentified(childId(n + 1), I1, { sex: n < 5 ? 'FEMALE' : 'MALE' }),
        ),
        ...Array.from({ length: 8 }, (_, n) =>
          childIdentified(childId(n + 21), I2, { sex: n < 1 ? 'FEMALE' : 'MALE' }),
        ),
        // Convicted: 5 persons of the online offence, 1 of the unknown one (and of the offline one).
        ...[1, 2, 3, 4, 5].map((n) => judgmentRecorded(judgmentId(n), I1, personId(n), { convictedOffenceIds: [O1] })),
        judgmentRecorded(judgmentId(6), I2, personId(6), { convictedOffenceIds: [O2, O3] }),
      ),
    );
    const moment = await currentMoment(db.readModels.manager);
    exact = await buildArt8Document(db.readModels.manager, 'NL', 2024, moment, 'exact');
    published = await buildArt8Document(db.readModels.manager, 'NL', 2024, moment, 'public');
  });
  afterAll(() => db?.close());

  it('counts them beside the online ones, never in them', () => {
    expect(exact.b).toMatchObject({
      allRoutes: sexes(6, 13, 0),
      onlineOnly: sexes(5, 6, 0),
      onlineNexusUnknown: sexes(1, 7, 0),
    });
    expect(exact.c).toMatchObject({
      convictedPersons: 6,
      convictedPersonsOnlineOffences: 5,
      convictedPersonsOnlineNexusUnknown: 1,
    });
  });

  it('withholds their small counts in public, and enough others that none can be worked out', () => {
    // Unknown nexus, female 1: a small count (C); male 7 goes too (D), or 8 − 1 would give it away.
    expect(published.b?.onlineNexusUnknown).toEqual({ female: null, male: null, notStated: 0, total: 8 });
    // 6 girls in all, 5 of them online: the unknown one would be 6 − 5 = 1, so online girls go (D), and then
    // online boys too (D), or 11 − 0 − 6 would give the girls away.
    expect(published.b?.onlineOnly).toEqual({ female: null, male: null, notStated: 0, total: 11 });
    expect(published.b?.allRoutes).toEqual(sexes(6, 13, 0));
    // 6 persons convicted, 5 online: the one of unknown nexus would be 6 − 5, so the online ones go too.
    expect(published.c).toMatchObject({
      convictedPersons: 6,
      convictedPersonsOnlineOffences: null,
      convictedPersonsOnlineNexusUnknown: null,
    });
    expect(published.confidentiality).toEqual({
      'a.investigationsOpened': 'C', // the two investigations
      'b.onlineNexusUnknown.female': 'C',
      'b.onlineNexusUnknown.male': 'D',
      'b.onlineOnly.female': 'D',
      'b.onlineOnly.male': 'D',
      'c.convictedPersonsOnlineNexusUnknown': 'C',
      'c.convictedPersonsOnlineOffences': 'D',
    });
    expect(disclosureProblems(exact, published)).toEqual([]);
  });

  it('exports them as their own sdmx-csv indicators', () => {
    const { rows } = csvObjects(renderArt8(exact, 'sdmx-csv'));
    const value = (indicator: string, sex: string) =>
      rows.find((row) => row.INDICATOR === indicator && row.SEX === sex)?.OBS_VALUE;
    expect(value('CHILDREN_ONLINE_NEXUS_UNKNOWN', 'M')).toBe('7');
    expect(value('CHILDREN_ONLINE_NEXUS_UNKNOWN', '_T')).toBe('8');
    expect(value('CONVICTED_PERSONS_ONLINE_NEXUS_UNKNOWN', '_Z')).toBe('1');
  });
});
