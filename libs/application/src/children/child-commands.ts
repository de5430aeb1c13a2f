import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  childDecider,
  childInvestigationOf,
  ChildNotFound,
  MEMBER_STATES,
  mergeTargetOf,
  type Child,
  type ChildCommand,
  type ChildEvent,
  type ChildFacts,
  type ChildId,
  type InvestigationId,
} from '@registry/domain';
import { streamName, type EventStore } from '@registry/event-store';
import { PersonalData } from '../privacy/personal-data';
import { Pseudonyms } from '../privacy/pseudonyms';
import type { RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { assertMayActFor } from '../shared/member-state-scope';
import { readVisibleState, writeToStream, type StreamSlice } from '../shared/stream-write';
import { EVENT_STORE } from '../shared/tokens';
import { toUtcIso } from '../shared/validators';
import type { WriteResult } from '../shared/write-result';
import { asReportIds, findReports, INVESTIGATION_SLICE } from '../investigations/investigation-stream';
import type { ChildChangesInput, CorrectChildRecordInput, IdentifyChildInput, MergeChildRecordsInput } from './child.inputs';

export const childStream = (childId: string): string => streamName('child', childId);

export const CHILD_SLICE: StreamSlice<ChildCommand, ChildEvent, Child> = {
  decider: childDecider,
  streamOf: childStream,
  memberStateOf: (state) => (state.status === 'None' ? undefined : state.memberState),
  notFound: (id) => new ChildNotFound(id),
};

export class IdentifyChildCommand extends Command<WriteResult> {
  constructor(
    readonly input: IdentifyChildInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
export class CorrectChildRecordCommand extends Command<WriteResult> {
  constructor(
    readonly childId: string,
    readonly input: CorrectChildRecordInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}
/** Recorded on the duplicate's record: `duplicateChildId` is the same child as `input.childId`. */
export class MergeChildRecordsCommand extends Command<WriteResult> {
  constructor(
    readonly duplicateChildId: string,
    readonly input: MergeChildRecordsInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

abstract class ChildHandler {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
    readonly pseudonyms: Pseudonyms,
    readonly personalData: PersonalData,
  ) {}

  /**
   * The registry's id of a child record, given either that id (what the API answered: a version-8 uuid) or
   * the authority's own child id (what its import files carry). An authority id is pseudonymised for each
   * member state the actor serves; the record that exists is the one meant. Unknown ids stay as given, so
   * the command answers "not found".
   */
  protected async registryChildId(id: string, context: RequestContext): Promise<string> {
    if (isPseudonym(id)) return id;
    const memberStates = context.actor.memberStates === 'all' ? MEMBER_STATES : context.actor.memberStates;
    for (const memberState of memberStates) {
      const candidate = this.pseudonyms.childId(memberState, id);
      if ((await readVisibleState(this.store, CHILD_SLICE, candidate, context)).status !== 'None') return candidate;
    }
    return id;
  }
}

/** Pseudonyms are RFC 9562 version 8 uuids (see Pseudonyms); authorities' ids are of other versions. */
const isPseudonym = (id: string): boolean => id[14] === '8';

/**
 * Cross-stream rules: the investigation and the linked reports are read from their own streams. The record's
 * id is the keyed hash of the authority's child id (the registry keeps only that): the answer carries it.
 */
@CommandHandler(IdentifyChildCommand)
export class IdentifyChildHandler extends ChildHandler implements ICommandHandler<IdentifyChildCommand> {
  async execute({ input, context }: IdentifyChildCommand) {
    assertMayActFor(context.actor, input.memberState);
    const childId = this.pseudonyms.childId(input.memberState, input.childId);
    const linkedReportIds = asReportIds(input.linkedReportIds);
    const investigation = await readVisibleState(this.store, INVESTIGATION_SLICE, input.investigationId, context);
    const data = {
      childId: childId as ChildId,
      memberState: input.memberState,
      investigationId: input.investigationId as InvestigationId,
      identifiedAt: toUtcIso(input.identifiedAt),
      sex: input.sex,
      identificationRoute: input.identificationRoute,
      linkedReportIds,
      identifyingBody: input.identifyingBody,
      residence: input.residence ?? null,
      ageBand: input.ageBand,
      investigation: childInvestigationOf(investigation),
      reports: await findReports(this, linkedReportIds, context),
    };
    return writeToStream(this, CHILD_SLICE, childId, { type: 'IdentifyChild', data }, context, input.memberState);
  }
}

@CommandHandler(CorrectChildRecordCommand)
export class CorrectChildRecordHandler extends ChildHandler implements ICommandHandler<CorrectChildRecordCommand> {
  async execute({ childId: givenId, input, context }: CorrectChildRecordCommand) {
    const childId = await this.registryChildId(givenId, context);
    const changes = childChangesFrom(input.changes);
    const child = await readVisibleState(this.store, CHILD_SLICE, childId, context);
    if (child.status === 'None') throw new ChildNotFound(childId);
    const data = {
      childId: childId as ChildId,
      changes,
      reason: await this.personalData.seal({ subjectId: childId, memberState: child.memberState, kind: 'CHILD' }, input.reason),
      reports: await findReports(this, changes.linkedReportIds ?? [], context),
    };
    return writeToStream(this, CHILD_SLICE, childId, { type: 'CorrectChildRecord', data }, context);
  }
}

/** Cross-stream rule: the record kept is read from its own stream. */
@CommandHandler(MergeChildRecordsCommand)
export class MergeChildRecordsHandler extends ChildHandler implements ICommandHandler<MergeChildRecordsCommand> {
  async execute({ duplicateChildId: givenDuplicateId, input, context }: MergeChildRecordsCommand) {
    const duplicateChildId = await this.registryChildId(givenDuplicateId, context);
    const keptChildId = await this.registryChildId(input.childId, context);
    const target = await readVisibleState(this.store, CHILD_SLICE, keptChildId, context);
    const data = { duplicateChildId: duplicateChildId as ChildId, childId: keptChildId as ChildId, target: mergeTargetOf(target) };
    return writeToStream(this, CHILD_SLICE, duplicateChildId, { type: 'MergeChildRecords', data }, context);
  }
}

const childChangesFrom = (input: ChildChangesInput): Partial<ChildFacts> => {
  const { identifiedAt, linkedReportIds, ...rest } = input;
  return {
    ...rest,
    ...(identifiedAt !== undefined && { identifiedAt: toUtcIso(identifiedAt) }),
    ...(linkedReportIds !== undefined && { linkedReportIds: asReportIds(linkedReportIds) }),
  };
};

export const CHILD_COMMAND_HANDLERS = [IdentifyChildHandler, CorrectChildRecordHandler, MergeChildRecordsHandler];
