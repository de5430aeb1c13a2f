import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvestigationNotFound, type InvestigationId, type MemberState, type OffenceId, type PersonId, type ReportId } from '@registry/domain';
import type { EventStore } from '@registry/event-store';
import { PersonalData } from '../privacy/personal-data';
import { Pseudonyms } from '../privacy/pseudonyms';
import type { RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { assertMayActFor } from '../shared/member-state-scope';
import { readVisibleState, writeToStream } from '../shared/stream-write';
import { EVENT_STORE } from '../shared/tokens';
import { toUtcIso } from '../shared/validators';
import type { WriteResult } from '../shared/write-result';
import { asReportIds, findReports, INVESTIGATION_SLICE } from './investigation-stream';
import type {
  ClassifyOffenceInput,
  CloseInvestigationInput,
  FileChargeInput,
  IdentifySuspectInput,
  LinkReportInput,
  OpenInvestigationInput,
} from './investigation.inputs';

export class OpenInvestigationCommand extends Command<WriteResult> {
  constructor(
    readonly input: OpenInvestigationInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** A command on an existing investigation: its id, what the recorder said, and who said it. */
abstract class InvestigationCommandBase<Input> extends Command<WriteResult> {
  constructor(
    readonly investigationId: string,
    readonly input: Input,
    readonly context: RequestContext,
  ) {
    super();
  }
}
export class LinkReportToInvestigationCommand extends InvestigationCommandBase<LinkReportInput> {}
export class ClassifyOffenceCommand extends InvestigationCommandBase<ClassifyOffenceInput> {}
export class IdentifySuspectCommand extends InvestigationCommandBase<IdentifySuspectInput> {}
export class FileChargeCommand extends InvestigationCommandBase<FileChargeInput> {}
export class CloseInvestigationCommand extends InvestigationCommandBase<CloseInvestigationInput> {}

abstract class InvestigationHandler {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
    readonly pseudonyms: Pseudonyms,
    readonly personalData: PersonalData,
  ) {}

  /** The investigation's member state, whose key pseudonymises its persons (another member state's: not found). */
  protected async memberStateOf(investigationId: string, context: RequestContext): Promise<MemberState> {
    const investigation = await readVisibleState(this.store, INVESTIGATION_SLICE, investigationId, context);
    if (investigation.status === 'None') throw new InvestigationNotFound(investigationId);
    return investigation.memberState;
  }
}

/** Cross-stream rule: the linked reports are read from their own streams (findReports). */
@CommandHandler(OpenInvestigationCommand)
export class OpenInvestigationHandler extends InvestigationHandler implements ICommandHandler<OpenInvestigationCommand> {
  async execute({ input, context }: OpenInvestigationCommand) {
    assertMayActFor(context.actor, input.memberState);
    const reportIds = asReportIds(input.reportIds);
    const data = {
      investigationId: input.investigationId as InvestigationId,
      memberState: input.memberState,
      openedAt: toUtcIso(input.openedAt),
      reportIds,
      trigger: input.trigger,
      reports: await findReports(this, reportIds, context),
    };
    return writeToStream(this, INVESTIGATION_SLICE, input.investigationId, { type: 'OpenInvestigation', data }, context, input.memberState);
  }
}

/** Cross-stream rule: the report is read from its own stream. */
@CommandHandler(LinkReportToInvestigationCommand)
export class LinkReportToInvestigationHandler extends InvestigationHandler implements ICommandHandler<LinkReportToInvestigationCommand> {
  async execute({ investigationId, input, context }: LinkReportToInvestigationCommand) {
    const [report] = await findReports(this, [input.reportId], context);
    const data = { investigationId: investigationId as InvestigationId, reportId: input.reportId as ReportId, report: report ?? null };
    return writeToStream(this, INVESTIGATION_SLICE, investigationId, { type: 'LinkReportToInvestigation', data }, context);
  }
}

@CommandHandler(ClassifyOffenceCommand)
export class ClassifyOffenceHandler extends InvestigationHandler implements ICommandHandler<ClassifyOffenceCommand> {
  execute({ investigationId, input, context }: ClassifyOffenceCommand) {
    const data = {
      investigationId: investigationId as InvestigationId,
      offenceId: input.offenceId as OffenceId,
      nationalProvision: input.nationalProvision,
      category: input.category,
      onlineNexus: input.onlineNexus,
      offenceDate: toUtcIso(input.offenceDate),
    };
    return writeToStream(this, INVESTIGATION_SLICE, investigationId, { type: 'ClassifyOffence', data }, context);
  }
}

/**
 * The person id is stored as the member state's keyed hash of the authority's; notes sealed for that person. Equal
 * notes seal to equal strings while the person's key exists: the decider recognises a repeat of them by that.
 */
@CommandHandler(IdentifySuspectCommand)
export class IdentifySuspectHandler extends InvestigationHandler implements ICommandHandler<IdentifySuspectCommand> {
  async execute({ investigationId, input, context }: IdentifySuspectCommand) {
    const memberState = await this.memberStateOf(investigationId, context);
    const personId = this.pseudonyms.personId(memberState, input.personId);
    const data = {
      investigationId: investigationId as InvestigationId,
      personId: personId as PersonId,
      linkedReportIds: asReportIds(input.linkedReportIds),
      notes: input.notes ? await this.personalData.seal({ subjectId: personId, memberState, kind: 'PERSON' }, input.notes) : null,
    };
    return writeToStream(this, INVESTIGATION_SLICE, investigationId, { type: 'IdentifySuspect', data }, context);
  }
}

@CommandHandler(FileChargeCommand)
export class FileChargeHandler extends InvestigationHandler implements ICommandHandler<FileChargeCommand> {
  async execute({ investigationId, input, context }: FileChargeCommand) {
    const memberState = await this.memberStateOf(investigationId, context);
    const data = {
      investigationId: investigationId as InvestigationId,
      personId: this.pseudonyms.personId(memberState, input.personId) as PersonId,
      offenceIds: input.offenceIds.map((id) => id as OffenceId),
      filedAt: toUtcIso(input.filedAt),
    };
    return writeToStream(this, INVESTIGATION_SLICE, investigationId, { type: 'FileCharge', data }, context);
  }
}

@CommandHandler(CloseInvestigationCommand)
export class CloseInvestigationHandler extends InvestigationHandler implements ICommandHandler<CloseInvestigationCommand> {
  execute({ investigationId, input, context }: CloseInvestigationCommand) {
    const data = { investigationId: investigationId as InvestigationId, outcome: input.outcome, closedAt: toUtcIso(input.closedAt) };
    return writeToStream(this, INVESTIGATION_SLICE, investigationId, { type: 'CloseInvestigation', data }, context);
  }
}

export const INVESTIGATION_COMMAND_HANDLERS = [
  OpenInvestigationHandler,
  LinkReportToInvestigationHandler,
  ClassifyOffenceHandler,
  IdentifySuspectHandler,
  FileChargeHandler,
  CloseInvestigationHandler,
];
