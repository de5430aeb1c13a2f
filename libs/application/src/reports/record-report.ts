import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  externalReferenceKey,
  findIntakeMatch,
  fold,
  matchingKeys,
  REPORT_KEY_CATEGORY,
  reportDecider,
  type IntakeKey,
  type ReportEvent,
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
  type RecordedEvent,
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
import { reportStream } from './report-stream';

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

/**
 * Records a report, idempotently by (channel, external reference), and marks it a repeat report when intake
 * keys (reference, content hashes, accounts) were claimed by an earlier report. The report and the keys it
 * claims are appended in one transaction, so two concurrent intakes of the same key cannot both claim it:
 * the loser is re-decided and becomes the duplicate.
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
        key ? claimIn(streams.get(keyStreams.get(key)!)) : undefined,
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
      const state = fold(reportDecider, history.map((recorded) => ({ type: recorded.type, data: recorded.data }) as ReportEvent));
      const intakeMatch = findIntakeMatch(reportId, matching, matchingClaims);
      const accountRefs = await this.personalData.sealAll({ subjectId: reportId, memberState, kind: 'REPORT' }, facts.accountRefs);
      const events = reportDecider.decide({ type: 'RecordReport', data: { reportId, memberState, ...facts, accountRefs, intakeMatch } }, state);
      if (events.length === 0) return { id: reportId, revision: history.length - 1, created: false, position: history.at(-1)?.position };

      const now = this.clock.now();
      const stamp = stampFor(context, memberState, now);
      const stampAutomatic = stampFor({ ...context, actor: SYSTEM_ACTOR }, memberState, now);
      const rootReportId = intakeMatch?.duplicateOfReportId ?? reportId;
      const unclaimed = [reference, ...matching].filter(
        (key, index): key is IntakeKey => key !== null && (index === 0 ? !referenceClaim : !matchingClaims[index - 1]),
      );
      const appends: StreamAppend[] = [
        {
          streamName: reportStreamName,
          expectedRevision: ExpectedRevision.after(history.length - 1),
          events: events.map((event, index) => {
            const eventId = eventIdFor(context.commandId, index);
            const automatic = event.type === 'ReportMarkedDuplicate' && event.data.isAutomatic;
            return { type: event.type, data: event.data, metadata: (automatic ? stampAutomatic : stamp)(event, eventId) };
          }),
        },
        ...uniqueBy(unclaimed, (key) => key.keyId).map((key) =>
          this.claim(key, keyStreams.get(key)!, reportId, rootReportId, stampAutomatic),
        ),
      ];
      try {
        const [reportAppend] = await this.store.appendToStreams(appends);
        return { id: reportId, revision: reportAppend!.nextExpectedRevision, created: true, position: reportAppend!.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
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

  private claim(
    key: IntakeKey,
    keyStreamName: string,
    reportId: ReportId,
    rootReportId: ReportId,
    stamp: ReturnType<typeof stampFor>,
  ): StreamAppend {
    const event: ReportKeyClaimed = { type: 'ReportKeyClaimed', data: { keyId: key.keyId, kind: key.kind, reportId, rootReportId } };
    return {
      streamName: keyStreamName,
      expectedRevision: ExpectedRevision.noStream,
      // Not `{ ...event, metadata }`: a spread that adds a property takes V8's slow path (0.5 µs a key claim).
      events: [{ type: event.type, data: event.data, metadata: stamp(event, eventIdFor(undefined, 0)) }],
    };
  }
}

const claimIn = (keyStreamEvents: readonly RecordedEvent[] | undefined): ReportKeyClaimed['data'] | undefined =>
  keyStreamEvents?.[0]?.data as ReportKeyClaimed['data'] | undefined;

const uniqueBy = <T>(items: readonly T[], keyOf: (item: T) => string): T[] => [
  ...new Map(items.map((item) => [keyOf(item), item])).values(),
];
