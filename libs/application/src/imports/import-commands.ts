import type { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../shared/actor';
import type { WriteResult } from '../shared/write-result';
import { RecordReportCommand } from '../reports/record-report';
import { AssessReportCommand, CorrectReportCommand, MarkReportDuplicateCommand, WithdrawReportCommand } from '../reports/report-commands';
import {
  CorrectChildRecordCommand,
  IdentifyChildCommand,
  MergeChildRecordsCommand,
} from '../children/child-commands';
import { CorrectChildRecordLine, IdentifyChildInput, MergeChildRecordsLine } from '../children/child.inputs';
import {
  ClassifyOffenceCommand,
  CloseInvestigationCommand,
  FileChargeCommand,
  IdentifySuspectCommand,
  LinkReportToInvestigationCommand,
  OpenInvestigationCommand,
} from '../investigations/investigation-commands';
import {
  ClassifyOffenceLine,
  CloseInvestigationLine,
  FileChargeLine,
  IdentifySuspectLine,
  LinkReportLine,
  OpenInvestigationInput,
} from '../investigations/investigation.inputs';
import {
  declareDataNotAvailable,
  GovernStatisticsCommand,
  recordMethodologyChange,
  recordPublishedNcmecFigure,
  submitArticle8Report,
  withdrawDataNotAvailable,
} from '../statistics/governance-commands';
import {
  DeclareDataNotAvailableInput,
  RecordMethodologyChangeInput,
  RecordPublishedNcmecFigureInput,
  SubmitArticle8ReportLine,
  WithdrawDataNotAvailableInput,
} from '../statistics/governance.inputs';
import { LodgeAppealCommand, RecordAppealOutcomeCommand, RecordFinalityCommand, RecordJudgmentCommand } from '../judgments/judgment-commands';
import { LodgeAppealLine, RecordAppealOutcomeLine, RecordFinalityLine, RecordJudgmentInput } from '../judgments/judgment.inputs';
import {
  AssessReportLine,
  CorrectReportLine,
  MarkReportDuplicateLine,
  RecordReportInput,
  WithdrawReportLine,
} from '../reports/report.inputs';

/** How one NDJSON command type is validated and turned into an application command. */
export interface ImportableCommand<Input extends object = object> {
  readonly input: new () => Input;
  /** The data field holding the id a line of this type creates (so later lines can depend on it). */
  readonly creates?: string;
  /** Ids of records this line refers to: a line that refers to a rejected line's record is rejected too. */
  readonly refersTo: (input: Input) => string[];
  readonly toCommand: (input: Input, context: RequestContext) => Command<WriteResult>;
}

const importable = <Input extends object>(definition: ImportableCommand<Input>) => definition as unknown as ImportableCommand;

/** The command names of domain.md that `registry import` and `POST /imports` accept. */
export const IMPORTABLE_COMMANDS: Readonly<Record<string, ImportableCommand>> = {
  RecordReport: importable({
    input: RecordReportInput,
    creates: 'reportId',
    refersTo: () => [],
    toCommand: (input, context) => new RecordReportCommand(input, context),
  }),
  AssessReport: importable({
    input: AssessReportLine,
    refersTo: (input) => [input.reportId],
    toCommand: ({ reportId, ...input }, context) => new AssessReportCommand(reportId, input, context),
  }),
  MarkReportDuplicate: importable({
    input: MarkReportDuplicateLine,
    refersTo: (input) => [input.reportId, input.duplicateOfReportId],
    toCommand: ({ reportId, ...input }, context) => new MarkReportDuplicateCommand(reportId, input, context),
  }),
  CorrectReport: importable({
    input: CorrectReportLine,
    refersTo: (input) => [input.reportId],
    toCommand: ({ reportId, ...input }, context) => new CorrectReportCommand(reportId, input, context),
  }),
  WithdrawReport: importable({
    input: WithdrawReportLine,
    refersTo: (input) => [input.reportId],
    toCommand: ({ reportId, ...input }, context) => new WithdrawReportCommand(reportId, input, context),
  }),
  OpenInvestigation: importable({
    input: OpenInvestigationInput,
    creates: 'investigationId',
    refersTo: (input) => input.reportIds ?? [],
    toCommand: (input, context) => new OpenInvestigationCommand(input, context),
  }),
  LinkReportToInvestigation: importable({
    input: LinkReportLine,
    refersTo: (input) => [input.investigationId, input.reportId],
    toCommand: ({ investigationId, ...input }, context) => new LinkReportToInvestigationCommand(investigationId, input, context),
  }),
  ClassifyOffence: importable({
    input: ClassifyOffenceLine,
    refersTo: (input) => [input.investigationId],
    toCommand: ({ investigationId, ...input }, context) => new ClassifyOffenceCommand(investigationId, input, context),
  }),
  IdentifySuspect: importable({
    input: IdentifySuspectLine,
    refersTo: (input) => [input.investigationId, ...(input.linkedReportIds ?? [])],
    toCommand: ({ investigationId, ...input }, context) => new IdentifySuspectCommand(investigationId, input, context),
  }),
  FileCharge: importable({
    input: FileChargeLine,
    refersTo: (input) => [input.investigationId],
    toCommand: ({ investigationId, ...input }, context) => new FileChargeCommand(investigationId, input, context),
  }),
  CloseInvestigation: importable({
    input: CloseInvestigationLine,
    refersTo: (input) => [input.investigationId],
    toCommand: ({ investigationId, ...input }, context) => new CloseInvestigationCommand(investigationId, input, context),
  }),
  IdentifyChild: importable({
    input: IdentifyChildInput,
    creates: 'childId',
    refersTo: (input) => [input.investigationId, ...(input.linkedReportIds ?? [])],
    toCommand: (input, context) => new IdentifyChildCommand(input, context),
  }),
  CorrectChildRecord: importable({
    input: CorrectChildRecordLine,
    refersTo: (input) => [input.childId, ...(input.changes.linkedReportIds ?? [])],
    toCommand: ({ childId, ...input }, context) => new CorrectChildRecordCommand(childId, input, context),
  }),
  MergeChildRecords: importable({
    input: MergeChildRecordsLine,
    refersTo: (input) => [input.duplicateChildId, input.childId],
    toCommand: ({ duplicateChildId, ...input }, context) => new MergeChildRecordsCommand(duplicateChildId, input, context),
  }),
  RecordJudgment: importable({
    input: RecordJudgmentInput,
    creates: 'judgmentId',
    refersTo: (input) => [input.investigationId],
    toCommand: (input, context) => new RecordJudgmentCommand(input, context),
  }),
  LodgeAppeal: importable({
    input: LodgeAppealLine,
    refersTo: (input) => [input.judgmentId],
    toCommand: ({ judgmentId, ...input }, context) => new LodgeAppealCommand(judgmentId, input, context),
  }),
  RecordAppealOutcome: importable({
    input: RecordAppealOutcomeLine,
    refersTo: (input) => [input.judgmentId],
    toCommand: ({ judgmentId, ...input }, context) => new RecordAppealOutcomeCommand(judgmentId, input, context),
  }),
  RecordFinality: importable({
    input: RecordFinalityLine,
    refersTo: (input) => [input.judgmentId],
    toCommand: ({ judgmentId, ...input }, context) => new RecordFinalityCommand(judgmentId, input, context),
  }),
  DeclareDataNotAvailable: importable({
    input: DeclareDataNotAvailableInput,
    refersTo: () => [],
    toCommand: (input, context) => new GovernStatisticsCommand(declareDataNotAvailable(input), context),
  }),
  WithdrawDataNotAvailable: importable({
    input: WithdrawDataNotAvailableInput,
    refersTo: () => [],
    toCommand: (input, context) => new GovernStatisticsCommand(withdrawDataNotAvailable(input), context),
  }),
  RecordMethodologyChange: importable({
    input: RecordMethodologyChangeInput,
    refersTo: () => [],
    toCommand: (input, context) => new GovernStatisticsCommand(recordMethodologyChange(input), context),
  }),
  RecordPublishedNcmecFigure: importable({
    input: RecordPublishedNcmecFigureInput,
    refersTo: () => [],
    toCommand: (input, context) => new GovernStatisticsCommand(recordPublishedNcmecFigure(input), context),
  }),
  SubmitArticle8Report: importable({
    input: SubmitArticle8ReportLine,
    refersTo: () => [],
    toCommand: ({ memberState, snapshotId, ...input }, context) => new GovernStatisticsCommand(submitArticle8Report(memberState, snapshotId, input), context),
  }),
};
