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
import { ExpectedRevision, eventIdFor, streamName, WrongExpectedRevision, type EventStore, type StreamAppend } from '@registry/event-store';
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
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly pseudonyms: Pseudonyms,
    private readonly personalData: PersonalData,
  ) {}

  async execute({ input, context }: RecordReportCommand): Promise<WriteResult> {
    const { memberState } = input;
    assertMayActFor(context.actor, memberState);
    const supplied = reportFactsFrom(input);
    // Accounts are matched on the registry's own keyed hash, and stored only sealed for the report.
    const facts = { ...supplied, accountRefs: supplied.accountRefs.map((ref) => this.pseudonyms.accountRef(memberState, ref)) };
    const reference = externalReferenceKey(memberState, facts);
    const matching = matchingKeys(memberState, facts);
    for (let attempt = 1; ; attempt++) {
      const [referenceClaim, ...matchingClaims] = await Promise.all([reference, ...matching].map((key) => this.readClaim(key)));
      const reportId = (referenceClaim?.reportId ?? input.reportId) as ReportId;
      const history = await this.store.readStream(reportStream(reportId));
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
          streamName: reportStream(reportId),
          expectedRevision: ExpectedRevision.after(history.length - 1),
          events: events.map((event, index) => {
            const eventId = eventIdFor(context.commandId, index);
            const automatic = event.type === 'ReportMarkedDuplicate' && event.data.isAutomatic;
            return { type: event.type, data: event.data, metadata: (automatic ? stampAutomatic : stamp)(event, eventId) };
          }),
        },
        ...uniqueBy(unclaimed, (key) => key.keyId).map((key) => this.claim(key, reportId, rootReportId, stampAutomatic)),
      ];
      try {
        const [reportAppend] = await this.store.appendToStreams(appends);
        return { id: reportId, revision: reportAppend!.nextExpectedRevision, created: true, position: reportAppend!.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private async readClaim(key: IntakeKey | null): Promise<ReportKeyClaimed['data'] | undefined> {
    if (!key) return undefined;
    const [first] = await this.store.readStream(keyStream(key));
    return first?.data as ReportKeyClaimed['data'] | undefined;
  }

  private claim(key: IntakeKey, reportId: ReportId, rootReportId: ReportId, stamp: ReturnType<typeof stampFor>): StreamAppend {
    const event: ReportKeyClaimed = { type: 'ReportKeyClaimed', data: { keyId: key.keyId, kind: key.kind, reportId, rootReportId } };
    return {
      streamName: keyStream(key),
      expectedRevision: ExpectedRevision.noStream,
      events: [{ ...event, metadata: stamp(event, eventIdFor(undefined, 0)) }],
    };
  }
}

const uniqueBy = <T>(items: readonly T[], keyOf: (item: T) => string): T[] => [
  ...new Map(items.map((item) => [keyOf(item), item])).values(),
];
