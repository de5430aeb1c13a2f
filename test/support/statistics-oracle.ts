import {
  CONTENT_CATEGORIES,
  COUNT_UNITS,
  MEMBER_STATE_TIME_ZONES,
  PROVIDER_TYPES,
  REPORTER_KINDS,
  SOURCE_CHANNELS,
  type Art8Metric,
  type MemberState,
  type ReportFacts,
} from '@registry/domain';
import type { Art8Figures, BySex, MetricQuality } from '@registry/projections';
import type { StatisticsDomainEvent } from './statistics-events';

/**
 * The Art. 8 document recomputed from the events in memory, straight from the definitions of domain.md
 * ("Read models"), without the projection's tables, versions or SQL. Property tests compare the projected
 * figures with this; where domain.md leaves a choice open, the comment says which reading is taken.
 */
export interface OracleDocument {
  readonly figures: Art8Figures;
  readonly quality: Record<Art8Metric, MetricQuality>;
}

interface ReportState {
  readonly memberState: string;
  facts: ReportFacts;
  /** Latest assessment; null: never assessed. */
  actionable: boolean | null;
  withdrawn: boolean;
}
interface InvestigationState {
  readonly memberState: string;
  readonly openedAt: string;
  readonly reportIds: Set<string>;
  readonly offences: Map<string, string>;
  closed: boolean;
}
interface ChildState {
  readonly memberState: string;
  readonly investigationId: string;
  identifiedAt: string;
  sex: string;
  route: string;
  linkedReportIds: readonly string[];
  merged: boolean;
}
interface JudgmentState {
  readonly memberState: string;
  readonly investigationId: string;
  readonly personId: string;
  outcome: string;
  /** The date of the first-instance decision, whatever its outcome. */
  readonly decidedAt: string;
  /** The date of the decision the standing conviction rests on; null while it is not a conviction. */
  convictedAt: string | null;
  convictedOffenceIds: readonly string[];
  final: boolean;
}

/** The calendar year of an instant in the member state's legal time zone, straight from Intl. */
export const localYear = (instant: string, memberState: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone: MEMBER_STATE_TIME_ZONES[memberState as MemberState] ?? 'UTC', year: 'numeric' }).format(new Date(instant)));

const ONLINE = new Set(['ONLINE', 'BOTH']);

/** Every record after all the events, as plain maps. */
const fold = (events: readonly StatisticsDomainEvent[]) => {
  const reports = new Map<string, ReportState>();
  const duplicateLinks: [string, string][] = [];
  const investigations = new Map<string, InvestigationState>();
  const children = new Map<string, ChildState>();
  const judgments = new Map<string, JudgmentState>();
  const declarations = new Map<string, { reason: string; note: string | null }>();
  const methodology = new Map<string, { memberState: string; metric: string; effectiveFrom: string; description: string }>();
  for (const event of events) {
    switch (event.type) {
      case 'ReportReceived': {
        const { reportId, memberState, ...facts } = event.data;
        reports.set(reportId, { memberState, facts, actionable: null, withdrawn: false });
        break;
      }
      case 'ReportAssessed':
        reports.get(event.data.reportId)!.actionable = event.data.actionable;
        break;
      case 'ReportMarkedDuplicate':
        duplicateLinks.push([event.data.reportId, event.data.duplicateOfReportId]);
        break;
      case 'ReportCorrected': {
        const report = reports.get(event.data.reportId)!;
        for (const change of event.data.changes) report.facts = { ...report.facts, [change.field]: change.newValue };
        break;
      }
      case 'ReportWithdrawn':
        reports.get(event.data.reportId)!.withdrawn = true;
        break;
      case 'InvestigationOpened': {
        const { investigationId, memberState, openedAt, reportIds } = event.data;
        investigations.set(investigationId, { memberState, openedAt, reportIds: new Set(reportIds), offences: new Map(), closed: false });
        break;
      }
      case 'ReportLinkedToInvestigation':
        investigations.get(event.data.investigationId)!.reportIds.add(event.data.reportId);
        break;
      case 'OffenceClassified':
        investigations.get(event.data.investigationId)!.offences.set(event.data.offenceId, event.data.onlineNexus);
        break;
      case 'InvestigationClosed':
        investigations.get(event.data.investigationId)!.closed = true;
        break;
      case 'SuspectIdentified':
      case 'ChargeFiled':
        break;
      case 'ChildIdentified': {
        const { data } = event;
        children.set(data.childId, {
          memberState: data.memberState,
          investigationId: data.investigationId,
          identifiedAt: data.identifiedAt,
          sex: data.sex,
          route: data.identificationRoute,
          linkedReportIds: data.linkedReportIds,
          merged: false,
        });
        break;
      }
      case 'ChildRecordCorrected': {
        const child = children.get(event.data.childId)!;
        for (const { field, newValue } of event.data.changes) {
          if (field === 'identifiedAt') child.identifiedAt = newValue as string;
          if (field === 'sex') child.sex = newValue as string;
          if (field === 'identificationRoute') child.route = newValue as string;
          if (field === 'linkedReportIds') child.linkedReportIds = newValue as string[];
        }
        break;
      }
      case 'ChildRecordsMerged':
        // The duplicate is the same child as the one it was merged into: only that one is counted.
        children.get(event.data.duplicateChildId)!.merged = true;
        break;
      case 'JudgmentRecorded': {
        const { data } = event;
        judgments.set(data.judgmentId, {
          memberState: data.memberState,
          investigationId: data.investigationId,
          personId: data.personId,
          outcome: data.outcome,
          decidedAt: data.decidedAt,
          convictedAt: data.outcome === 'CONVICTED' ? data.decidedAt : null,
          convictedOffenceIds: data.convictedOffenceIds,
          final: false,
        });
        break;
      }
      case 'JudgmentModifiedOnAppeal': {
        // Reading taken: a conviction upheld on appeal keeps the year of the first decision; one first
        // reached on appeal counts in the year of the appeal decision; an acquittal removes it.
        const judgment = judgments.get(event.data.judgmentId)!;
        const { newOutcome, decidedAt, convictedOffenceIds } = event.data;
        judgment.convictedAt = newOutcome !== 'CONVICTED' ? null : (judgment.convictedAt ?? decidedAt);
        judgment.outcome = newOutcome;
        judgment.convictedOffenceIds = convictedOffenceIds;
        break;
      }
      case 'JudgmentBecameFinal':
        judgments.get(event.data.judgmentId)!.final = true;
        break;
      case 'AppealLodged':
        break;
      case 'DataNotAvailableDeclared': {
        const { memberState, year, metric, reason, note } = event.data;
        declarations.set(`${memberState}|${year}|${metric}`, { reason, note });
        break;
      }
      case 'DataNotAvailableWithdrawn': {
        const { memberState, year, metric } = event.data;
        declarations.delete(`${memberState}|${year}|${metric}`);
        break;
      }
      case 'MethodologyChanged': {
        const { memberState, metric, effectiveFrom, description } = event.data;
        // A change recorded again for the same metric and date replaces the earlier description.
        methodology.set(`${memberState}|${metric}|${Date.parse(effectiveFrom)}`, { memberState, metric, effectiveFrom, description });
        break;
      }
      default:
        break;
    }
  }
  return { reports, duplicateLinks, investigations, children, judgments, declarations, methodology };
};

/** Duplicate groups as connected components of "marked duplicate of" links (a root's whole group moves with it). */
const groupsOf = (reportIds: Iterable<string>, links: readonly [string, string][]): Map<string, string> => {
  const parent = new Map<string, string>();
  for (const reportId of reportIds) parent.set(reportId, reportId);
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const [a, b] of links) parent.set(find(a), find(b));
  return new Map([...parent.keys()].map((reportId) => [reportId, find(reportId)]));
};

const countBy = (keys: readonly string[], values: readonly string[]) =>
  Object.fromEntries(keys.map((key) => [key, values.filter((value) => value === key).length]));

const bySex = (sexes: readonly string[]): BySex => {
  const [female, male, notStated] = ['FEMALE', 'MALE', 'NOT_STATED'].map((sex) => sexes.filter((value) => value === sex).length) as [number, number, number];
  return { female, male, notStated, total: sexes.length };
};

export const art8Oracle = (events: readonly StatisticsDomainEvent[], memberState: string, year: number): OracleDocument => {
  const { reports, duplicateLinks, investigations, children, judgments, declarations, methodology } = fold(events);
  const groupOf = groupsOf(reports.keys(), duplicateLinks);

  // (a) Reports: REPORT units only, not withdrawn, by the year of the (corrected) receivedAt.
  const isCounted = (report: ReportState) => report.memberState === memberState && !report.withdrawn && report.facts.countUnit === 'REPORT';
  const counted = [...reports].filter(([, report]) => isCounted(report) && localYear(report.facts.receivedAt, memberState) === year);
  const groupSizes = new Map<string, number>();
  for (const [reportId, report] of reports) if (isCounted(report)) groupSizes.set(groupOf.get(reportId)!, (groupSizes.get(groupOf.get(reportId)!) ?? 0) + 1);
  const groups = new Set(counted.map(([reportId]) => groupOf.get(reportId)!));
  const linkedReportIds = new Set([...investigations.values()].flatMap((investigation) => [...investigation.reportIds]));
  const others = [...reports.values()].filter(
    (report) => report.memberState === memberState && !report.withdrawn && report.facts.countUnit !== 'REPORT' && localYear(report.facts.receivedAt, memberState) === year,
  );
  const facts = counted.map(([, report]) => report.facts);
  const a = {
    totalReports: counted.length,
    distinctCases: groups.size,
    casesReportedMultipleTimes: [...groups].filter((group) => groupSizes.get(group)! >= 2).length,
    repeatReports: counted.length - groups.size,
    actionableReports: counted.filter(([, report]) => report.actionable === true).length,
    unassessedReports: counted.filter(([, report]) => report.actionable === null).length,
    reportsInInvestigations: counted.filter(([reportId]) => linkedReportIds.has(reportId)).length,
    investigationsOpened: [...investigations.values()].filter((i) => i.memberState === memberState && localYear(i.openedAt, memberState) === year).length,
    byReporterKind: countBy(REPORTER_KINDS, facts.map((f) => f.reporterKind)),
    bySourceChannel: countBy(SOURCE_CHANNELS, facts.map((f) => f.sourceChannel)),
    byProviderType: countBy(PROVIDER_TYPES, facts.map((f) => f.provider.providerType)),
    byContentCategory: countBy(CONTENT_CATEGORIES, facts.map((f) => f.contentCategory)),
    otherCountUnits: countBy(COUNT_UNITS.filter((unit) => unit !== 'REPORT'), others.map((report) => report.facts.countUnit)),
  };

  // (b) Children: merged duplicates not counted; Art. 3 by route or by a linked (not withdrawn) Art. 3 report.
  const childrenOfYear = [...children.values()].filter((child) => child.memberState === memberState && !child.merged && localYear(child.identifiedAt, memberState) === year);
  const isArt3 = (child: ChildState) =>
    child.route === 'PROVIDER_REPORT_ART3' ||
    child.linkedReportIds.some((reportId) => reports.get(reportId)?.facts.detectedUnderArt3 === true && !reports.get(reportId)!.withdrawn);
  const nexusesOf = (investigationId: string) => [...(investigations.get(investigationId)?.offences.values() ?? [])];
  const isOnline = (investigationId: string) => nexusesOf(investigationId).some((nexus) => ONLINE.has(nexus));
  // Unknown nexus: some offence UNKNOWN, none ONLINE or BOTH (OFFLINE ones allowed; no offence at all is not unknown).
  const isNexusUnknown = (investigationId: string) =>
    nexusesOf(investigationId).includes('UNKNOWN') && !isOnline(investigationId);
  const b = {
    art3: bySex(childrenOfYear.filter(isArt3).map((child) => child.sex)),
    allRoutes: bySex(childrenOfYear.map((child) => child.sex)),
    onlineOnly: bySex(childrenOfYear.filter((child) => isOnline(child.investigationId)).map((child) => child.sex)),
    onlineNexusUnknown: bySex(
      childrenOfYear.filter((child) => isNexusUnknown(child.investigationId)).map((child) => child.sex),
    ),
  };

  // (c) Standing convictions by the year of the conviction decision; persons are distinct pseudonyms.
  const convictions = [...judgments.values()].filter(
    (j) => j.memberState === memberState && j.outcome === 'CONVICTED' && j.convictedAt !== null && localYear(j.convictedAt, memberState) === year,
  );
  const persons = (list: readonly JudgmentState[]) => new Set(list.map((j) => j.personId)).size;
  const convictedNexuses = (j: JudgmentState) =>
    j.convictedOffenceIds.map((offenceId) => investigations.get(j.investigationId)?.offences.get(offenceId) ?? '');
  const isOnlineConviction = (j: JudgmentState) => convictedNexuses(j).some((nexus) => ONLINE.has(nexus));
  // A person's nexus is unknown when a conviction of the year is for an UNKNOWN offence and none for an online one.
  const onlinePersons = new Set(convictions.filter(isOnlineConviction).map((j) => j.personId));
  const unknownNexusPersons = new Set(
    convictions
      .filter((j) => convictedNexuses(j).includes('UNKNOWN') && !onlinePersons.has(j.personId))
      .map((j) => j.personId),
  );
  const tracesToReport = (j: JudgmentState) =>
    [...(investigations.get(j.investigationId)?.reportIds ?? [])].some((reportId) => {
      const report = reports.get(reportId);
      return report !== undefined && !report.withdrawn && ['PROVIDER', 'PUBLIC_INTEREST_ORGANISATION'].includes(report.facts.reporterKind);
    });
  const c = {
    convictedPersons: persons(convictions),
    convictions: convictions.length,
    convictedPersonsFinal: persons(convictions.filter((j) => j.final)),
    convictedPersonsOnlineOffences: persons(convictions.filter(isOnlineConviction)),
    convictedPersonsLinkedToReports: persons(convictions.filter(tracesToReport)),
    convictedPersonsOnlineNexusUnknown: unknownNexusPersons.size,
  };

  // Quality: NOT_AVAILABLE over BREAK_IN_SERIES over PROVISIONAL; pending = what may still change the figure.
  const pending: Record<Art8Metric, number> = {
    ART8_1_A: a.unassessedReports,
    ART8_1_B: childrenOfYear.filter((child) => !investigations.get(child.investigationId)?.closed).length,
    // Any non-final judgment first decided in the year (an acquittal can become a conviction on appeal), and any
    // non-final standing conviction of the year (one first reached on appeal counts in the appeal's year).
    ART8_1_C: [...judgments.values()].filter((j) => {
      const decidedInYear = j.memberState === memberState && localYear(j.decidedAt, memberState) === year;
      return !j.final && (decidedInYear || convictions.includes(j));
    }).length,
  };
  const quality = (metric: Art8Metric): MetricQuality => {
    const declared = declarations.get(`${memberState}|${year}|${metric}`);
    const changesOfMetric = [...methodology.values()].filter(
      (change) => change.memberState === memberState && change.metric === metric,
    );
    // Its definition: the first, or the one after each change that took effect by the end of the year (local time).
    const definitionVersion =
      1 + changesOfMetric.filter((change) => localYear(change.effectiveFrom, memberState) <= year).length;
    const breaks = changesOfMetric
      .filter((change) => localYear(change.effectiveFrom, memberState) === year)
      .sort((x, y) => Date.parse(x.effectiveFrom) - Date.parse(y.effectiveFrom))
      .map((change) => ({ effectiveFrom: new Date(change.effectiveFrom).toISOString(), description: change.description }));
    const flags = [
      ...(declared ? (['NOT_AVAILABLE'] as const) : []),
      ...(breaks.length > 0 ? (['BREAK_IN_SERIES'] as const) : []),
      ...(pending[metric] > 0 ? (['PROVISIONAL'] as const) : []),
    ];
    return {
      status: flags[0] ?? 'COMPLETE',
      reason: declared?.reason ?? null,
      note: declared?.note ?? null,
      flags,
      definitionVersion,
      breaks,
      pending: pending[metric],
    };
  };
  return { figures: { a, b, c }, quality: { ART8_1_A: quality('ART8_1_A'), ART8_1_B: quality('ART8_1_B'), ART8_1_C: quality('ART8_1_C') } };
};
