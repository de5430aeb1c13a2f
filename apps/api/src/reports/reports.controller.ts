import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssessReportCommand,
  AssessReportInput,
  CorrectReportCommand,
  CorrectReportInput,
  GetReportQuery,
  MarkReportDuplicateCommand,
  MarkReportDuplicateInput,
  RecordReportCommand,
  RecordReportInput,
  WithdrawReportCommand,
  WithdrawReportInput,
  type RequestContext,
} from '@registry/application';
import type { HttpReply } from '../http/http-platform';
import { UuidParam } from '../http/input.pipe';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { readOfRecord } from '../http/access-subjects';
import { Context, etagOf } from '../http/request-context';
import { sendWriteResult } from '../http/write-response';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('record-write')
  @ApiOperation({ summary: 'Record a report (idempotent by source channel + external reference)' })
  async record(@Body() input: RecordReportInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new RecordReportCommand(input, context)));
  }

  @Post(':id/assessments')
  @Policy('record-write')
  @ApiOperation({ summary: 'Assess whether the report is actionable (the latest assessment counts)' })
  async assess(
    @Param('id', UuidParam) id: string,
    @Body() input: AssessReportInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new AssessReportCommand(id, input, context)));
  }

  @Post(':id/duplicate-of')
  @Policy('record-write')
  @ApiOperation({ summary: 'Mark the report a duplicate of another (joins the root of its group)' })
  async markDuplicate(
    @Param('id', UuidParam) id: string,
    @Body() input: MarkReportDuplicateInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new MarkReportDuplicateCommand(id, input, context)));
  }

  @Post(':id/corrections')
  @Policy('record-write')
  @ApiOperation({ summary: 'Correct recorded facts, with a reason' })
  async correct(
    @Param('id', UuidParam) id: string,
    @Body() input: CorrectReportInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new CorrectReportCommand(id, input, context)));
  }

  @Post(':id/withdrawal')
  @Policy('record-write')
  @ApiOperation({ summary: 'Withdraw a report entered in error (kept in history, excluded from counts)' })
  async withdraw(
    @Param('id', UuidParam) id: string,
    @Body() input: WithdrawReportInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new WithdrawReportCommand(id, input, context)));
  }

  @Get(':id')
  @Policy('record-read')
  @AccessLogged(readOfRecord('REPORT'))
  @ApiOperation({ summary: 'A report with its assessment and duplicate link (read model: may lag a write briefly)' })
  async get(@Param('id', UuidParam) id: string, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    const report = await this.queries.execute(new GetReportQuery(id, context.actor));
    response.header('ETag', etagOf(report.revision));
    return report;
  }
}
