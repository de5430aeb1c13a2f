import fc from 'fast-check';
import {
  ART8_METRICS,
  childDecider,
  CONTENT_CATEGORIES,
  COUNT_UNITS,
  DomainError,
  foundReportOf,
  IDENTIFICATION_ROUTES,
  investigationDecider,
  judgedInvestigationOf,
  JUDGMENT_OUTCOMES,
  mergeTargetOf,
  NOT_AVAILABLE_REASONS,
  ONLINE_NEXUSES,
  PROVIDER_TYPES,
  REPORTER_KINDS,
  reportDecider,
  SEXES,
  SOURCE_CHANNELS,
  statisticsDecider,
  judgmentDecider,
  type Child,
  type ChildCommand,
  type Decider,
  type Investigation,
  type InvestigationCommand,
  type Judgment,
  type JudgmentCommand,
  type MemberState,
  type Report,
  type ReportCommand,
  type ReportFacts,
  type StatisticsCommand,
  type StatisticsGovernance,
} from '@registry/domain';
import { childId, investigationId, judgmentId, offenceId, personId, reportFacts, reportId, type StatisticsDomainEvent } from './statistics-events';

/**
 * Random but valid histories for property tests. fast-check generates *intents* (what a user tries to do,
 * with picks such as "the 3rd report"); `historyOf` turns them into commands, fills in the cross-stream
 * lookups the application handlers make (target report, investigation, merge target …) and runs them
 * through the real deciders. A refused command is dropped, exactly as the registry would refuse it.
 */
export const STATISTICS_MEMBER_STATES = ['NL', 'PT', 'FI'] as const satisfies readonly MemberState[];
export const STATISTICS_YEARS = [2023, 2024, 2025] as const;

/** Year boundaries that fall differently in Amsterdam (UTC+1), Lisbon (UTC+0) and Helsinki (UTC+2). */
const BOUNDARY_INSTANTS = [
  '2023-12-31T21:59:59.000Z',
  '2023-12-31T22:30:00.000Z',
  '2023-12-31T23:30:00.000Z',
  '2024-01-01T00:30:00.000Z',
  '2024-12-31T22:30:00.000Z',
  '2024-12-31T23:30:00.000Z',
  '2025-01-01T00:30:00.000Z',
];
// Mostly 2024, with the ends of 2023 and the start of 2025: the years whose boundaries matter.
const FIRST = Date.parse('2023-09-01T00:00:00.000Z');
const LAST = Date.parse('2025-04-30T00:00:00.000Z');
const DAY = 86_400_000;

const instant = fc.oneof(fc.constantFrom(...BOUNDARY_INSTANTS), fc.integer({ min: FIRST / 60_000, max: LAST / 60_000 }).map((minute) => new Date(minute * 60_000).toISOString()));
/** Mostly NL, so one member state and year gathers enough records to be interesting. */
const memberState = fc.oneof({ weight: 3, arbitrary: fc.constant('NL' as const) }, { weight: 2, arbitrary: fc.constantFrom(...STATISTICS_MEMBER_STATES) });
const pick = fc.nat({ max: 1000 });
const picks = fc.array(pick, { maxLength: 3 });

const reportIntent = fc.record({
  kind: fc.constant('report' as const),
  memberState,
  receivedAt: instant,
  reporterKind: fc.constantFrom(...REPORTER_KINDS),
  sourceChannel: fc.constantFrom(...SOURCE_CHANNELS),
  providerType: fc.constantFrom(...PROVIDER_TYPES),
  contentCategory: fc.constantFrom(...CONTENT_CATEGORIES),
  detectedUnderArt3: fc.constantFrom(true, false, null),
  countUnit: fc.oneof({ weight: 5, arbitrary: fc.constant('REPORT' as const) }, { weight: 1, arbitrary: fc.constantFrom(...COUNT_UNITS) }),
  hasExternalReference: fc.boolean(),
  /** Intake found an earlier report with the same hash: marked automatically. */
  intakeMatch: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: pick }),
});

const correction = fc.oneof(
  instant.map((value) => ['receivedAt', value] as const),
  fc.constantFrom(...PROVIDER_TYPES).map((value) => ['provider', value] as const),
  fc.constantFrom(true, false, null).map((value) => ['detectedUnderArt3', value] as const),
  fc.constantFrom(...COUNT_UNITS).map((value) => ['countUnit', value] as const),
  fc.constantFrom(...CONTENT_CATEGORIES).map((value) => ['contentCategory', value] as const),
  fc.constantFrom(...REPORTER_KINDS).map((value) => ['reporterKind', value] as const),
  fc.constantFrom(...SOURCE_CHANNELS).map((value) => ['sourceChannel', value] as const),
  fc.constantFrom('CT-corrected', null).map((value) => ['externalReference', value] as const),
);

const childCorrection = fc.oneof(
  fc.constantFrom(...SEXES).map((value) => ['sex', value] as const),
  fc.constantFrom(...IDENTIFICATION_ROUTES).map((value) => ['identificationRoute', value] as const),
  instant.map((value) => ['identifiedAt', value] as const),
  picks.map((value) => ['linkedReportIds', value] as const),
);

export const intentArbitrary = fc.oneof(
  { weight: 6, arbitrary: reportIntent },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('assess' as const), report: pick, actionable: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('markDuplicate' as const), report: pick, target: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('correctReport' as const), report: pick, change: correction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), report: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('openInvestigation' as const), memberState, openedAt: instant, reports: picks }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('linkReport' as const), investigation: pick, report: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('classifyOffence' as const), investigation: pick, onlineNexus: fc.constantFrom(...ONLINE_NEXUSES) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('identifySuspect' as const), investigation: pick, person: fc.nat({ max: 5 }), reports: picks }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fileCharge' as const), investigation: pick, person: pick, offences: fc.nat({ max: 15 }), filedAt: instant }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('closeInvestigation' as const), investigation: pick, afterDays: fc.nat({ max: 400 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('identifyChild' as const),
      investigation: pick,
      identifiedAt: instant,
      sex: fc.constantFrom(...SEXES),
      route: fc.constantFrom(...IDENTIFICATION_ROUTES),
      reports: picks,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correctChild' as const), child: pick, change: childCorrection }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mergeChildren' as const), duplicate: pick, into: pick }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('recordJudgment' as const),
      investigation: pick,
      suspect: pick,
      /** A suspect identified on the spot when the case has none (or this one is new). */
      person: fc.option(fc.nat({ max: 5 }), { freq: 3 }),
      outcome: fc.oneof({ weight: 3, arbitrary: fc.constant('CONVICTED' as const) }, { weight: 1, arbitrary: fc.constantFrom(...JUDGMENT_OUTCOMES) }),
      decidedAt: instant,
      offences: fc.nat({ max: 15 }),
      /** An offence classified on the spot when the case has none yet. */
      onlineNexus: fc.constantFrom(...ONLINE_NEXUSES),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('lodgeAppeal' as const), judgment: pick, afterDays: fc.nat({ max: 60 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('appealOutcome' as const),
      judgment: pick,
      newOutcome: fc.constantFrom(...JUDGMENT_OUTCOMES),
      afterDays: fc.nat({ max: 400 }),
      offences: fc.option(fc.nat({ max: 15 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finality' as const), judgment: pick, afterDays: fc.nat({ max: 200 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('declareNotAvailable' as const),
      memberState: fc.constantFrom(...STATISTICS_MEMBER_STATES),
      year: fc.constantFrom(...STATISTICS_YEARS),
      metric: fc.constantFrom(...ART8_METRICS),
      reason: fc.constantFrom(...NOT_AVAILABLE_REASONS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdrawNotAvailable' as const), declaration: pick }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('methodologyChange' as const),
      memberState: fc.constantFrom(...STATISTICS_MEMBER_STATES),
      metric: fc.constantFrom(...ART8_METRICS),
      effectiveFrom: fc.constantFrom('2023-01-01', '2024-01-01', '2024-07-01', '2025-01-01'),
    }),
  },
);

export type Intent = typeof intentArbitrary extends fc.Arbitrary<infer T> ? T : never;

export const historyArbitrary = (maxLength = 100) => fc.array(intentArbitrary, { minLength: Math.min(40, maxLength), maxLength, size: 'max' });

const later = (from: string, days: number) => new Date(Date.parse(from) + days * DAY).toISOString();
/** The members of `list` selected by the bits of `mask` (always at least one when the list has any). */
const subset = <T>(list: readonly T[], mask: number): T[] => {
  const chosen = list.filter((_, index) => (mask >> index) & 1);
  return chosen.length > 0 || list.length === 0 ? chosen : [list[mask % list.length]!];
};
const at = <T>(list: readonly T[], index: number): T | undefined => (list.length === 0 ? undefined : list[index % list.length]);

/** One kind of stream in memory: ids in creation order and their folded states. */
class Streams<C, E, S> {
  readonly ids: string[] = [];
  private readonly states = new Map<string, S>();
  constructor(
    private readonly decider: Decider<C, E, S>,
    private readonly emit: (events: readonly E[]) => void,
  ) {}
  state(id: string): S {
    return this.states.get(id) ?? this.decider.initialState;
  }
  /** The records whose state passes `test`: the generator aims its commands at records they can apply to. */
  where(test: (state: S, id: string) => boolean): string[] {
    return this.ids.filter((id) => test(this.state(id), id));
  }
  /** Decides on the stream's state; a refusal (DomainError) is dropped, anything else is a bug and thrown. */
  run(id: string, command: C): void {
    let events: readonly E[];
    try {
      events = this.decider.decide(command, this.state(id));
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    if (events.length === 0) return;
    if (!this.states.has(id)) this.ids.push(id);
    this.states.set(id, events.reduce(this.decider.evolve, this.state(id)));
    this.emit(events);
  }
}

type Existing<S> = Exclude<S, { status: 'None' }>;
const exists = <S extends { status: string }>(state: S): state is Existing<S> => state.status !== 'None';

/** The events a valid registry would have recorded for these intents, in log order. */
export const historyOf = (intents: readonly Intent[]): StatisticsDomainEvent[] => {
  const events: StatisticsDomainEvent[] = [];
  const emit = (recorded: readonly StatisticsDomainEvent[]) => events.push(...recorded);
  const reports = new Streams<ReportCommand, StatisticsDomainEvent, Report>(reportDecider as never, emit);
  const investigations = new Streams<InvestigationCommand, StatisticsDomainEvent, Investigation>(investigationDecider as never, emit);
  const children = new Streams<ChildCommand, StatisticsDomainEvent, Child>(childDecider as never, emit);
  const judgments = new Streams<JudgmentCommand, StatisticsDomainEvent, Judgment>(judgmentDecider as never, emit);
  const statistics = new Streams<StatisticsCommand, StatisticsDomainEvent, StatisticsGovernance>(statisticsDecider as never, emit);
  const counters = { report: 0, investigation: 0, child: 0, judgment: 0, offence: 0 };
  const found = (ids: readonly string[]) => ids.flatMap((id) => foundReportOf(reports.state(id)) ?? []);
  const memberStateOf = (state: Report | Investigation | Child) => (exists(state) ? state.memberState : undefined);
  /** Reports of the member state that may still be linked (not withdrawn). */
  const linkable = (memberState: string) => reports.where((state) => state.status === 'Received' && state.memberState === memberState);
  const pickReports = (indexes: readonly number[], memberState: string) => {
    const candidates = linkable(memberState);
    return [...new Set(indexes.flatMap((index) => at(candidates, index) ?? []))];
  };
  /** The root the application reads from the target's stream (its duplicateOf, or itself). */
  const rootOf = (id: string) => {
    const state = reports.state(id);
    return exists(state) ? (state.duplicateOf?.reportId ?? id) : id;
  };
  const openInvestigations = () => investigations.where((state) => state.status === 'Open');

  for (const intent of intents) {
    switch (intent.kind) {
      case 'report': {
        const id = reportId(++counters.report);
        const facts: ReportFacts = reportFacts({
          receivedAt: intent.receivedAt,
          reporterKind: intent.reporterKind,
          sourceChannel: intent.sourceChannel,
          externalReference: intent.hasExternalReference ? `CT-${counters.report}` : null,
          provider: { name: null, providerType: intent.providerType },
          contentCategory: intent.contentCategory,
          detectedUnderArt3: intent.detectedUnderArt3,
          countUnit: intent.countUnit,
          concernedMemberStates: [intent.memberState],
        });
        // Intake matches a hash of an earlier report of the same member state and points at its group's root.
        const earlier = intent.intakeMatch === null ? undefined : at(reports.where((state) => exists(state) && state.memberState === intent.memberState), intent.intakeMatch);
        const intakeMatch = earlier ? { duplicateOfReportId: rootOf(earlier) as never, basis: 'SAME_CONTENT_HASH' as const } : null;
        reports.run(id, { type: 'RecordReport', data: { reportId: id as never, memberState: intent.memberState, ...facts, intakeMatch } });
        break;
      }
      case 'assess': {
        const id = at(reports.ids, intent.report);
        if (id) reports.run(id, { type: 'AssessReport', data: { reportId: id as never, actionable: intent.actionable, reasonIfNot: intent.actionable ? null : 'NOT_CSAM', assessedAt: '2025-01-10T10:00:00.000Z' } });
        break;
      }
      case 'markDuplicate': {
        // Any report not yet a duplicate, often the root of a group, marked into another group of its member state.
        const id = at(reports.where((state) => state.status === 'Received' && state.duplicateOf === null), intent.report);
        const memberState = id ? memberStateOf(reports.state(id)) : undefined;
        const targetId = memberState ? at(linkable(memberState), intent.target) : undefined;
        if (!id || !targetId) break;
        const target = reports.state(targetId);
        const lookup = exists(target) ? { memberState: target.memberState, rootReportId: rootOf(targetId) as never, isWithdrawn: target.status === 'Withdrawn' } : null;
        reports.run(id, { type: 'MarkReportDuplicate', data: { reportId: id as never, duplicateOfReportId: targetId as never, basis: 'MANUAL', target: lookup } });
        break;
      }
      case 'correctReport': {
        const id = at(reports.where((state) => state.status === 'Received'), intent.report);
        if (!id) break;
        const [field, value] = intent.change;
        const changes: Partial<ReportFacts> = field === 'provider' ? { provider: { name: null, providerType: value as never } } : { [field]: value };
        reports.run(id, { type: 'CorrectReport', data: { reportId: id as never, changes, reason: 'typing error' } });
        break;
      }
      case 'withdraw': {
        const id = at(reports.where((state) => state.status === 'Received'), intent.report);
        if (id) reports.run(id, { type: 'WithdrawReport', data: { reportId: id as never, reason: 'entered in error' } });
        break;
      }
      case 'openInvestigation': {
        const id = investigationId(++counters.investigation);
        const reportIds = pickReports(intent.reports, intent.memberState);
        investigations.run(id, {
          type: 'OpenInvestigation',
          data: { investigationId: id as never, memberState: intent.memberState, openedAt: intent.openedAt, reportIds: reportIds as never[], trigger: 'PROVIDER_REPORT', reports: found(reportIds) },
        });
        break;
      }
      case 'linkReport': {
        const id = at(openInvestigations(), intent.investigation);
        const memberState = id ? memberStateOf(investigations.state(id)) : undefined;
        const report = memberState ? at(linkable(memberState), intent.report) : undefined;
        if (id && report) investigations.run(id, { type: 'LinkReportToInvestigation', data: { investigationId: id as never, reportId: report as never, report: foundReportOf(reports.state(report)) } });
        break;
      }
      case 'classifyOffence': {
        const id = at(openInvestigations(), intent.investigation);
        if (id)
          investigations.run(id, {
            type: 'ClassifyOffence',
            data: { investigationId: id as never, offenceId: offenceId(++counters.offence) as never, nationalProvision: 'Sr. art. 252', category: 'CSAM_DISTRIBUTION', onlineNexus: intent.onlineNexus, offenceDate: '2024-01-01T00:00:00.000Z' },
          });
        break;
      }
      case 'identifySuspect': {
        const id = at(openInvestigations(), intent.investigation);
        const state = id ? investigations.state(id) : undefined;
        if (!id || !state || !exists(state)) break;
        const linked = subset(state.reportIds, intent.reports.reduce((mask, value) => mask | (1 << value % 4), 0));
        investigations.run(id, { type: 'IdentifySuspect', data: { investigationId: id as never, personId: personId(intent.person) as never, linkedReportIds: linked } });
        break;
      }
      case 'fileCharge': {
        const id = at(investigations.where((state) => state.status === 'Open' && state.suspects.length > 0 && state.offences.length > 0), intent.investigation);
        const state = id ? investigations.state(id) : undefined;
        if (!id || !state || !exists(state)) break;
        const suspect = at(state.suspects, intent.person);
        const offenceIds = subset(state.offences.map((offence) => offence.offenceId), intent.offences);
        if (suspect) investigations.run(id, { type: 'FileCharge', data: { investigationId: id as never, personId: suspect.personId, offenceIds, filedAt: intent.filedAt } });
        break;
      }
      case 'closeInvestigation': {
        const id = at(openInvestigations(), intent.investigation);
        const state = id ? investigations.state(id) : undefined;
        if (id && state && exists(state))
          investigations.run(id, {
            type: 'CloseInvestigation',
            data: { investigationId: id as never, outcome: state.charges.length > 0 ? 'CHARGES_FILED' : 'NO_FURTHER_ACTION', closedAt: later(state.opened.openedAt, intent.afterDays) },
          });
        break;
      }
      case 'identifyChild': {
        const investigation = at(investigations.ids, intent.investigation);
        const state = investigation ? investigations.state(investigation) : undefined;
        if (!investigation || !state || !exists(state)) break;
        const id = childId(++counters.child);
        const linkedReportIds = pickReports(intent.reports, state.memberState);
        children.run(id, {
          type: 'IdentifyChild',
          data: {
            childId: id as never,
            memberState: state.memberState,
            investigationId: investigation as never,
            identifiedAt: intent.identifiedAt,
            sex: intent.sex,
            identificationRoute: intent.route,
            linkedReportIds: linkedReportIds as never[],
            identifyingBody: 'LAW_ENFORCEMENT',
            residence: null,
            investigation: { memberState: state.memberState },
            reports: found(linkedReportIds),
          },
        });
        break;
      }
      case 'correctChild': {
        const id = at(children.where((state) => state.status === 'Identified'), intent.child);
        const memberState = id ? memberStateOf(children.state(id)) : undefined;
        if (!id || !memberState) break;
        const [field, value] = intent.change;
        const linked = field === 'linkedReportIds' ? pickReports(value, memberState) : [];
        children.run(id, {
          type: 'CorrectChildRecord',
          data: { childId: id as never, changes: { [field]: field === 'linkedReportIds' ? linked : value }, reason: 'recording error', reports: found(linked) },
        });
        break;
      }
      case 'mergeChildren': {
        const active = children.where((state) => state.status === 'Identified');
        const duplicate = at(active, intent.duplicate);
        const memberState = duplicate ? memberStateOf(children.state(duplicate)) : undefined;
        const into = at(
          active.filter((id) => id !== duplicate && memberStateOf(children.state(id)) === memberState),
          intent.into,
        );
        if (duplicate && into) children.run(duplicate, { type: 'MergeChildRecords', data: { duplicateChildId: duplicate as never, childId: into as never, target: mergeTargetOf(children.state(into)) } });
        break;
      }
      case 'recordJudgment': {
        // A judgment needs a suspect and, for a conviction, offences: an open case gets them first, through its decider.
        const investigation = at(investigations.ids, intent.investigation);
        if (!investigation) break;
        const before = investigations.state(investigation);
        if (before.status === 'Open' && (before.suspects.length === 0 || intent.person !== null))
          investigations.run(investigation, { type: 'IdentifySuspect', data: { investigationId: investigation as never, personId: personId(intent.person ?? 0) as never, linkedReportIds: [] } });
        if (before.status === 'Open' && before.offences.length === 0)
          investigations.run(investigation, {
            type: 'ClassifyOffence',
            data: { investigationId: investigation as never, offenceId: offenceId(++counters.offence) as never, nationalProvision: 'Sr. art. 240b', category: 'CSAM_POSSESSION_OR_ACQUISITION', onlineNexus: intent.onlineNexus, offenceDate: '2024-01-01T00:00:00.000Z' },
          });
        const state = investigations.state(investigation);
        if (!exists(state)) break;
        const suspect = intent.person !== null ? state.suspects.find((candidate) => candidate.personId === personId(intent.person!)) : at(state.suspects, intent.suspect);
        if (!suspect) break;
        const id = judgmentId(++counters.judgment);
        const convicted = intent.outcome === 'CONVICTED' ? subset(state.offences.map((offence) => offence.offenceId), intent.offences) : [];
        judgments.run(id, {
          type: 'RecordJudgment',
          data: {
            judgmentId: id as never,
            memberState: state.memberState,
            investigationId: investigation as never,
            personId: suspect.personId,
            court: 'District court',
            decidedAt: intent.decidedAt,
            outcome: intent.outcome,
            convictedOffenceIds: convicted,
            source: 'COURT_REGISTRY',
            investigation: judgedInvestigationOf(state),
          },
        });
        break;
      }
      case 'lodgeAppeal': {
        const id = at(judgments.where((state) => exists(state) && !state.isFinal && state.pendingAppeal === null), intent.judgment);
        const state = id ? judgments.state(id) : undefined;
        if (id && state && exists(state)) judgments.run(id, { type: 'LodgeAppeal', data: { judgmentId: id as never, lodgedAt: later(state.lastDecidedAt, intent.afterDays), by: 'DEFENCE' } });
        break;
      }
      case 'appealOutcome': {
        const id = at(judgments.where((state) => exists(state) && state.pendingAppeal !== null), intent.judgment);
        const state = id ? judgments.state(id) : undefined;
        if (!id || !state || !exists(state) || !state.pendingAppeal) break;
        const investigation = investigations.state(state.recorded.investigationId);
        const offences = exists(investigation) ? investigation.offences.map((offence) => offence.offenceId) : [];
        const convictedOffenceIds = intent.newOutcome !== 'CONVICTED' ? [] : intent.offences === null ? undefined : subset(offences, intent.offences);
        judgments.run(id, {
          type: 'RecordAppealOutcome',
          data: {
            judgmentId: id as never,
            newOutcome: intent.newOutcome,
            decidedAt: later(state.pendingAppeal.lodgedAt, intent.afterDays),
            ...(convictedOffenceIds && { convictedOffenceIds }),
            investigation: judgedInvestigationOf(investigation),
          },
        });
        break;
      }
      case 'finality': {
        const id = at(judgments.where((state) => exists(state) && !state.isFinal && state.pendingAppeal === null), intent.judgment);
        const state = id ? judgments.state(id) : undefined;
        if (id && state && exists(state)) judgments.run(id, { type: 'RecordFinality', data: { judgmentId: id as never, finalAt: later(state.lastDecidedAt, intent.afterDays) } });
        break;
      }
      case 'declareNotAvailable':
        statistics.run(intent.memberState, {
          type: 'DeclareDataNotAvailable',
          data: { memberState: intent.memberState, year: intent.year, metric: intent.metric, reason: intent.reason, note: intent.reason === 'OTHER' ? 'court data held by the Länder' : null },
        });
        break;
      case 'withdrawNotAvailable': {
        // One of the declarations that stand now.
        const standing = new Map<string, { memberState: MemberState; year: number; metric: (typeof ART8_METRICS)[number] }>();
        for (const event of events) {
          if (event.type !== 'DataNotAvailableDeclared' && event.type !== 'DataNotAvailableWithdrawn') continue;
          const { memberState, year, metric } = event.data;
          if (event.type === 'DataNotAvailableDeclared') standing.set(`${memberState}|${year}|${metric}`, { memberState, year, metric });
          else standing.delete(`${memberState}|${year}|${metric}`);
        }
        const declaration = at([...standing.values()], intent.declaration);
        if (declaration) statistics.run(declaration.memberState, { type: 'WithdrawDataNotAvailable', data: { ...declaration, reason: 'found after all' } });
        break;
      }
      case 'methodologyChange':
        statistics.run(intent.memberState, {
          type: 'RecordMethodologyChange',
          data: { memberState: intent.memberState, metric: intent.metric, effectiveFrom: intent.effectiveFrom, description: `new definition from ${intent.effectiveFrom}` },
        });
        break;
    }
  }
  return events;
};
