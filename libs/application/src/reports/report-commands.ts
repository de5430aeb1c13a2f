import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ReportNotFound, type ReportId } from '@registry/domain';
import type { EventStore } from '@registry/event-store';
import { PersonalData } from '../privacy/personal-data';
import type { RequestContext } from '../shared/actor';
import { Clock } from '../shared/clock';
import { EVENT_STORE } from '../shared/tokens';
import type { WriteResult } from '../shared/write-result';
import { reportChangesFrom } from './report-facts.mapping';
import type { AssessReportInput, CorrectReportInput, MarkReportDuplicateInput, WithdrawReportInput } from './report.inputs';
import { handleReportCommand, readReport } from './report-stream';
import { toUtcIso } from '../shared/validators';

/** A command on an existing report: the report's id, what the recorder said, and who said it. */
abstract class ReportCommandBase<Input> extends Command<WriteResult> {
  constructor(
    readonly reportId: string,
    readonly input: Input,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class AssessReportCommand extends ReportCommandBase<AssessReportInput> {}
export class MarkReportDuplicateCommand extends ReportCommandBase<MarkReportDuplicateInput> {}
export class CorrectReportCommand extends ReportCommandBase<CorrectReportInput> {}
export class WithdrawReportCommand extends ReportCommandBase<WithdrawReportInput> {}

abstract class ReportCommandHandler {
  constructor(
    @Inject(EVENT_STORE) readonly store: EventStore,
    readonly clock: Clock,
    readonly personalData: PersonalData,
  ) {}

  /** A free-text reason is personal data of the report: sealed for it (another member state's report: not found). */
  protected async sealReason(reportId: string, reason: string, context: RequestContext): Promise<string> {
    const report = await readReport(this, reportId, context);
    if (report.status === 'None') throw new ReportNotFound(reportId);
    return this.personalData.seal({ subjectId: reportId, memberState: report.memberState, kind: 'REPORT' }, reason);
  }
}

@CommandHandler(AssessReportCommand)
export class AssessReportHandler extends ReportCommandHandler implements ICommandHandler<AssessReportCommand> {
  execute({ reportId, input, context }: AssessReportCommand) {
    const data = { reportId: reportId as ReportId, actionable: input.actionable, reasonIfNot: input.reasonIfNot ?? null, assessedAt: toUtcIso(input.assessedAt) };
    return handleReportCommand(this, { type: 'AssessReport', data }, context);
  }
}

/**
 * Cross-stream rule: the target is read from its own stream (not a read model), so the check sees every
 * write acknowledged before it, including one made a millisecond earlier.
 */
@CommandHandler(MarkReportDuplicateCommand)
export class MarkReportDuplicateHandler extends ReportCommandHandler implements ICommandHandler<MarkReportDuplicateCommand> {
  async execute({ reportId, input, context }: MarkReportDuplicateCommand) {
    const duplicateOfReportId = input.duplicateOfReportId as ReportId;
    const target = await readReport(this, duplicateOfReportId, context);
    const visibleTarget =
      target.status === 'None'
        ? null
        : {
            memberState: target.memberState,
            rootReportId: await this.currentRoot(duplicateOfReportId, reportId as ReportId, context),
            isWithdrawn: target.status === 'Withdrawn',
          };
    const data = { reportId: reportId as ReportId, duplicateOfReportId, basis: input.basis ?? 'MANUAL', target: visibleTarget };
    return handleReportCommand(this, { type: 'MarkReportDuplicate', data }, context);
  }

  /**
   * The root of the target's group as it is now: a report's duplicateOf names the root at the time it was
   * marked, and that root may since have joined another group, so the links are followed to the end. Reaching
   * the report being marked means the marking would close a cycle; decide refuses that.
   */
  private async currentRoot(targetId: ReportId, markedId: ReportId, context: RequestContext): Promise<ReportId> {
    let current = targetId;
    for (let hops = 0; hops < MAX_GROUP_HOPS; hops++) {
      if (current === markedId) return current;
      const report = await readReport(this, current, context);
      if (report.status === 'None' || report.duplicateOf === null) return current;
      current = report.duplicateOf.reportId;
    }
    return current;
  }
}

/** Groups re-rooted this many times in a row are not plausible; the walk stops rather than loop. */
export const MAX_GROUP_HOPS = 100;

@CommandHandler(CorrectReportCommand)
export class CorrectReportHandler extends ReportCommandHandler implements ICommandHandler<CorrectReportCommand> {
  async execute({ reportId, input, context }: CorrectReportCommand) {
    const reason = await this.sealReason(reportId, input.reason, context);
    const data = { reportId: reportId as ReportId, changes: reportChangesFrom(input.changes), reason };
    return handleReportCommand(this, { type: 'CorrectReport', data }, context);
  }
}

@CommandHandler(WithdrawReportCommand)
export class WithdrawReportHandler extends ReportCommandHandler implements ICommandHandler<WithdrawReportCommand> {
  async execute({ reportId, input, context }: WithdrawReportCommand) {
    const reason = await this.sealReason(reportId, input.reason, context);
    return handleReportCommand(this, { type: 'WithdrawReport', data: { reportId: reportId as ReportId, reason } }, context);
  }
}

export const REPORT_COMMAND_HANDLERS = [AssessReportHandler, MarkReportDuplicateHandler, CorrectReportHandler, WithdrawReportHandler];
