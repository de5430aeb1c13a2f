import type { Command } from '@nestjs/cqrs';
import type { RequestContext } from '../shared/actor';
import type { WriteResult } from '../shared/write-result';
import { RecordReportCommand } from '../reports/record-report';
import { AssessReportCommand, CorrectReportCommand, MarkReportDuplicateCommand, WithdrawReportCommand } from '../reports/report-commands';
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
};
