import { yearInMemberState } from '@registry/domain';
import { IMPORTABLE_COMMANDS } from '../imports/import-commands';
import { loadTable7 } from '../reference-data/ncmec-table7';
import { validateInput } from '../shared/validate-input';
import { generateDemoDataSet, toNdjson, withRegistryChildIds, type DemoLine, type DemoOptions } from './demo-data-set';
import { SeededRandom } from './seeded-random';

const SMALL: DemoOptions = { memberState: 'NL', year: 2024, scale: 'small', seed: 1232 };
const COUNTRY_YEAR: DemoOptions = { ...SMALL, scale: 'country-year' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The fields these tests read; each command has those of its own type. */
interface Fields {
  reportId: string;
  memberState: string;
  receivedAt: string;
  sourceChannel: string;
  externalReference?: string;
  provider: { name?: string };
  countUnit: string;
  contentHashes: { algorithm: string; value: string }[];
  accountRefs: string[];
  actionable: boolean;
  reasonIfNot?: string;
  duplicateOfReportId: string;
  investigationId: string;
  reportIds: string[];
  onlineNexus: string;
  childId: string;
  sex: string;
  identificationRoute: string;
  personId: string;
  outcome: string;
  newOutcome: string;
  year: number;
  count: number;
}

const ofType = (lines: readonly DemoLine[], type: string) => lines.filter((line) => line.type === type).map((line) => line.data as unknown as Fields);

describe('the demo data set', () => {
  const small = generateDemoDataSet(SMALL).lines;
  const countryYear = generateDemoDataSet(COUNTRY_YEAR).lines;

  it('is a function of its options: the same seed gives the same lines, another seed others', () => {
    expect(toNdjson(generateDemoDataSet(SMALL).lines)).toBe(toNdjson(small));
    expect(toNdjson(generateDemoDataSet({ ...SMALL, seed: 7 }).lines)).not.toBe(toNdjson(small));
  });

  it('consists of importable commands that pass the import validation, every one', async () => {
    for (const { type, data, actor } of [...small, ...countryYear]) {
      expect(Object.keys(IMPORTABLE_COMMANDS)).toContain(type);
      expect(actor).toMatch(/^demo-[a-z-]+$/);
      await expect(validateInput(IMPORTABLE_COMMANDS[type]!.input, data)).resolves.toBeDefined();
    }
  }, 60_000);

  it('has the scale of a medium member state: about 10 000 reports in the year, 5-10 % of them repeats', () => {
    const reports = ofType(countryYear, 'RecordReport');
    const ofYear = reports.filter((report) => yearInMemberState(report.receivedAt, 'NL') === 2024);
    expect(ofYear.length).toBeGreaterThan(9_900);
    expect(ofYear.length).toBeLessThan(10_100);
    // A repeat carries a key (reference, content hash, account) of an earlier report, or is marked by hand.
    const seen = new Set<string>();
    let repeats = ofType(countryYear, 'MarkReportDuplicate').length;
    for (const report of reports) {
      const keys = [
        ...(report.externalReference ? [`r ${report.externalReference}`] : []),
        ...report.contentHashes.map((hash) => `h ${hash.algorithm} ${hash.value}`),
        ...report.accountRefs.map((account) => `a ${account}`),
      ];
      if (keys.some((key) => seen.has(key))) repeats++;
      for (const key of keys) seen.add(key);
    }
    expect(repeats / reports.length).toBeGreaterThan(0.05);
    expect(repeats / reports.length).toBeLessThan(0.1);
    expect(ofType(countryYear, 'MarkReportDuplicate').some((mark) => yearInMemberState(reports.find((report) => report.reportId === mark.duplicateOfReportId)!.receivedAt, 'NL') === 2023)).toBe(true);
  });

  it('spreads reports over the year, with some on 31 December late in the evening (UTC) on both ends', () => {
    const received = ofType(countryYear, 'RecordReport').map((report) => report.receivedAt);
    expect(received.some((at) => at.startsWith('2023-12-31T23:'))).toBe(true);
    expect(received.some((at) => at.startsWith('2024-12-31T23:'))).toBe(true);
    const months = new Set(received.filter((at) => at.startsWith('2024-')).map((at) => at.slice(5, 7)));
    expect(months.size).toBe(12);
  });

  it.each([
    ['small', small],
    ['country-year', countryYear],
  ])('holds every kind of record a newcomer should see (%s)', (_scale, lines) => {
    const reports = ofType(lines, 'RecordReport');
    expect(new Set(reports.map((report) => report.sourceChannel)).size).toBeGreaterThan(3);
    expect(reports.some((report) => report.countUnit === 'URL')).toBe(true);
    expect(ofType(lines, 'AssessReport').some((assessment) => assessment.actionable === false && assessment.reasonIfNot)).toBe(true);
    for (const type of ['CorrectReport', 'WithdrawReport', 'MarkReportDuplicate', 'LinkReportToInvestigation', 'FileCharge', 'CloseInvestigation', 'LodgeAppeal', 'RecordFinality']) {
      expect(ofType(lines, type).length).toBeGreaterThan(0);
    }
    // An offline-only investigation: opened without reports, every offence OFFLINE.
    const offences = ofType(lines, 'ClassifyOffence');
    const offline = ofType(lines, 'OpenInvestigation').filter(
      (opened) => opened.reportIds.length === 0 && offences.filter((offence) => offence.investigationId === opened.investigationId).every((offence) => offence.onlineNexus === 'OFFLINE'),
    );
    expect(offline.length).toBeGreaterThan(0);
    for (const nexus of ['ONLINE', 'BOTH', 'OFFLINE', 'UNKNOWN']) expect(offences.some((offence) => offence.onlineNexus === nexus)).toBe(true);
    const children = ofType(lines, 'IdentifyChild');
    for (const sex of ['FEMALE', 'MALE', 'NOT_STATED']) expect(children.some((child) => child.sex === sex)).toBe(true);
    expect(children.some((child) => child.identificationRoute === 'PROVIDER_REPORT_ART3')).toBe(true);
    expect(children.some((child) => child.identificationRoute !== 'PROVIDER_REPORT_ART3')).toBe(true);
    expect(ofType(lines, 'MergeChildRecords')).toHaveLength(1);
    const judgments = ofType(lines, 'RecordJudgment');
    expect(judgments.some((judgment) => judgment.outcome === 'ACQUITTED')).toBe(true);
    const outcomes = ofType(lines, 'RecordAppealOutcome');
    expect(outcomes.some((outcome) => outcome.newOutcome === 'ACQUITTED')).toBe(true);
    expect(outcomes.some((outcome) => outcome.newOutcome === 'CONVICTED')).toBe(true);
    const convictedPersons = judgments.filter((judgment) => judgment.outcome === 'CONVICTED').map((judgment) => judgment.personId);
    expect(new Set(convictedPersons).size).toBeLessThan(convictedPersons.length);
    expect(judgments.length).toBeGreaterThan(ofType(lines, 'RecordFinality').length);
  });

  it('declares "no data" for another year, marks a method break and records NCMEC\'s published figures for the member state', () => {
    expect(ofType(small, 'DeclareDataNotAvailable')).toEqual([expect.objectContaining({ memberState: 'NL', year: 2022, metric: 'ART8_1_B', reason: 'NOT_RECORDED_NATIONALLY' })]);
    expect(ofType(small, 'RecordMethodologyChange')).toEqual([expect.objectContaining({ memberState: 'NL', metric: 'ART8_1_A', effectiveFrom: '2024-01-01' })]);
    const published = loadTable7().filter((figure) => figure.memberState === 'NL');
    expect(ofType(small, 'RecordPublishedNcmecFigure').map(({ year, count }) => ({ year, count }))).toEqual(published.map(({ year, count }) => ({ year, count })));
    expect(ofType(small, 'RecordPublishedNcmecFigure').find((figure) => figure.year === 2024)?.count).toBe(68_611);
  });

  it('holds pseudonymous uuids, hashes and fictitious providers only', () => {
    for (const data of ofType(countryYear, 'RecordReport')) {
      expect(data.reportId).toMatch(UUID);
      expect(data.provider.name === undefined || /^Demo /.test(data.provider.name)).toBe(true);
      for (const account of data.accountRefs) expect(account).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
      for (const hash of data.contentHashes) expect(hash.value).toMatch(/^[0-9a-f]{32,64}$/);
    }
    for (const data of [...ofType(countryYear, 'IdentifySuspect'), ...ofType(countryYear, 'RecordJudgment')]) expect(data.personId).toMatch(UUID);
    for (const data of ofType(countryYear, 'IdentifyChild')) expect(data.childId).toMatch(UUID);
  });

  it('works for any member state and year, in its own time zone', () => {
    const lines = generateDemoDataSet({ memberState: 'PT', year: 2023, scale: 'small', seed: 5 }).lines;
    const reports = ofType(lines, 'RecordReport');
    expect(reports.every((report) => report.memberState === 'PT')).toBe(true);
    // 23:xx UTC on 31 December is still that day in Lisbon (UTC+0 in winter).
    const late = reports.filter((report) => report.receivedAt.startsWith('2023-12-31T23:'));
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((report) => yearInMemberState(report.receivedAt, 'PT') === 2023)).toBe(true);
    expect(ofType(lines, 'RecordPublishedNcmecFigure').find((figure) => figure.year === 2023)?.count).toBe(45_675);
    expect(() => generateDemoDataSet({ ...SMALL, year: 2001 })).toThrow(RangeError);
  });

  it('rewrites only the child references of corrections and merges with the registry ids', () => {
    const rewritten = withRegistryChildIds(small, (childId) => `registry-${childId}`);
    const changed = rewritten.filter((line, index) => line !== small[index]);
    expect(changed.map((line) => line.type).sort()).toEqual(['CorrectChildRecord', 'MergeChildRecords']);
    const merge = changed.find((line) => line.type === 'MergeChildRecords')!.data;
    expect(merge.childId).toMatch(/^registry-/);
    expect(merge.duplicateChildId).toMatch(/^registry-/);
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for a seed, and forks independent streams', () => {
    const draw = (random: SeededRandom) => Array.from({ length: 5 }, () => random.uint32());
    expect(draw(new SeededRandom(42))).toEqual(draw(new SeededRandom(42)));
    expect(draw(new SeededRandom(42))).not.toEqual(draw(new SeededRandom(43)));
    expect(draw(new SeededRandom(1))).not.toEqual(draw(new SeededRandom(2 ** 32 + 1)));
    expect(draw(new SeededRandom(42).fork('a'))).not.toEqual(draw(new SeededRandom(42).fork('b')));
    expect(new SeededRandom(3).uuid()).toMatch(UUID);
    expect(() => new SeededRandom(-1)).toThrow(RangeError);
  });
});
