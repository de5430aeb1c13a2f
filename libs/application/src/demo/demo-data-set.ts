import {
  yearInMemberState,
  type AppealParty,
  type ContentCategory,
  type CountUnit,
  type IdentificationRoute,
  type InvestigationOutcome,
  type InvestigationTrigger,
  type JudgmentOutcome,
  type MemberState,
  type NonActionableReason,
  type OffenceCategory,
  type OnlineNexus,
  type ProviderType,
  type ReporterKind,
  type Sex,
  type SourceChannel,
} from '@registry/domain';
import { loadTable7, TABLE7_SOURCE, type PublishedNcmecFigure } from '../reference-data/ncmec-table7';
import * as share from './demo-shares';
import { DAY_MS, isoInstant, localInstant } from './local-time';
import { SeededRandom } from './seeded-random';

export const DEMO_SCALES = ['small', 'country-year'] as const;
export type DemoScale = (typeof DEMO_SCALES)[number];

export interface DemoOptions {
  readonly memberState: MemberState;
  readonly year: number;
  readonly scale: DemoScale;
  readonly seed: number;
}

/** 1232: the number of the Regulation. The same seed always gives the same data set. */
export const DEFAULT_DEMO_OPTIONS: DemoOptions = { memberState: 'NL', year: 2024, scale: 'country-year', seed: 1232 };

/** Years the demo can generate: it also writes a declaration for year − 2 and dates into year + 1. */
export const DEMO_YEARS = { first: 2002, last: 2098 } as const;

/** One NDJSON import line (contract.md): a command of domain.md, and who recorded it. */
export interface DemoLine {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly actor: string;
}

export interface DemoDataSet {
  readonly options: DemoOptions;
  readonly lines: readonly DemoLine[];
}

export interface DemoReferenceData {
  /** NCMEC's published per-country figures (COM(2025) 740, Table 7), shipped with the registry. */
  readonly ncmecFigures: readonly PublishedNcmecFigure[];
}

/**
 * A realistic synthetic country-year for one member state: reports (with repeats, assessments, corrections
 * and withdrawals), investigations, children, suspects, charges and judgments with appeals, plus the
 * statistics governance around them. Deterministic: a function of the options alone (and the shipped Table 7).
 * Pseudonymous uuids, hashes and fictitious provider names only: no person, no content.
 */
export const generateDemoDataSet = (options: DemoOptions, reference: DemoReferenceData = { ncmecFigures: loadTable7() }): DemoDataSet => {
  if (!Number.isInteger(options.year) || options.year < DEMO_YEARS.first || options.year > DEMO_YEARS.last) {
    throw new RangeError(`the demo year must be between ${DEMO_YEARS.first} and ${DEMO_YEARS.last}`);
  }
  return { options, lines: new DemoGenerator(options, reference).generate() };
};

/** The data set as an NDJSON file's text: one line per command, with a final newline. */
export const toNdjson = (lines: readonly DemoLine[]): string => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

/** Who records what (a line's `actor`; the importer's role and scope still apply). */
const ACTOR = {
  statistics: 'demo-statistics-office',
  intake: 'demo-intake-desk',
  analyst: 'demo-analyst',
  investigator: 'demo-investigator',
  court: 'demo-court-liaison',
} as const;

const PROVIDER_ORIGIN: ReadonlySet<SourceChannel> = new Set(['NCMEC', 'PROVIDER_DIRECT', 'EUROPOL', 'FOREIGN_LAW_ENFORCEMENT', 'INTERPOL']);
const HOTLINES: ReadonlySet<SourceChannel> = new Set(['INHOPE_HOTLINE', 'NATIONAL_HOTLINE']);

type Role = 'normal' | 'withdrawn' | 'manualDuplicate';

interface Provider {
  readonly name: string | null;
  readonly serviceName: string | null;
  readonly providerType: ProviderType;
}

interface ContentHash {
  readonly algorithm: string;
  readonly value: string;
  readonly matchedDatabase?: string;
}

interface Report {
  readonly id: string;
  readonly receivedAt: number;
  readonly isPreviousYear: boolean;
  readonly role: Role;
  readonly channel: SourceChannel;
  readonly reporterKind: ReporterKind;
  provider: Provider;
  contentCategory: ContentCategory;
  art3: boolean | null;
  countUnit: CountUnit;
  readonly hashes: readonly ContentHash[];
  readonly accounts: readonly string[];
  readonly externalReference: string | null;
  /** Where repeats may come from: provider reports counted as REPORT that nobody withdraws or merges by hand. */
  readonly canBeRepeated: boolean;
  actionable: boolean | null;
  assessedAt: number | null;
  investigationId: string | null;
}

interface Offence {
  readonly id: string;
  readonly nexus: OnlineNexus;
}

interface Investigation {
  readonly id: string;
  readonly openedAt: number;
  readonly lines: DemoLine[];
  readonly reports: Report[];
  readonly offences: Offence[];
  readonly suspects: string[];
  /** Charged persons and the offences they were charged with. */
  readonly charges: Map<string, { readonly offences: readonly Offence[]; readonly filedAt: number }>;
  /** The latest business date of a fact so far: closing comes after it. */
  lastFactAt: number;
}

interface ChildRecord {
  readonly id: string;
}

interface AppealPlan {
  readonly lodgedAt: number;
  readonly by: AppealParty;
  readonly outcome?: { readonly newOutcome: JudgmentOutcome; readonly decidedAt: number; readonly offences?: readonly Offence[] };
}

interface JudgmentPlan {
  readonly investigation: Investigation;
  readonly personId: string;
  readonly decidedAt: number;
  readonly outcome: JudgmentOutcome;
  readonly offences: readonly Offence[];
  readonly appeal?: AppealPlan;
  readonly finalAt?: number;
}

class DemoGenerator {
  private readonly memberState: MemberState;
  private readonly year: number;
  private readonly reportCount: number;
  private readonly yearStart: number;
  private readonly yearEnd: number;
  /** The demo's log ends here (mid-March of the next year, before the Art. 8 figures are due): nothing later happens. */
  private readonly horizon: number;
  private readonly reports: Report[] = [];
  private readonly investigations: Investigation[] = [];
  private readonly judgments: DemoLine[][] = [];
  private readonly judgmentDates: number[] = [];
  private readonly childFollowUps: DemoLine[] = [];
  private readonly counters = new Map<string, number>();
  /** Reports an analyst marks as repeats by hand, and the earlier report each repeats. */
  private readonly manualTargets = new Map<string, Report | undefined>();

  constructor(
    private readonly options: DemoOptions,
    private readonly reference: DemoReferenceData,
  ) {
    this.memberState = options.memberState;
    this.year = options.year;
    this.reportCount = share.DEMO_SCALE_REPORTS[options.scale];
    this.yearStart = this.local(0, 1, 1);
    this.yearEnd = this.local(1, 1, 1);
    this.horizon = this.local(1, 3, 15);
  }

  generate(): DemoLine[] {
    const root = new SeededRandom(this.options.seed);
    const governance = this.governance();
    const received = this.receiveReports(root.fork('reports'));
    const assessed = this.assessReports(root.fork('assessments'));
    const corrected = this.correctReports(root.fork('corrections'));
    const withdrawn = this.withdrawAndMarkByHand();
    this.scenarios(root.fork('scenarios'));
    this.bulkCases(root.fork('cases'));
    const investigations = [...this.investigations].sort((a, b) => a.openedAt - b.openedAt).flatMap((investigation) => investigation.lines);
    const judgmentOrder = this.judgments.map((lines, index) => ({ lines, at: this.judgmentDates[index]! })).sort((a, b) => a.at - b.at);
    return [
      ...governance,
      ...received,
      ...assessed,
      ...corrected,
      ...withdrawn,
      ...investigations,
      ...this.childFollowUps,
      ...judgmentOrder.flatMap((judgment) => judgment.lines),
    ];
  }

  // ── statistics governance ───────────────────────────────────────────────────────────────────────────

  private governance(): DemoLine[] {
    const { memberState, year } = this;
    const ncmec = this.reference.ncmecFigures
      .filter((figure) => figure.memberState === memberState)
      .map((figure) => line('RecordPublishedNcmecFigure', ACTOR.statistics, { memberState, year: figure.year, count: figure.count, source: TABLE7_SOURCE }));
    return [
      ...ncmec,
      // A method break (P7): from this year one CyberTipline report is one report, whatever NCMEC's notifications.
      line('RecordMethodologyChange', ACTOR.statistics, {
        memberState,
        metric: 'ART8_1_A',
        effectiveFrom: `${year}-01-01`,
        description: `From ${year}, reports are counted once per report received (not per notification), repeat reports are linked by content hash and account, and hotline URLs, domains and incidents are counted apart from reports.`,
      }),
      // "No data" is a typed reason, never a zero (P1); NL printed "n.v.t." for its 2022 children.
      line('DeclareDataNotAvailable', ACTOR.statistics, {
        memberState,
        year: year - 2,
        metric: 'ART8_1_B',
        reason: 'NOT_RECORDED_NATIONALLY',
        note: `Children identified in ${year - 2} were not recorded by sex and identification route; the national case system records them from ${year - 1}.`,
      }),
    ];
  }

  // ── reports ─────────────────────────────────────────────────────────────────────────────────────────

  private receiveReports(rng: SeededRandom): DemoLine[] {
    const previousCount = Math.round(this.reportCount * share.PREVIOUS_YEAR_SHARE);
    const boundary = Math.max(2, Math.round(this.reportCount / 1000));
    const times: number[] = [];
    const previousStart = this.local(-1, 10, 1);
    for (let i = 0; i < previousCount; i++) times.push(rng.between(previousStart, this.yearStart));
    for (let i = 0; i < this.reportCount - 2 * boundary; i++) times.push(rng.between(this.yearStart, this.yearEnd));
    // Late evening of 31 December in UTC: in most member states that is already the next day, and year.
    for (let i = 0; i < boundary; i++) {
      times.push(Date.UTC(this.year - 1, 11, 31, 23, rng.int(0, 59), rng.int(0, 59)));
      times.push(Date.UTC(this.year, 11, 31, 23, rng.int(0, 59), rng.int(0, 59)));
    }
    times.sort((a, b) => a - b);

    const repeatable: Report[] = [];
    const repeatablePrevious: Report[] = [];
    const repeatableNcmec: Report[] = [];
    const forwarded = new Set<string>();
    const lines: DemoLine[] = [];
    let cyberTipline = 150_000_000 + Math.max(0, this.year - 2022) * 20_000_000;
    const nextCyberTipline = () => String((cyberTipline += rng.int(40, 4000)));

    // Withdrawn and hand-matched reports are few; every scale has at least two of each (not among the first, which have nothing to repeat).
    const roles = new Map<number, Role>();
    const candidates = rng.sample(
      times.map((_, index) => index).filter((index) => index >= times.length / 10),
      Math.max(2, Math.round(times.length * share.WITHDRAWN_SHARE)) + Math.max(2, Math.round(times.length * share.REPEAT_SHARES.manual)),
    );
    candidates.forEach((index, n) => roles.set(index, n < Math.max(2, Math.round(times.length * share.WITHDRAWN_SHARE)) ? 'withdrawn' : 'manualDuplicate'));

    for (const [index, time] of times.entries()) {
      const receivedAt = Math.floor(time / 1000) * 1000;
      const isPreviousYear = yearInMemberState(new Date(receivedAt), this.memberState) < this.year;
      const role = roles.get(index) ?? 'normal';
      let channel = role === 'manualDuplicate' ? 'NCMEC' : rng.weighted(share.SOURCE_CHANNEL_SHARES);
      let report: Omit<Report, 'id' | 'receivedAt' | 'isPreviousYear' | 'role' | 'canBeRepeated' | 'actionable' | 'assessedAt' | 'investigationId'>;

      let repeat = role === 'normal' && PROVIDER_ORIGIN.has(channel) ? this.drawRepeat(rng, isPreviousYear, repeatable, repeatablePrevious, repeatableNcmec) : null;
      const forwardedBy = rng.weighted<SourceChannel>({ EUROPOL: 0.7, FOREIGN_LAW_ENFORCEMENT: 0.3 });
      // The same (channel, reference) twice would be the same report, recorded once: forward a report once per channel.
      if (repeat?.kind === 'SAME_EXTERNAL_REFERENCE' && forwarded.has(`${forwardedBy} ${repeat.original.externalReference}`)) repeat = null;
      if (repeat?.kind === 'SAME_EXTERNAL_REFERENCE') {
        // The same CyberTipline report forwarded again by Europol or a foreign police force: same reference, same hashes.
        const { original } = repeat;
        channel = forwardedBy;
        forwarded.add(`${forwardedBy} ${original.externalReference}`);
        report = { ...pickFacts(original), channel, reporterKind: 'PROVIDER' };
      } else if (repeat?.kind === 'SAME_CONTENT_HASH') {
        // The same image again: on the same service, or shared on to another one by another account.
        const { original } = repeat;
        const fresh = this.freshFacts(rng, channel, () => nextCyberTipline(), true);
        const provider = rng.chance(0.5) ? original.provider : fresh.provider;
        report = { ...fresh, provider, art3: this.art3For(rng, 'PROVIDER', provider), contentCategory: original.contentCategory, hashes: [rng.pick(original.hashes)] };
      } else if (repeat?.kind === 'SAME_ACCOUNT') {
        // The same account reported again, for other content.
        const { original } = repeat;
        const fresh = this.freshFacts(rng, channel, () => nextCyberTipline(), true);
        report = { ...fresh, provider: original.provider, art3: this.art3For(rng, 'PROVIDER', original.provider), accounts: [original.accounts[0]!] };
      } else {
        report = this.freshFacts(rng, channel, () => nextCyberTipline());
      }
      const canBeRepeated = role === 'normal' && PROVIDER_ORIGIN.has(report.channel) && report.reporterKind === 'PROVIDER' && report.countUnit === 'REPORT';
      const complete: Report = {
        ...report,
        id: rng.uuid(),
        receivedAt,
        isPreviousYear,
        role,
        canBeRepeated,
        actionable: null,
        assessedAt: null,
        investigationId: null,
      };
      this.reports.push(complete);
      if (canBeRepeated && complete.accounts.length > 0) {
        repeatable.push(complete);
        if (isPreviousYear) repeatablePrevious.push(complete);
        if (complete.channel === 'NCMEC' && complete.externalReference) repeatableNcmec.push(complete);
      }
      if (role === 'manualDuplicate') this.manualTargets.set(complete.id, this.manualTarget(rng, complete, repeatable, repeatablePrevious));
      lines.push(line('RecordReport', ACTOR.intake, this.recordReportData(complete)));
    }
    return lines;
  }

  private drawRepeat(
    rng: SeededRandom,
    isPreviousYear: boolean,
    repeatable: readonly Report[],
    repeatablePrevious: readonly Report[],
    repeatableNcmec: readonly Report[],
  ): { kind: 'SAME_CONTENT_HASH' | 'SAME_ACCOUNT' | 'SAME_EXTERNAL_REFERENCE'; original: Report } | null {
    const { acrossYears, sameContentHash, sameAccount, sameExternalReference } = share.REPEAT_SHARES;
    const point = rng.next();
    if (point < acrossYears) {
      if (isPreviousYear || repeatablePrevious.length === 0) return null;
      const original = rng.pick(repeatablePrevious);
      return { kind: original.hashes.length > 0 && rng.chance(0.6) ? 'SAME_CONTENT_HASH' : 'SAME_ACCOUNT', original };
    }
    if (repeatable.length === 0) return null;
    if (point < acrossYears + sameContentHash) {
      const original = rng.pick(repeatable);
      return { kind: original.hashes.length > 0 ? 'SAME_CONTENT_HASH' : 'SAME_ACCOUNT', original };
    }
    if (point < acrossYears + sameContentHash + sameAccount) return { kind: 'SAME_ACCOUNT', original: rng.pick(repeatable) };
    if (point < acrossYears + sameContentHash + sameAccount + sameExternalReference && repeatableNcmec.length > 0) {
      return { kind: 'SAME_EXTERNAL_REFERENCE', original: rng.pick(repeatableNcmec) };
    }
    return null;
  }

  /** An analyst links a report to an earlier case by hand: mostly this year's, sometimes last year's. */
  private manualTarget(rng: SeededRandom, report: Report, repeatable: readonly Report[], repeatablePrevious: readonly Report[]): Report | undefined {
    const earlier = (candidates: readonly Report[]) => candidates.filter((candidate) => candidate.receivedAt < report.receivedAt);
    const previous = report.isPreviousYear ? [] : earlier(repeatablePrevious);
    if (previous.length > 0 && rng.chance(0.3)) return rng.pick(previous);
    const any = earlier(repeatable);
    return any.length > 0 ? rng.pick(any.slice(-500)) : undefined;
  }

  /** A report's facts drawn with the shares of demo-shares.ts; repeats of a provider report are provider reports. */
  private freshFacts(rng: SeededRandom, channel: SourceChannel, cyberTipline: () => string, isRepeat = false) {
    const isHotline = HOTLINES.has(channel);
    const reporterKind: ReporterKind =
      channel === 'NCMEC' && !isRepeat
        ? rng.chance(share.NCMEC_PUBLIC_REPORT_SHARE)
          ? 'PUBLIC_INTEREST_ORGANISATION'
          : 'PROVIDER'
        : PROVIDER_ORIGIN.has(channel)
          ? 'PROVIDER'
          : 'PUBLIC_INTEREST_ORGANISATION';
    const provider: Provider =
      reporterKind === 'PROVIDER'
        ? share.PROVIDERS[Number(rng.weighted(Object.fromEntries(share.PROVIDERS.map((candidate, index) => [String(index), candidate.share]))))]!
        : { name: null, serviceName: null, providerType: rng.weighted(share.HOTLINE_PROVIDER_TYPES) };
    const contentCategory: ContentCategory =
      channel === 'CHILD_HELPLINE'
        ? rng.weighted<ContentCategory>({ SEXTORTION: 0.6, SOLICITATION: 0.4 })
        : reporterKind === 'PROVIDER'
          ? rng.weighted(share.CONTENT_CATEGORY_SHARES)
          : rng.weighted(share.HOTLINE_CONTENT_CATEGORY_SHARES);
    const countUnit: CountUnit = isHotline
      ? rng.weighted(share.HOTLINE_COUNT_UNIT_SHARES)
      : channel === 'CHILD_HELPLINE'
        ? rng.weighted<CountUnit>({ REPORT: 0.5, INCIDENT: 0.5 })
        : 'REPORT';
    const hashes: ContentHash[] = [];
    if (countUnit === 'URL' || countUnit === 'DOMAIN') hashes.push({ algorithm: 'SHA256', value: rng.hex(64) });
    else if (contentCategory === 'KNOWN_CSAM') hashes.push({ algorithm: 'MD5', value: rng.hex(32), matchedDatabase: 'NCMEC hash list' }, { algorithm: 'PDQ', value: rng.hex(64) });
    else if (contentCategory === 'NEW_CSAM') hashes.push({ algorithm: 'MD5', value: rng.hex(32) }, { algorithm: 'PDQ', value: rng.hex(64) });
    else if (contentCategory === 'UNKNOWN') hashes.push({ algorithm: 'SHA1', value: rng.hex(40) });
    else if (rng.chance(contentCategory === 'SEXTORTION' ? 0.6 : 0.3)) hashes.push({ algorithm: 'PDQ', value: rng.hex(64) });
    return {
      channel,
      reporterKind,
      provider,
      contentCategory,
      art3: this.art3For(rng, reporterKind, provider),
      countUnit,
      hashes,
      accounts: reporterKind === 'PROVIDER' ? [`hmac-sha256:${rng.hex(64)}`] : [],
      externalReference: this.externalReference(rng, channel, cyberTipline),
    };
  }

  /** Voluntary detection under the derogation happens on interpersonal communication services. */
  private art3For(rng: SeededRandom, reporterKind: ReporterKind, provider: Provider): boolean | null {
    if (reporterKind !== 'PROVIDER') return false;
    if (provider.providerType === 'INTERPERSONAL_COMMUNICATION') return rng.chance(0.92) ? true : null;
    return rng.chance(0.85) ? false : null;
  }

  private externalReference(rng: SeededRandom, channel: SourceChannel, cyberTipline: () => string): string | null {
    const next = (prefix: string) => {
      const n = (this.counters.get(prefix) ?? 0) + 1;
      this.counters.set(prefix, n);
      return `${prefix}-${String(n).padStart(6, '0')}`;
    };
    switch (channel) {
      case 'NCMEC':
        return cyberTipline();
      case 'INHOPE_HOTLINE':
        return `ICCAM-${rng.hex(12).toUpperCase()}`;
      case 'NATIONAL_HOTLINE':
        return next(`NH-${this.memberState}`);
      case 'PROVIDER_DIRECT':
        return `PD-${rng.hex(16)}`;
      case 'EUROPOL':
        return next('SIENA');
      case 'FOREIGN_LAW_ENFORCEMENT':
        return `FLE-${rng.hex(12).toUpperCase()}`;
      case 'INTERPOL':
        return next('ICSE');
      case 'CHILD_HELPLINE':
        return next('CHL');
      case 'OTHER':
        return rng.chance(0.5) ? next('OTH') : null;
    }
  }

  private recordReportData(report: Report): Record<string, unknown> {
    const organisation: Partial<Record<SourceChannel, string>> = {
      NCMEC: 'NCMEC CyberTipline',
      INHOPE_HOTLINE: 'INHOPE member hotline (ICCAM)',
      NATIONAL_HOTLINE: 'National hotline',
      EUROPOL: 'Europol',
      FOREIGN_LAW_ENFORCEMENT: 'Foreign police liaison',
      INTERPOL: 'Interpol (ICSE)',
      CHILD_HELPLINE: 'Child helpline',
    };
    const sourceOrganisation = report.channel === 'PROVIDER_DIRECT' ? report.provider.name : organisation[report.channel];
    return {
      reportId: report.id,
      memberState: this.memberState,
      receivedAt: isoInstant(report.receivedAt),
      reporterKind: report.reporterKind,
      sourceChannel: report.channel,
      ...(sourceOrganisation ? { sourceOrganisation } : {}),
      ...(report.externalReference ? { externalReference: report.externalReference } : {}),
      provider: providerData(report.provider),
      contentCategory: report.contentCategory,
      detectedUnderArt3: report.art3,
      countUnit: report.countUnit,
      contentHashes: report.hashes,
      accountRefs: report.accounts,
      concernedMemberStates: [this.memberState],
    };
  }

  // ── assessments, corrections, withdrawals, duplicates by hand ───────────────────────────────────────

  private assessReports(rng: SeededRandom): DemoLine[] {
    const assessments: { at: number; line: DemoLine }[] = [];
    const lastDays = this.yearEnd - share.UNASSESSED_LAST_DAYS * DAY_MS;
    for (const report of this.reports) {
      if (report.role === 'withdrawn') continue;
      const backlog = report.receivedAt >= lastDays ? rng.chance(0.7) : !report.isPreviousYear && rng.chance(0.004);
      const delay = rng.chance(0.7) ? rng.between(0.05, 1) : rng.between(1, 25);
      const assessedAt = report.receivedAt + delay * DAY_MS;
      if (backlog || assessedAt > this.horizon) continue;
      const actionable = rng.chance(HOTLINES.has(report.channel) ? share.ACTIONABLE_SHARE.hotline : share.ACTIONABLE_SHARE.provider);
      const reason = (): NonActionableReason => rng.weighted(share.NON_ACTIONABLE_REASON_SHARES);
      const assess = (at: number, isActionable: boolean, reasonIfNot: NonActionableReason | null) =>
        assessments.push({
          at,
          line: line('AssessReport', ACTOR.intake, { reportId: report.id, actionable: isActionable, ...(isActionable ? {} : { reasonIfNot }), assessedAt: isoInstant(at) }),
        });
      const reassessedAt = assessedAt + rng.between(5, 40) * DAY_MS;
      if (rng.chance(share.REASSESSED_SHARE) && reassessedAt <= this.horizon) {
        // More information from the provider, or the person shown turned out to be an adult: the latest counts.
        if (actionable) assess(assessedAt, false, 'INSUFFICIENT_INFORMATION');
        else assess(assessedAt, true, null);
        assess(reassessedAt, actionable, actionable ? null : 'NOT_CSAM');
        report.assessedAt = reassessedAt;
      } else {
        assess(assessedAt, actionable, actionable ? null : reason());
        report.assessedAt = assessedAt;
      }
      report.actionable = actionable;
    }
    return assessments.sort((a, b) => a.at - b.at).map((assessment) => assessment.line);
  }

  private correctReports(rng: SeededRandom): DemoLine[] {
    const wanted = Math.round(this.reportCount * share.CORRECTED_SHARE);
    const lines: DemoLine[] = [];
    for (const report of rng.sample(this.reports.filter((candidate) => candidate.role === 'normal'), this.reports.length)) {
      if (lines.length >= wanted) break;
      const kinds: (() => [Record<string, unknown>, string])[] = [];
      if (report.reporterKind === 'PROVIDER' && report.provider.providerType === 'UNKNOWN') {
        kinds.push(() => {
          const provider = rng.pick(share.PROVIDERS.filter((candidate) => candidate.providerType !== 'UNKNOWN'));
          report.provider = provider;
          return [{ provider: providerData(provider) }, 'provider and service identified from the CyberTipline supplement'];
        });
      }
      if (report.contentCategory === 'UNKNOWN') {
        kinds.push(() => {
          report.contentCategory = rng.weighted<ContentCategory>({ SEXTORTION: 0.4, SOLICITATION: 0.3, NEW_CSAM: 0.3 });
          return [{ contentCategory: report.contentCategory }, 'content category set after review'];
        });
      }
      if (report.art3 === null && report.provider.providerType === 'INTERPERSONAL_COMMUNICATION') {
        kinds.push(() => {
          report.art3 = true;
          return [{ detectedUnderArt3: true }, 'the provider confirmed voluntary detection under Regulation (EU) 2021/1232'];
        });
      }
      if (HOTLINES.has(report.channel) && report.countUnit === 'REPORT') {
        kinds.push(() => {
          report.countUnit = 'URL';
          return [{ countUnit: 'URL' }, 'the hotline item is one URL, not a report'];
        });
      }
      if (rng.chance(0.15)) {
        // A typing error in the date; counts use the corrected date (and its year).
        kinds.push(() => [{ receivedAt: isoInstant(report.receivedAt - rng.int(1, 3) * DAY_MS) }, 'date of receipt corrected (typing error)']);
      }
      if (kinds.length === 0) continue;
      const [changes, reason] = rng.pick(kinds)();
      lines.push(line('CorrectReport', ACTOR.intake, { reportId: report.id, changes, reason }));
    }
    return lines;
  }

  private withdrawAndMarkByHand(): DemoLine[] {
    const reasons = ['entered in error: a test submission', 'entered in error: recorded under the wrong member state', 'entered in error: keyed twice by hand'];
    const lines: DemoLine[] = [];
    for (const report of this.reports) {
      if (report.role === 'withdrawn') {
        lines.push(line('WithdrawReport', ACTOR.intake, { reportId: report.id, reason: reasons[lines.length % reasons.length]! }));
      }
      const target = report.role === 'manualDuplicate' ? this.manualTargets.get(report.id) : undefined;
      if (target) {
        lines.push(line('MarkReportDuplicate', ACTOR.analyst, { reportId: report.id, duplicateOfReportId: target.id, basis: 'MANUAL' }));
      }
    }
    return lines;
  }

  // ── investigations, children, judgments ─────────────────────────────────────────────────────────────

  /**
   * Cases every demo shows, whatever its scale: each is a rule of domain.md a newcomer can look up. Dates aim
   * at a month and slide later when the case's own earlier facts require it (a charge after the opening, …).
   */
  private scenarios(rng: SeededRandom): void {
    const at = (month: number, day: number, yearOffset = 0) => this.local(yearOffset, month, day, rng.int(8, 16), rng.int(0, 59));
    /** The aimed date, or two days after `previous` when that is later. */
    const after = (previous: number, aimed: number) => Math.max(aimed, previous + 2 * DAY_MS);
    const art3 = (report: Report) => report.art3 === true && report.reporterKind === 'PROVIDER';

    // An offline-only investigation: a victim's own report of contact abuse, no provider report behind it.
    const offline = this.open(rng, { reports: [], openedAt: at(2, 12), trigger: 'VICTIM_REPORT' });
    const contact = this.classify(rng, offline, 'CONTACT_ABUSE', 'OFFLINE', this.local(-1, 12, 20));
    const offender = this.suspect(offline, rng.uuid(), []);
    this.child(rng, offline, { identifiedAt: at(2, 14), sex: 'FEMALE', route: 'VICTIM_SELF_REPORT', linked: [], ageBand: '12-15' });
    this.charge(offline, offender, [contact], at(4, 3));
    this.close(offline, 'CHARGES_FILED', at(4, 10));
    this.judgment(rng, { investigation: offline, personId: offender, decidedAt: at(9, 18), outcome: 'CONVICTED', offences: [contact], finalAt: at(10, 3) });

    // A conviction quashed on appeal: it leaves the counts.
    {
      const { investigation, personId } = this.fromReport(rng, this.take(rng, 1, 3), 'CSAM_DISTRIBUTION', 'ONLINE');
      const filedAt = after(investigation.lastFactAt, at(5, 6));
      this.charge(investigation, personId, investigation.offences, filedAt);
      this.close(investigation, 'CHARGES_FILED', after(filedAt, at(5, 8)));
      const decidedAt = after(filedAt, at(6, 20));
      const lodgedAt = after(decidedAt, at(6, 28));
      const acquittedAt = after(lodgedAt, at(11, 14));
      this.judgment(rng, {
        investigation,
        personId,
        decidedAt,
        outcome: 'CONVICTED',
        offences: investigation.offences,
        appeal: { lodgedAt, by: 'DEFENCE', outcome: { newOutcome: 'ACQUITTED', decidedAt: acquittedAt } },
        finalAt: after(acquittedAt, at(12, 2)),
      });
    }

    // Acquitted at first instance, convicted on the prosecution's appeal: counted in the appeal's year, not final yet.
    {
      const { investigation, personId } = this.fromReport(rng, this.take(rng, 1, 3), 'SOLICITATION', 'ONLINE');
      const filedAt = after(investigation.lastFactAt, at(4, 15));
      this.charge(investigation, personId, investigation.offences, filedAt);
      const decidedAt = after(filedAt, at(5, 22));
      const lodgedAt = after(decidedAt, at(5, 30));
      this.judgment(rng, {
        investigation,
        personId,
        decidedAt,
        outcome: 'ACQUITTED',
        offences: [],
        appeal: { lodgedAt, by: 'PROSECUTION', outcome: { newOutcome: 'CONVICTED', decidedAt: after(lodgedAt, at(10, 9)), offences: investigation.offences } },
      });
    }

    // One person convicted twice in the year, in two investigations: one convicted person, two convictions (one final).
    {
      const personId = rng.uuid();
      const first = this.fromReport(rng, this.take(rng, 1, 2), 'CSAM_POSSESSION_OR_ACQUISITION', 'ONLINE', personId).investigation;
      const firstCharge = after(first.lastFactAt, at(3, 20));
      this.charge(first, personId, first.offences, firstCharge);
      this.close(first, 'CHARGES_FILED', after(firstCharge, at(3, 27)));
      const firstDecision = after(firstCharge, at(5, 15));
      this.judgment(rng, { investigation: first, personId, decidedAt: firstDecision, outcome: 'CONVICTED', offences: first.offences, finalAt: after(firstDecision, at(6, 1)) });
      const second = this.fromReport(rng, this.take(rng, 4, 5), 'CSAM_DISTRIBUTION', 'BOTH', personId).investigation;
      const secondCharge = after(second.lastFactAt, at(7, 8));
      this.charge(second, personId, second.offences, secondCharge);
      this.judgment(rng, { investigation: second, personId, decidedAt: after(secondCharge, at(11, 6)), outcome: 'CONVICTED', offences: second.offences });
    }

    // The same child recorded twice (police, then social welfare in another investigation), merged: counted once.
    {
      const { investigation } = this.fromReport(rng, this.take(rng, 2, 3, art3), 'SEXTORTION', 'ONLINE');
      const identifiedAt = after(investigation.openedAt, at(4, 2));
      const recorded = this.child(rng, investigation, { identifiedAt, sex: 'FEMALE', route: 'PROVIDER_REPORT_ART3', linked: investigation.reports, ageBand: '12-15' });
      // A second child of that case: sex not stated at first, corrected when the child protection service confirmed it.
      const corrected = this.child(rng, investigation, { identifiedAt: after(identifiedAt, at(4, 20)), sex: 'NOT_STATED', route: 'CHAT_LOGS', linked: investigation.reports });
      this.childFollowUps.push(line('CorrectChildRecord', ACTOR.investigator, { childId: corrected.id, changes: { sex: 'MALE' }, reason: 'sex confirmed by the child protection service' }));
      const school = this.open(rng, { reports: [], openedAt: after(identifiedAt, at(5, 10)), trigger: 'THIRD_PARTY_REPORT' });
      this.classify(rng, school, 'SEXTORTION', 'ONLINE', identifiedAt);
      const again = this.child(rng, school, { identifiedAt: school.openedAt + 2 * DAY_MS, sex: 'FEMALE', route: 'THIRD_PARTY_REPORT', linked: [], body: 'SOCIAL_WELFARE', ageBand: '12-15' });
      this.childFollowUps.push(line('MergeChildRecords', ACTOR.investigator, { duplicateChildId: again.id, childId: recorded.id }));
    }

    // A child found in seized chat logs, linked to an Art. 3 report: counted under Art. 3 through the report; sex not stated.
    {
      const { investigation } = this.fromReport(rng, this.take(rng, 6, 7, art3), 'SOLICITATION', 'ONLINE');
      this.child(rng, investigation, { identifiedAt: after(investigation.openedAt, at(7, 24)), sex: 'NOT_STATED', route: 'CHAT_LOGS', linked: investigation.reports });
    }

    // A conviction whose only offence has an unknown online nexus: a convicted person, not an online one.
    {
      const { investigation, personId } = this.fromReport(rng, this.take(rng, 2, 4), 'CSAM_POSSESSION_OR_ACQUISITION', 'UNKNOWN');
      const filedAt = after(investigation.lastFactAt, at(6, 2));
      this.charge(investigation, personId, investigation.offences, filedAt);
      this.close(investigation, 'CHARGES_FILED', after(filedAt, at(6, 9)));
      const decidedAt = after(filedAt, at(8, 27));
      this.judgment(rng, { investigation, personId, decidedAt, outcome: 'CONVICTED', offences: investigation.offences, finalAt: after(decidedAt, at(9, 12)) });
    }

    // Convicted in December, appeal pending: a standing but non-final conviction (the figure is provisional).
    {
      const { investigation, personId } = this.fromReport(rng, this.take(rng, 7, 9), 'CSAM_PRODUCTION', 'ONLINE');
      const filedAt = after(investigation.lastFactAt, at(10, 14));
      this.charge(investigation, personId, investigation.offences, filedAt);
      this.close(investigation, 'CHARGES_FILED', after(filedAt, at(10, 20)));
      const decidedAt = after(filedAt, at(12, 2));
      this.judgment(rng, { investigation, personId, decidedAt, outcome: 'CONVICTED', offences: investigation.offences, appeal: { lodgedAt: after(decidedAt, at(12, 10)), by: 'DEFENCE' } });
    }

    // A child identified in January of the next year: counted there, not here.
    {
      const { investigation } = this.fromReport(rng, this.take(rng, 10, 11, art3), 'SOLICITATION', 'ONLINE');
      this.child(rng, investigation, { identifiedAt: after(investigation.openedAt, at(1, 15, 1)), sex: 'MALE', route: 'PROVIDER_REPORT_ART3', linked: investigation.reports });
    }
  }

  /** Investigations at the scale's rate: opened from actionable reports (often several), a few without any. */
  private bulkCases(rng: SeededRandom): void {
    const wanted = Math.round(this.reportCount * share.INVESTIGATION_PER_REPORT);
    const pool = rng.sample(
      this.reports.filter((report) => report.actionable === true && report.role !== 'withdrawn'),
      this.reports.length,
    );
    const groups = this.repeatGroups();
    let opened = 0;
    for (const seed of pool) {
      if (opened >= wanted) break;
      if (seed.investigationId) continue;
      // The whole repeat group (same content or account) goes into one investigation, plus sometimes other reports on the same user.
      const reports = [seed, ...(groups.get(seed.id) ?? []).filter((mate) => mate !== seed && mate.actionable === true && mate.role !== 'withdrawn' && !mate.investigationId)].slice(0, 6);
      if (rng.chance(0.2)) {
        for (const extra of [rng.pick(pool), rng.pick(pool), rng.pick(pool)]) {
          if (!extra.investigationId && !reports.includes(extra) && Math.abs(extra.receivedAt - seed.receivedAt) < 60 * DAY_MS) reports.push(extra);
        }
      }
      const ready = Math.max(...reports.map((report) => report.assessedAt ?? report.receivedAt));
      const openedAt = ready + rng.between(1, 45) * DAY_MS;
      if (openedAt > this.horizon) continue;
      const trigger: InvestigationTrigger = reports.every((report) => report.reporterKind === 'PUBLIC_INTEREST_ORGANISATION')
        ? 'PUBLIC_INTEREST_ORGANISATION_REPORT'
        : ['EUROPOL', 'INTERPOL', 'FOREIGN_LAW_ENFORCEMENT'].includes(seed.channel) && rng.chance(0.5)
          ? 'INTERNATIONAL'
          : 'PROVIDER_REPORT';
      const investigation = this.open(rng, { reports, openedAt, trigger });
      // Reports arriving later on the same suspect are linked to the open investigation.
      if (rng.chance(0.25)) {
        for (const later of Array.from({ length: 12 }, () => rng.pick(pool))) {
          if (later.investigationId || later.receivedAt <= openedAt || later.receivedAt > openedAt + 120 * DAY_MS) continue;
          if ((later.assessedAt ?? later.receivedAt) > this.horizon) continue;
          this.link(investigation, later);
          if (rng.chance(0.6)) break;
        }
      }
      this.developCase(rng, investigation);
      opened++;
    }
    const withoutReports = Math.max(1, Math.round(wanted * share.INVESTIGATIONS_WITHOUT_REPORTS));
    for (let i = 0; i < withoutReports; i++) {
      const openedAt = rng.between(this.yearStart, this.yearEnd);
      const trigger = rng.weighted<InvestigationTrigger>({ VICTIM_REPORT: 0.4, THIRD_PARTY_REPORT: 0.3, OTHER_INVESTIGATION: 0.15, INTERNATIONAL: 0.15 });
      this.developCase(rng, this.open(rng, { reports: [], openedAt, trigger }));
    }
  }

  /** Reports of the same repeat group (by the keys the generator copied), for each report id. */
  private repeatGroups(): Map<string, Report[]> {
    const groupOfKey = new Map<string, Report[]>();
    const groupOf = new Map<string, Report[]>();
    for (const report of this.reports) {
      const keys = [...report.hashes.map((hash) => `h:${hash.algorithm}:${hash.value}`), ...report.accounts.map((account) => `a:${account}`)];
      if (report.externalReference) keys.push(`r:${report.externalReference}`);
      const group = keys.map((key) => groupOfKey.get(key)).find((found) => found !== undefined) ?? [];
      group.push(report);
      for (const key of keys) if (!groupOfKey.has(key)) groupOfKey.set(key, group);
      groupOf.set(report.id, group);
    }
    return groupOf;
  }

  /** Offences, suspects, children, charges, closing and judgments, each with the shares of demo-shares.ts. */
  private developCase(rng: SeededRandom, investigation: Investigation): void {
    const { reports } = investigation;
    const firstReceived = reports.length > 0 ? Math.min(...reports.map((report) => report.receivedAt)) : investigation.openedAt - rng.between(10, 200) * DAY_MS;
    const offenceCount = Number(rng.weighted({ '1': 0.6, '2': 0.3, '3': 0.1 }));
    const categories = new Set<OffenceCategory>();
    for (let i = 0; i < offenceCount; i++) {
      const content = reports.length > 0 ? rng.pick(reports).contentCategory : rng.weighted<ContentCategory>({ SOLICITATION: 0.4, SEXTORTION: 0.3, NEW_CSAM: 0.3 });
      categories.add(rng.weighted(share.OFFENCES_FOR_CONTENT[content]));
    }
    for (const category of categories) {
      this.classify(rng, investigation, category, rng.weighted(share.ONLINE_NEXUS_SHARES), firstReceived - rng.between(0, 20) * DAY_MS);
    }
    if (reports.length === 0 || rng.chance(share.CONTACT_ABUSE_SHARE)) {
      this.classify(rng, investigation, 'CONTACT_ABUSE', rng.chance(0.6) && reports.length > 0 ? 'BOTH' : 'OFFLINE', firstReceived - rng.between(0, 60) * DAY_MS);
    }

    if (!rng.chance(share.SUSPECT_SHARE)) {
      this.maybeCloseWithoutCharge(rng, investigation);
      return;
    }
    const suspects = [this.suspect(investigation, rng.uuid(), investigation.reports)];
    if (rng.chance(share.SECOND_SUSPECT_SHARE)) suspects.push(this.suspect(investigation, rng.uuid(), investigation.reports.slice(0, 1)));

    const children: number[] = [];
    if (rng.chance(share.CHILDREN_PER_INVESTIGATION)) {
      const count = Number(rng.weighted({ '1': 0.78, '2': 0.17, '3': 0.05 }));
      for (let i = 0; i < count; i++) {
        const identifiedAt = investigation.openedAt + rng.between(3, 120) * DAY_MS;
        if (identifiedAt > this.horizon) continue;
        const { route, linked } = this.routeFor(rng, investigation);
        this.child(rng, investigation, { identifiedAt, sex: rng.weighted(share.SEX_SHARES), route, linked });
        children.push(identifiedAt);
      }
    }

    for (const personId of suspects) {
      if (!rng.chance(children.length > 0 ? share.CHARGE_SHARE.withChildren : share.CHARGE_SHARE.withoutChildren)) continue;
      const filedAt = investigation.lastFactAt + rng.between(14, 150) * DAY_MS;
      if (filedAt > this.horizon) continue;
      const offences = rng.chance(0.7) ? investigation.offences : rng.sample(investigation.offences, rng.int(1, investigation.offences.length));
      this.charge(investigation, personId, offences, filedAt);
    }
    if (investigation.charges.size > 0) {
      const closedAt = investigation.lastFactAt + rng.between(1, 30) * DAY_MS;
      if (closedAt <= this.horizon) this.close(investigation, 'CHARGES_FILED', closedAt);
      for (const [personId, charge] of investigation.charges) {
        if (rng.chance(share.JUDGMENT_PER_CHARGE)) this.bulkJudgment(rng, investigation, personId, charge);
      }
    } else {
      this.maybeCloseWithoutCharge(rng, investigation);
    }
  }

  private maybeCloseWithoutCharge(rng: SeededRandom, investigation: Investigation): void {
    if (!rng.chance(share.CLOSED_WITHOUT_CHARGE_SHARE)) return;
    const closedAt = Math.max(investigation.openedAt + rng.between(30, 200) * DAY_MS, investigation.lastFactAt + DAY_MS);
    if (closedAt <= this.horizon) this.close(investigation, rng.weighted(share.CLOSE_OUTCOME_SHARES), closedAt);
  }

  /** How a child of this investigation was identified, and the reports the identification rests on. */
  private routeFor(rng: SeededRandom, investigation: Investigation): { route: IdentificationRoute; linked: Report[] } {
    const { reports } = investigation;
    if (reports.length === 0) {
      return { route: rng.weighted<IdentificationRoute>({ VICTIM_SELF_REPORT: 0.4, THIRD_PARTY_REPORT: 0.3, INTERNATIONAL: 0.15, OTHER: 0.15 }), linked: [] };
    }
    const art3 = reports.filter((report) => report.art3 === true && report.reporterKind === 'PROVIDER');
    if (art3.length > 0) {
      const route = rng.weighted<IdentificationRoute>({ PROVIDER_REPORT_ART3: 0.8, CHAT_LOGS: 0.1, EARLIER_INVESTIGATION: 0.05, THIRD_PARTY_REPORT: 0.05 });
      return { route, linked: route === 'EARLIER_INVESTIGATION' ? [] : art3 };
    }
    if (reports.every((report) => report.reporterKind === 'PUBLIC_INTEREST_ORGANISATION')) return { route: 'PUBLIC_INTEREST_ORGANISATION_REPORT', linked: reports };
    return { route: rng.weighted<IdentificationRoute>({ CHAT_LOGS: 0.3, OTHER: 0.3, THIRD_PARTY_REPORT: 0.2, INTERNATIONAL: 0.2 }), linked: reports };
  }

  private bulkJudgment(rng: SeededRandom, investigation: Investigation, personId: string, charge: { offences: readonly Offence[]; filedAt: number }): void {
    const decidedAt = charge.filedAt + rng.between(30, 240) * DAY_MS;
    if (decidedAt > this.horizon) return;
    const outcome = rng.weighted(share.JUDGMENT_OUTCOME_SHARES);
    const offences = outcome !== 'CONVICTED' ? [] : rng.chance(0.8) ? charge.offences : rng.sample(charge.offences, rng.int(1, charge.offences.length));
    let appeal: AppealPlan | undefined;
    let finalAt: number | undefined;
    const lodgedAt = decidedAt + rng.between(2, 14) * DAY_MS;
    if (rng.chance(share.APPEAL_SHARE) && lodgedAt <= this.horizon) {
      const by: AppealParty = outcome === 'CONVICTED' ? rng.weighted<AppealParty>({ DEFENCE: 0.85, PROSECUTION: 0.1, BOTH: 0.05 }) : 'PROSECUTION';
      const outcomeAt = lodgedAt + rng.between(60, 240) * DAY_MS;
      if (rng.chance(share.APPEAL_DECIDED_SHARE) && outcomeAt <= this.horizon) {
        let decided: NonNullable<AppealPlan['outcome']>;
        if (outcome === 'CONVICTED') {
          const kind = rng.weighted({ upheld: 0.72, fewer: offences.length > 1 ? 0.08 : 0, acquitted: 0.2 });
          decided =
            kind === 'upheld'
              ? { newOutcome: 'CONVICTED', decidedAt: outcomeAt }
              : kind === 'fewer'
                ? { newOutcome: 'CONVICTED', decidedAt: outcomeAt, offences: offences.slice(0, offences.length - 1) }
                : { newOutcome: 'ACQUITTED', decidedAt: outcomeAt };
        } else {
          decided = rng.chance(0.45) ? { newOutcome: 'CONVICTED', decidedAt: outcomeAt, offences: charge.offences } : { newOutcome: 'ACQUITTED', decidedAt: outcomeAt };
        }
        appeal = { lodgedAt, by, outcome: decided };
        const finalAfterAppeal = outcomeAt + rng.between(14, 90) * DAY_MS;
        if (rng.chance(0.7) && finalAfterAppeal <= this.horizon) finalAt = finalAfterAppeal;
      } else {
        appeal = { lodgedAt, by };
      }
    } else {
      const final = decidedAt + (14 + rng.between(0, 10)) * DAY_MS;
      if (rng.chance(share.FINALITY_RECORDED_SHARE) && final <= this.horizon) finalAt = final;
    }
    this.judgment(rng, { investigation, personId, decidedAt, outcome, offences, appeal, finalAt });
  }

  // ── the commands, one builder each ──────────────────────────────────────────────────────────────────

  /** An investigation on reports of this year (months inclusive), with one offence and one suspect linked to them. */
  private fromReport(rng: SeededRandom, reports: Report[], category: OffenceCategory, nexus: OnlineNexus, personId = rng.uuid()) {
    const ready = Math.max(...reports.map((report) => report.assessedAt ?? report.receivedAt));
    const investigation = this.open(rng, { reports, openedAt: ready + rng.between(1, 10) * DAY_MS, trigger: 'PROVIDER_REPORT' });
    this.classify(rng, investigation, category, nexus, Math.min(...reports.map((report) => report.receivedAt)) - rng.between(1, 15) * DAY_MS);
    this.suspect(investigation, personId, reports);
    return { investigation, personId };
  }

  /** One unused actionable provider report received in these months of the year. */
  private take(rng: SeededRandom, fromMonth: number, toMonth: number, accept: (report: Report) => boolean = () => true): Report[] {
    const from = this.local(0, fromMonth, 1);
    const to = this.local(0, toMonth + 1, 1);
    const usable = (report: Report) =>
      report.actionable === true && report.role === 'normal' && !report.investigationId && report.reporterKind === 'PROVIDER' && report.countUnit === 'REPORT' && report.assessedAt !== null;
    const candidates = this.reports.filter((report) => usable(report) && report.receivedAt >= from && report.receivedAt < to && accept(report));
    const fallback = this.reports.filter((report) => usable(report) && !report.isPreviousYear && accept(report));
    const chosen = rng.pick(candidates.length > 0 ? candidates : fallback.length > 0 ? fallback : this.reports.filter(usable));
    return [chosen];
  }

  private open(rng: SeededRandom, { reports, openedAt, trigger }: { reports: Report[]; openedAt: number; trigger: InvestigationTrigger }): Investigation {
    const investigation: Investigation = {
      id: rng.uuid(),
      openedAt,
      lines: [],
      reports: [...reports],
      offences: [],
      suspects: [],
      charges: new Map(),
      lastFactAt: openedAt,
    };
    for (const report of reports) report.investigationId = investigation.id;
    investigation.lines.push(
      line('OpenInvestigation', ACTOR.investigator, {
        investigationId: investigation.id,
        memberState: this.memberState,
        openedAt: isoInstant(openedAt),
        reportIds: reports.map((report) => report.id),
        trigger,
      }),
    );
    this.investigations.push(investigation);
    return investigation;
  }

  private link(investigation: Investigation, report: Report): void {
    report.investigationId = investigation.id;
    investigation.reports.push(report);
    investigation.lines.push(line('LinkReportToInvestigation', ACTOR.investigator, { investigationId: investigation.id, reportId: report.id }));
  }

  private classify(rng: SeededRandom, investigation: Investigation, category: OffenceCategory, nexus: OnlineNexus, offenceDate: number): Offence {
    const offence = { id: rng.uuid(), nexus };
    investigation.offences.push(offence);
    investigation.lines.push(
      line('ClassifyOffence', ACTOR.investigator, {
        investigationId: investigation.id,
        offenceId: offence.id,
        nationalProvision: nationalProvision(this.memberState, category),
        category,
        onlineNexus: nexus,
        offenceDate: isoInstant(Math.min(offenceDate, investigation.openedAt)),
      }),
    );
    return offence;
  }

  private suspect(investigation: Investigation, personId: string, linked: readonly Report[]): string {
    investigation.suspects.push(personId);
    investigation.lines.push(
      line('IdentifySuspect', ACTOR.investigator, { investigationId: investigation.id, personId, linkedReportIds: linked.map((report) => report.id) }),
    );
    return personId;
  }

  private child(
    rng: SeededRandom,
    investigation: Investigation,
    facts: { identifiedAt: number; sex: Sex; route: IdentificationRoute; linked: readonly Report[]; body?: 'LAW_ENFORCEMENT' | 'SOCIAL_WELFARE'; ageBand?: string },
  ): ChildRecord {
    const child = { id: rng.uuid() };
    const residence = rng.weighted({ own: 0.85, other: 0.1, unknown: 0.05 });
    investigation.lastFactAt = Math.max(investigation.lastFactAt, facts.identifiedAt);
    investigation.lines.push(
      line('IdentifyChild', ACTOR.investigator, {
        childId: child.id,
        memberState: this.memberState,
        investigationId: investigation.id,
        identifiedAt: isoInstant(facts.identifiedAt),
        sex: facts.sex,
        identificationRoute: facts.route,
        linkedReportIds: facts.linked.map((report) => report.id),
        identifyingBody: facts.body ?? rng.weighted(share.IDENTIFYING_BODY_SHARES),
        // Residence is recorded, never a filter: children living elsewhere count too (P13).
        residence: residence === 'own' ? this.memberState : residence === 'other' ? rng.pick(OTHER_COUNTRIES.filter((code) => code !== this.memberState)) : null,
        ageBand: facts.ageBand ?? rng.weighted(share.AGE_BAND_SHARES),
      }),
    );
    return child;
  }

  private charge(investigation: Investigation, personId: string, offences: readonly Offence[], filedAt: number): void {
    investigation.charges.set(personId, { offences, filedAt });
    investigation.lastFactAt = Math.max(investigation.lastFactAt, filedAt);
    investigation.lines.push(
      line('FileCharge', ACTOR.investigator, { investigationId: investigation.id, personId, offenceIds: offences.map((offence) => offence.id), filedAt: isoInstant(filedAt) }),
    );
  }

  private close(investigation: Investigation, outcome: InvestigationOutcome, closedAt: number): void {
    investigation.lines.push(line('CloseInvestigation', ACTOR.investigator, { investigationId: investigation.id, outcome, closedAt: isoInstant(closedAt) }));
  }

  private judgment(rng: SeededRandom, plan: JudgmentPlan): void {
    const judgmentId = rng.uuid();
    const isConviction = plan.outcome === 'CONVICTED';
    const lines: DemoLine[] = [
      line('RecordJudgment', ACTOR.court, {
        judgmentId,
        memberState: this.memberState,
        investigationId: plan.investigation.id,
        personId: plan.personId,
        court: rng.pick(courtsOf(this.memberState)),
        decidedAt: isoInstant(plan.decidedAt),
        outcome: plan.outcome,
        convictedOffenceIds: plan.offences.map((offence) => offence.id),
        ...(isConviction ? { numberOfCounts: Number(rng.weighted({ '1': 0.5, '2': 0.25, '3': 0.15, '5': 0.1 })) } : {}),
        source: rng.weighted(share.JUDGMENT_SOURCE_SHARES),
      }),
    ];
    if (plan.appeal) {
      lines.push(line('LodgeAppeal', ACTOR.court, { judgmentId, lodgedAt: isoInstant(plan.appeal.lodgedAt), by: plan.appeal.by }));
      const decided = plan.appeal.outcome;
      if (decided) {
        lines.push(
          line('RecordAppealOutcome', ACTOR.court, {
            judgmentId,
            newOutcome: decided.newOutcome,
            decidedAt: isoInstant(decided.decidedAt),
            // Omitted: an upheld conviction keeps its offences.
            ...(decided.offences ? { convictedOffenceIds: decided.offences.map((offence) => offence.id) } : {}),
          }),
        );
      }
    }
    if (plan.finalAt !== undefined) lines.push(line('RecordFinality', ACTOR.court, { judgmentId, finalAt: isoInstant(plan.finalAt) }));
    this.judgments.push(lines);
    this.judgmentDates.push(plan.decidedAt);
  }

  /** Local midnight (or a time) of a date in year + yearOffset, in the member state's time zone. */
  private local(yearOffset: number, month: number, day: number, hour = 0, minute = 0): number {
    return localInstant(this.memberState, this.year + yearOffset, month, day, hour, minute);
  }
}

const line = (type: string, actor: string, data: Record<string, unknown>): DemoLine => ({ type, data, actor });

const pickFacts = (report: Report) => ({
  channel: report.channel,
  reporterKind: report.reporterKind,
  provider: report.provider,
  contentCategory: report.contentCategory,
  art3: report.art3,
  countUnit: report.countUnit,
  hashes: report.hashes,
  accounts: report.accounts,
  externalReference: report.externalReference,
});

const providerData = (provider: Provider): Record<string, unknown> => ({
  ...(provider.name ? { name: provider.name } : {}),
  providerType: provider.providerType,
  ...(provider.serviceName ? { serviceName: provider.serviceName } : {}),
});

/** Countries a child identified here may live in (an attribute, never a filter). */
const OTHER_COUNTRIES = ['BE', 'DE', 'FR', 'PL', 'RO', 'GB', 'US', 'MA', 'TR', 'UA'];

const DUTCH_PROVISIONS: Record<OffenceCategory, string> = {
  CSAM_DISTRIBUTION: 'Sr. art. 240b (verspreiden)',
  CSAM_POSSESSION_OR_ACQUISITION: 'Sr. art. 240b (bezit, verwerven)',
  CSAM_PRODUCTION: 'Sr. art. 240b (vervaardigen)',
  SOLICITATION: 'Sr. art. 248e',
  SEXTORTION: 'Sr. art. 317',
  CONTACT_ABUSE: 'Sr. art. 245',
  OTHER: 'Sr. art. 248d',
};

/** The Dutch Penal Code's articles for NL; elsewhere a neutral label (the demo does not pretend to know every code). */
const nationalProvision = (memberState: MemberState, category: OffenceCategory): string =>
  memberState === 'NL' ? DUTCH_PROVISIONS[category] : `${memberState} criminal code: ${category.toLowerCase().replace(/_/g, ' ')}`;

const DUTCH_COURTS = [
  'Rechtbank Amsterdam',
  'Rechtbank Den Haag',
  'Rechtbank Rotterdam',
  'Rechtbank Midden-Nederland',
  'Rechtbank Noord-Holland',
  'Rechtbank Oost-Brabant',
  'Rechtbank Zeeland-West-Brabant',
  'Rechtbank Gelderland',
  'Rechtbank Overijssel',
  'Rechtbank Noord-Nederland',
  'Rechtbank Limburg',
];

const courtsOf = (memberState: MemberState): readonly string[] =>
  memberState === 'NL' ? DUTCH_COURTS : [1, 2, 3, 4, 5, 6].map((n) => `${memberState} district court ${n}`);

/**
 * Child records are addressed by the registry's id: the keyed hash of the authority's child id, which
 * IdentifyChild answers (test/e2e/lifecycle-rules). A file can therefore correct or merge a child it identifies
 * only with that id. This rewrites the child references of CorrectChildRecord and MergeChildRecords lines with
 * `registryChildId` (the registry's own pseudonyms), as a user would with the ids the registry answered.
 */
export const withRegistryChildIds = (lines: readonly DemoLine[], registryChildId: (childId: string) => string): DemoLine[] =>
  lines.map((demoLine) => {
    const { type, data } = demoLine;
    if (type === 'CorrectChildRecord') return { ...demoLine, data: { ...data, childId: registryChildId(String(data.childId)) } };
    if (type === 'MergeChildRecords') {
      return { ...demoLine, data: { ...data, duplicateChildId: registryChildId(String(data.duplicateChildId)), childId: registryChildId(String(data.childId)) } };
    }
    return demoLine;
  });
