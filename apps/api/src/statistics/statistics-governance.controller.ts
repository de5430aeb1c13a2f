import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  declareDataNotAvailable,
  DeclareDataNotAvailableInput,
  GovernStatisticsCommand,
  recordMethodologyChange,
  RecordMethodologyChangeInput,
  recordPublishedNcmecFigure,
  RecordPublishedNcmecFigureInput,
  submitArticle8Report,
  SubmitArticle8ReportInput,
  TakeArticle8SnapshotCommand,
  TakeArticle8SnapshotInput,
  withdrawDataNotAvailable,
  WithdrawDataNotAvailableInput,
  type RequestContext,
} from '@registry/application';
import type { MemberState } from '@registry/domain';
import type { HttpReply } from '../http/http-platform';
import { Policy } from '../http/access-policy.decorator';
import { MemberStateParam, UuidParam } from '../http/input.pipe';
import { Context } from '../http/request-context';
import { sendWriteResult } from '../http/write-response';

/** Statistics governance: what a member state declares about its figures, and its Art. 8 submissions. */
@ApiTags('statistics')
@Controller('statistics')
export class StatisticsGovernanceController {
  constructor(private readonly commands: CommandBus) {}

  @Post('not-available')
  @Policy('statistics-governance')
  @ApiOperation({ summary: 'Declare a figure not available for a year, with the reason ("no data" is never a zero)' })
  async declare(@Body() input: DeclareDataNotAvailableInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new GovernStatisticsCommand(declareDataNotAvailable(input), context)));
  }

  @Post('not-available/withdrawals')
  @Policy('statistics-governance')
  @ApiOperation({ summary: 'Withdraw a declaration of not available: the figure is computed again' })
  async withdraw(@Body() input: WithdrawDataNotAvailableInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new GovernStatisticsCommand(withdrawDataNotAvailable(input), context)));
  }

  @Post('methodology-changes')
  @Policy('statistics-governance')
  @ApiOperation({ summary: 'Record a change of counting method from a date on (a break in series)' })
  async methodologyChange(@Body() input: RecordMethodologyChangeInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new GovernStatisticsCommand(recordMethodologyChange(input), context)));
  }

  @Post('ncmec-figures')
  @Policy('statistics-governance')
  @ApiOperation({ summary: "Record NCMEC's published per-country figure for a year (for reconciliation)" })
  async ncmecFigure(@Body() input: RecordPublishedNcmecFigureInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new GovernStatisticsCommand(recordPublishedNcmecFigure(input), context)));
  }

  @Post('snapshots')
  @Policy('statistics-governance')
  @ApiOperation({ summary: 'Freeze the exact Art. 8 document as it stands now, for submission' })
  async snapshot(@Body() input: TakeArticle8SnapshotInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new TakeArticle8SnapshotCommand(input, context)));
  }

  @Post('snapshots/:ms/:id/submission')
  @Policy('statistics-governance')
  @ApiOperation({ summary: 'Record that a snapshot was submitted (e.g. to the Commission)' })
  async submit(
    @Param('ms', MemberStateParam) ms: MemberState,
    @Param('id', UuidParam) id: string,
    @Body() input: SubmitArticle8ReportInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new GovernStatisticsCommand(submitArticle8Report(ms, id, input), context)));
  }
}
