import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  judgedInvestigationOf,
  judgmentDecider,
  JudgmentNotFound,
  type InvestigationId,
  type Judgment,
  type JudgmentCommand,
  type JudgmentEvent,
  type JudgmentId,
  type OffenceId,
  type PersonId,
} from '@registry/domain';
import { streamName, type EventStore } from '@registry/event-store';
import { Pseudonyms } from '../privacy/pseudonyms';
import type { RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { assertMayActFor } from '../shared/member-state-scope';
import { readVisibleState, writeToStream, type StreamSlice } from '../shared/stream-write';
import { EVENT_STORE } from '../shared/tokens';
import { toUtcIso } from '../shared/validators';
import type { WriteResult } from '../shared/write-result';
import { INVESTIGATION_SLICE } from '../investigations/investigation-stream';
import type { LodgeAppealInput, RecordAppealOutcomeInput, RecordFinalityInput, RecordJudgmentInput } from './judgment.inputs';

export const judgmentStream = (judgmentId: string): string => streamName('judgment', judgmentId);

export const JUDGMENT_SLICE: StreamSlice<JudgmentCommand, JudgmentEvent, Judgment> = {
  decider: judgmentDecider,
  streamOf: judgmentStream,
  memberStateOf: (state) => (state.status === 'None' ? undefined : state.recorded.memberState),
  notFound: (id) => new JudgmentNotFound(id),
};

export class RecordJudgmentCommand extends Command<WriteResult> {
  constructor(
    readonly input: RecordJudgmentInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
abstract class JudgmentCommandBase<Input> extends Command<WriteResult> {
  constructor(
    readonly judgmentId: string,
    readonly input: Input,
    readonly context: RequestContext,
  ) {
    super();
  }
}
export class LodgeAppealCommand extends JudgmentCommandBase<LodgeAppealInput> {}
export class RecordAppealOutcomeCommand extends JudgmentCommandBase<RecordAppealOutcomeInput> {}
export class RecordFinalityCommand extends JudgmentCommandBase<RecordFinalityInput> {}

abstract class JudgmentHandler {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
    readonly pseudonyms: Pseudonyms,
  ) {}
}

/** Cross-stream rules: suspects and offences are read from the investigation's own stream. */
@CommandHandler(RecordJudgmentCommand)
export class RecordJudgmentHandler extends JudgmentHandler implements ICommandHandler<RecordJudgmentCommand> {
  async execute({ input, context }: RecordJudgmentCommand) {
    assertMayActFor(context.actor, input.memberState);
    const investigation = await readVisibleState(this.store, INVESTIGATION_SLICE, input.investigationId, context);
    const data = {
      judgmentId: input.judgmentId as JudgmentId,
      memberState: input.memberState,
      investigationId: input.investigationId as InvestigationId,
      // The same keyed hash as the suspect's, so the judgment links to the person across investigations.
      personId: this.pseudonyms.personId(input.memberState, input.personId) as PersonId,
      court: input.court,
      decidedAt: toUtcIso(input.decidedAt),
      outcome: input.outcome,
      convictedOffenceIds: (input.convictedOffenceIds ?? []).map((id) => id as OffenceId),
      numberOfCounts: input.numberOfCounts ?? null,
      source: input.source,
      investigation: judgedInvestigationOf(investigation),
    };
    return writeToStream(this, JUDGMENT_SLICE, input.judgmentId, { type: 'RecordJudgment', data }, context, input.memberState);
  }
}

@CommandHandler(LodgeAppealCommand)
export class LodgeAppealHandler extends JudgmentHandler implements ICommandHandler<LodgeAppealCommand> {
  execute({ judgmentId, input, context }: LodgeAppealCommand) {
    const data = { judgmentId: judgmentId as JudgmentId, lodgedAt: toUtcIso(input.lodgedAt), by: input.by };
    return writeToStream(this, JUDGMENT_SLICE, judgmentId, { type: 'LodgeAppeal', data }, context);
  }
}

/** Cross-stream rule: a newly convicted offence must be one of the investigation's (read from its stream). */
@CommandHandler(RecordAppealOutcomeCommand)
export class RecordAppealOutcomeHandler extends JudgmentHandler implements ICommandHandler<RecordAppealOutcomeCommand> {
  async execute({ judgmentId, input, context }: RecordAppealOutcomeCommand) {
    const judgment = await readVisibleState(this.store, JUDGMENT_SLICE, judgmentId, context);
    const investigation =
      judgment.status === 'None' || input.convictedOffenceIds === undefined
        ? undefined
        : judgedInvestigationOf(await readVisibleState(this.store, INVESTIGATION_SLICE, judgment.recorded.investigationId, context));
    const data = {
      judgmentId: judgmentId as JudgmentId,
      newOutcome: input.newOutcome,
      decidedAt: toUtcIso(input.decidedAt),
      ...(input.convictedOffenceIds !== undefined && { convictedOffenceIds: input.convictedOffenceIds.map((id) => id as OffenceId) }),
      ...(investigation !== undefined && { investigation }),
    };
    return writeToStream(this, JUDGMENT_SLICE, judgmentId, { type: 'RecordAppealOutcome', data }, context);
  }
}

@CommandHandler(RecordFinalityCommand)
export class RecordFinalityHandler extends JudgmentHandler implements ICommandHandler<RecordFinalityCommand> {
  execute({ judgmentId, input, context }: RecordFinalityCommand) {
    const data = { judgmentId: judgmentId as JudgmentId, finalAt: toUtcIso(input.finalAt) };
    return writeToStream(this, JUDGMENT_SLICE, judgmentId, { type: 'RecordFinality', data }, context);
  }
}

export const JUDGMENT_COMMAND_HANDLERS = [RecordJudgmentHandler, LodgeAppealHandler, RecordAppealOutcomeHandler, RecordFinalityHandler];
