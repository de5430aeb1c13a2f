import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  statisticsDecider,
  type MemberState,
  type StatisticsCommand,
  type StatisticsEvent,
  type StatisticsGovernance,
} from '@registry/domain';
import { streamName, type EventStore } from '@registry/event-store';
import { currentMoment } from '@registry/projections';
import { DataSource } from 'typeorm';
import type { RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { assertMayActFor } from '../shared/member-state-scope';
import { writeToStream, type StreamSlice } from '../shared/stream-write';
import { EVENT_STORE } from '../shared/tokens';
import { toUtcIso } from '../shared/validators';
import type { WriteResult } from '../shared/write-result';
import { buildArt8Document } from './get-art8-document';
import type {
  DeclareDataNotAvailableInput,
  RecordMethodologyChangeInput,
  RecordPublishedNcmecFigureInput,
  SubmitArticle8ReportInput,
  TakeArticle8SnapshotInput,
  WithdrawDataNotAvailableInput,
} from './governance.inputs';

class StatisticsStreamNotFound extends DomainError {
  readonly code = 'STATISTICS.NOT_FOUND';
  readonly kind = 'NotFound' as const;
  constructor(memberState: string) {
    super(`No statistics were recorded for ${memberState}`, { memberState });
  }
}

export const statisticsStream = (memberState: string): string => streamName('statistics', memberState);

export const STATISTICS_SLICE: StreamSlice<StatisticsCommand, StatisticsEvent, StatisticsGovernance> = {
  decider: statisticsDecider,
  streamOf: statisticsStream,
  memberStateOf: (state) => (state.status === 'None' ? undefined : state.memberState),
  notFound: (memberState) => new StatisticsStreamNotFound(memberState),
};

/** One governance command for one member state's statistics stream. */
export class GovernStatisticsCommand extends Command<WriteResult> {
  constructor(
    readonly command: StatisticsCommand,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export const declareDataNotAvailable = (input: DeclareDataNotAvailableInput): StatisticsCommand => ({
  type: 'DeclareDataNotAvailable',
  data: { memberState: input.memberState, year: input.year, metric: input.metric, reason: input.reason, note: input.note ?? null },
});
export const withdrawDataNotAvailable = (input: WithdrawDataNotAvailableInput): StatisticsCommand => ({ type: 'WithdrawDataNotAvailable', data: { ...input } });
export const recordMethodologyChange = (input: RecordMethodologyChangeInput): StatisticsCommand => ({ type: 'RecordMethodologyChange', data: { ...input } });
export const recordPublishedNcmecFigure = (input: RecordPublishedNcmecFigureInput): StatisticsCommand => ({
  type: 'RecordPublishedNcmecFigure',
  data: { ...input },
});
export const submitArticle8Report = (memberState: MemberState, snapshotId: string, input: SubmitArticle8ReportInput): StatisticsCommand => ({
  type: 'SubmitArticle8Report',
  data: { snapshotId, memberState, submittedAt: toUtcIso(input.submittedAt), submittedTo: input.submittedTo },
});

@CommandHandler(GovernStatisticsCommand)
export class GovernStatisticsHandler implements ICommandHandler<GovernStatisticsCommand> {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
  ) {}

  execute({ command, context }: GovernStatisticsCommand): Promise<WriteResult> {
    const { memberState } = command.data;
    assertMayActFor(context.actor, memberState);
    return writeToStream(this, STATISTICS_SLICE, memberState, command, context, memberState);
  }
}

export class TakeArticle8SnapshotCommand extends Command<WriteResult & { readonly snapshotId: string }> {
  constructor(
    readonly input: TakeArticle8SnapshotInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Freezes the exact Art. 8 document as the statistics read model has it now, with the log position it
 * reflects, so the same figures can be reproduced `--as-of` that position and compared later.
 */
@CommandHandler(TakeArticle8SnapshotCommand)
export class TakeArticle8SnapshotHandler implements ICommandHandler<TakeArticle8SnapshotCommand> {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
    private readonly readModels: DataSource,
  ) {}

  async execute({ input, context }: TakeArticle8SnapshotCommand) {
    const { memberState, year } = input;
    assertMayActFor(context.actor, memberState);
    const document = await this.readModels.transaction('REPEATABLE READ', async (manager) =>
      buildArt8Document(manager, memberState, year, await currentMoment(manager), 'exact'),
    );
    const snapshotId = input.snapshotId ?? randomUUID();
    const command: StatisticsCommand = {
      type: 'TakeArticle8Snapshot',
      data: { snapshotId, memberState, year, asOfPosition: document.asOf.position, takenAt: this.clock.now().toISOString(), figures: document },
    };
    const result = await writeToStream(this, STATISTICS_SLICE, memberState, command, context, memberState);
    return { ...result, snapshotId };
  }
}

export const STATISTICS_COMMAND_HANDLERS = [GovernStatisticsHandler, TakeArticle8SnapshotHandler];
