import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  claimedRoots,
  currentClaim,
  decideIntakeGroups,
  externalReferenceKey,
  findIntakeMatch,
  matchingKeys,
  REPORT_KEY_CATEGORY,
  reportDecider,
  type IntakeDecision,
  type IntakeGroup,
  type IntakeKey,
  type Report,
  type ReportId,
  type ReportKeyClaimed,
} from '@registry/domain';
import {
  ExpectedRevision,
  eventIdFor,
  lastEventOfCommand,
  readStreams,
  streamName,
  WrongExpectedRevision,
  type EventStore,
  type StreamAppend,
} from '@registry/event-store';
import { PersonalData } from '../privacy/personal-data';
import { Pseudonyms } from '../privacy/pseudonyms';
import { SYSTEM_ACTOR, type RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { assertMayActFor } from '../shared/member-state-scope';
import { stampFor } from '../shared/stamp';
import { EVENT_STORE } from '../shared/tokens';
import type { WriteResult } from '../shared/write-result';
import { reportFactsFrom } from './report-facts.mapping';
import type { RecordReportInput } from './report.inputs';
import { MAX_GROUP_HOPS } from './report-commands';
import { reportOf, reportStream } from './report-stream';

export class RecordReportCommand extends Command<WriteResult> {
  constructor(
    readonly input: RecordReportInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** A report's facts as matched (accounts pseudonymised) and the intake keys they give. */
interface Intake {
  readonly facts: ReturnType<typeof reportFactsFrom>;
  readonly reference: IntakeKey | null;
  readonly matching: IntakeKey[];
  /**
   * The names of the streams read first, made once: a batch looks each up several times (read, append, the
   * batches that follow it), and a name made afresh is a new string to flatten and hash each time.
   */
  readonly keyStreams: ReadonlyMap<IntakeKey, string>;
  readonly reportStream: string;
  readonly streamsRead: readonly string[];
}

const keyStream = (key: IntakeKey) => streamName(REPORT_KEY_CATEGORY, key.keyId);
const MAX_ATTEMPTS = 5;

/** A group root as read for an intake that links groups: its group, and its stream's state to decide a marking on. */
interface RootRead {
  readonly group: IntakeGroup;
  readonly state: Report;
  readonly revision: number;
}

/**
 * Records a report, idempotently by (channel, external reference), and marks it a repeat report when intake
 * keys (reference, content hashes, accounts) were claimed by an earlier report. The report and the keys it
 * claims are appended in one transaction, so two concurrent intakes of the same key cannot both claim it:
 * the loser is re-decided and becomes the duplicate. A report whose keys were claimed in several groups joins
 * them (ADR 0002, the addendum on joined groups): the other roots' markings are appended in the same transaction.
 */
@CommandHandler(RecordReportCommand)
export class RecordReportHandler implements ICommandHandler<RecordReportCommand> {
  private readonly intakes = new WeakMap<RecordReportInput, Intake>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly pseudonyms: Pseudonyms,
    private readonly personalData: PersonalData,
  ) {}

  async execute({ input, context }: RecordReportCommand): Promise<WriteResult> {
    const { memberState } = input;
    assertMayActFor(context.actor, memberState);
    const intake = this.intakeOf(input);
    const { facts, reference, matching, keyStreams } = intake;
    for (let attempt = 1; ; attempt++) {
      // The key streams and the report stream in one read (one query on PostgreSQL).
      const streams = await readStreams(this.store, intake.streamsRead);
      const [referenceClaim, ...matchingClaims] = [reference, ...matching].map((key) =>
        key ? currentClaim(streams.get(keyStreams.get(key)!)) : undefined,
      );
      const reportId = (referenceClaim?.reportId ?? input.reportId) as ReportId;
      const reportStreamName = reportId === input.reportId ? intake.reportStream : reportStream(reportId);
      const history = streams.get(reportStreamName) ?? (await this.store.readStream(reportStreamName));
      // This very command again (Idempotency-Key, an import line run again): answered as it was the first time.
      const replayed = context.commandId === undefined ? undefined : lastEventOfCommand(history, context.commandId);
      if (replayed) {
        return { id: reportId, revision: replayed.streamRevision, created: true, position: replayed.position, replayed: true };
      }
      if (referenceClaim && referenceClaim.reportId !== input.reportId && history.length > 0) {
        // The same report again through the same channel: answer the report already recorded.
        return { id: reportId, revision: history.length - 1, created: false, position: history.at(-1)?.position };
      }
      const state = reportOf(history);
      const { match: intakeMatch, joins, roots } = await this.intakeDecision(reportId, matching, matchingClaims);
      const accountRefs = await this.personalData.sealAll({ subjectId: reportId, memberState, kind: 'REPORT' }, facts.accountRefs);
      const events = reportDecider.decide({ type: 'RecordReport', data: { reportId, memberState, ...facts, accountRefs, intakeMatch } }, state);
      if (events.length === 0) return { id: reportId, revision: history.length - 1, created: false, position: history.at(-1)?.position };

      const now = this.clock.now();
      const stamp = stampFor(context, memberState, now);
      const stampAutomatic = stampFor({ ...context, actor: SYSTEM_ACTOR }, memberState, now);
      const rootReportId = intakeMatch?.duplicateOfReportId ?? reportId;
      const joinEvents = joins.map(({ rootReportId: joining, basis }) => {
        const root = roots.get(joining)!;
        const target = { memberState, rootReportId, isWithdrawn: false };
        const marking = { reportId: joining, duplicateOfReportId: rootReportId, basis, target, isAutomatic: true };
        const events = reportDecider.decide({ type: 'MarkReportDuplicate', data: marking }, root.state);
        return { joining, root, events };
      });
      let joinedEvents = 0;
      const unclaimed = [reference, ...matching].filter(
        (key, index): key is IntakeKey => key !== null && (index === 0 ? !referenceClaim : !matchingClaims[index - 1]),
      );
      const reportAppend: StreamAppend = {
        streamName: reportStreamName,
        expectedRevision: ExpectedRevision.after(history.length - 1),
        events: events.map((event, index) => {
          const eventId = eventIdFor(context.commandId, index);
          const automatic = event.type === 'ReportMarkedDuplicate' && event.data.isAutomatic;
          return { type: event.type, data: event.data, metadata: (automatic ? stampAutomatic : stamp)(event, eventId) };
        }),
      };
      // What another writer can refuse (the join markings, the key claims) goes before the report: on a store that
      // appends one stream after another (EventStoreDB) a refusal then leaves the report unwritten, and the command
      // is decided again (ADR 0002). Written after the report, a refused claim would leave the report recorded with
      // its keys unclaimed for good, since its retry finds it recorded. On PostgreSQL all are one transaction.
      const appends: StreamAppend[] = [
        // Event ids go on from the report's, so that a command run again writes the same events.
        ...joinEvents.map(({ joining, root, events: marking }) => ({
          streamName: reportStream(joining),
          expectedRevision: ExpectedRevision.after(root.revision),
          events: marking.map((event) => {
            const eventId = eventIdFor(context.commandId, events.length + joinedEvents++);
            return { type: event.type, data: event.data, metadata: stampAutomatic(event, eventId) };
          }),
        })),
        ...uniqueBy(unclaimed, (key) => key.keyId).map((key) => {
          const keyStreamName = keyStreams.get(key)!;
          // Absent (-1) for nearly every key; a released account key is claimed again after its release.
          const lastRevision = (streams.get(keyStreamName)?.length ?? 0) - 1;
          return this.claim(key, keyStreamName, lastRevision, reportId, rootReportId, stampAutomatic);
        }),
        reportAppend,
      ];
      try {
        const written = (await this.store.appendToStreams(appends)).at(-1)!;
        return { id: reportId, revision: written.nextExpectedRevision, created: true, position: written.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The intake match, and the other groups the report links to its own. Claims that name one root (or none, as
   * for most reports) decide it without a read; claims that name several are first followed to their groups'
   * current roots, since a claim names the root of its time.
   */
  private async intakeDecision(
    reportId: ReportId,
    matching: readonly IntakeKey[],
    claims: readonly (ReportKeyClaimed['data'] | undefined)[],
  ): Promise<IntakeDecision & { readonly roots: ReadonlyMap<ReportId, RootRead> }> {
    const claimed = claimedRoots(reportId, matching, claims);
    if (claimed.length <= 1) return { match: findIntakeMatch(reportId, matching, claims), joins: [], roots: new Map() };
    const byClaimedRoot = await this.currentRoots(claimed);
    const groupOf = (claimedRoot: ReportId) => byClaimedRoot.get(claimedRoot)!.group;
    const decision = decideIntakeGroups(reportId, matching, claims, groupOf);
    const roots = new Map([...byClaimedRoot.values()].map((root) => [root.group.rootReportId, root]));
    return { ...decision, roots };
  }

  /** Each claimed root's current root: the claimed roots in one read, then one more for each link onward. */
  private async currentRoots(claimed: readonly ReportId[]): Promise<Map<ReportId, RootRead>> {
    const streams = await readStreams(this.store, claimed.map(reportStream));
    const roots = new Map<ReportId, RootRead>();
    for (const claimedRoot of claimed) {
      let current = claimedRoot;
      for (let hops = 0; ; hops++) {
        const name = reportStream(current);
        const history = streams.get(name) ?? (await this.store.readStream(name));
        const state = reportOf(history);
        if (state.status !== 'None' && state.duplicateOf && hops < MAX_GROUP_HOPS) {
          current = state.duplicateOf.reportId;
          continue;
        }
        const group: IntakeGroup = {
          rootReportId: current,
          receivedAt: state.status === 'None' ? '' : state.facts.receivedAt,
          isOpen: state.status === 'Received' && state.duplicateOf === null,
        };
        roots.set(claimedRoot, { group, state, revision: history.length - 1 });
        break;
      }
    }
    return roots;
  }

  /**
   * Prepares a batch of RecordReports (inside a WriteBatch): reads their key and report streams in one go and
   * creates the subject keys that will seal their accounts, so that each then decides without a round trip.
   */
  async prepare(inputs: readonly RecordReportInput[]): Promise<void> {
    const streams = inputs.flatMap((input) => {
      try {
        return this.streamsRead({ input });
      } catch {
        return []; // execute() rejects the line with the same error
      }
    });
    const sealing = inputs.filter((input) => (input.accountRefs?.length ?? 0) > 0);
    await Promise.all([
      readStreams(this.store, streams),
      this.personalData.prepareKeys(sealing.map(({ reportId, memberState }) => ({ subjectId: reportId, memberState, kind: 'REPORT' }))),
    ]);
  }

  /** The streams a RecordReport reads first: its intake keys and its report. */
  streamsRead({ input }: Pick<RecordReportCommand, 'input'>): readonly string[] {
    return this.intakeOf(input).streamsRead;
  }

  /** Computed once per input: a batch asks for the streams before the command runs. */
  private intakeOf(input: RecordReportInput) {
    const known = this.intakes.get(input);
    if (known) return known;
    const intake = this.computeIntake(input);
    this.intakes.set(input, intake);
    return intake;
  }

  private computeIntake(input: RecordReportInput): Intake {
    const supplied = reportFactsFrom(input);
    // Accounts are matched on the registry's own keyed hash, and stored only sealed for the report.
    const facts = { ...supplied, accountRefs: supplied.accountRefs.map((ref) => this.pseudonyms.accountRef(input.memberState, ref)) };
    const reference = externalReferenceKey(input.memberState, facts);
    const matching = matchingKeys(input.memberState, facts);
    const keyStreams = new Map(
      [reference, ...matching].flatMap((key) => (key ? [[key, keyStream(key)] as const] : [])),
    );
    const ownStream = reportStream(input.reportId);
    const streamsRead = [...keyStreams.values(), ownStream];
    return { facts, reference, matching, keyStreams, reportStream: ownStream, streamsRead };
  }

  /**
   * The key's claim, at the revision read: "no stream" for a key never claimed, the release's revision for one
   * released (ADR 0005, the addendum on account keys), so two intakes claiming it at once still conflict.
   */
  private claim(
    key: IntakeKey,
    keyStreamName: string,
    lastRevision: number,
    reportId: ReportId,
    rootReportId: ReportId,
    stamp: ReturnType<typeof stampFor>,
  ): StreamAppend {
    const event: ReportKeyClaimed = { type: 'ReportKeyClaimed', data: { keyId: key.keyId, kind: key.kind, reportId, rootReportId } };
    return {
      streamName: keyStreamName,
      expectedRevision: ExpectedRevision.after(lastRevision),
      // Not `{ ...event, metadata }`: a spread that adds a property takes V8's slow path (0.5 µs a key claim).
      events: [{ type: event.type, data: event.data, metadata: stamp(event, eventIdFor(undefined, 0)) }],
    };
  }
}

const uniqueBy = <T>(items: readonly T[], keyOf: (item: T) => string): T[] => [
  ...new Map(items.map((item) => [keyOf(item), item])).values(),
];
