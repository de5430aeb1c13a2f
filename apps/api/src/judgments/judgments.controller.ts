import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GetJudgmentQuery,
  LodgeAppealCommand,
  LodgeAppealInput,
  RecordAppealOutcomeCommand,
  RecordAppealOutcomeInput,
  RecordFinalityCommand,
  RecordFinalityInput,
  RecordJudgmentCommand,
  RecordJudgmentInput,
  type RequestContext,
} from '@registry/application';
import type { HttpReply } from '../http/http-platform';
import { UuidParam } from '../http/input.pipe';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { readOfRecord } from '../http/access-subjects';
import { Context, etagOf } from '../http/request-context';
import { sendWriteResult } from '../http/write-response';

@ApiTags('judgments')
@Controller('judgments')
export class JudgmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('record-write')
  @ApiOperation({ summary: 'Record a first-instance judgment on one suspect of an investigation' })
  async record(@Body() input: RecordJudgmentInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new RecordJudgmentCommand(input, context)));
  }

  @Post(':id/appeals')
  @Policy('record-write')
  @ApiOperation({ summary: 'Lodge an appeal against the judgment' })
  async lodgeAppeal(
    @Param('id', UuidParam) id: string,
    @Body() input: LodgeAppealInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new LodgeAppealCommand(id, input, context)));
  }

  @Post(':id/appeal-outcome')
  @Policy('record-write')
  @ApiOperation({ summary: 'Record the outcome of the pending appeal (an acquittal removes the conviction)' })
  async recordAppealOutcome(
    @Param('id', UuidParam) id: string,
    @Body() input: RecordAppealOutcomeInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new RecordAppealOutcomeCommand(id, input, context)));
  }

  @Post(':id/finality')
  @Policy('record-write')
  @ApiOperation({ summary: 'Record that the judgment became final' })
  async recordFinality(
    @Param('id', UuidParam) id: string,
    @Body() input: RecordFinalityInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new RecordFinalityCommand(id, input, context)));
  }

  @Get(':id')
  @Policy('record-read')
  @AccessLogged(readOfRecord('JUDGMENT'))
  @ApiOperation({ summary: 'A judgment with its appeals, finality and the reports behind it' })
  async get(@Param('id', UuidParam) id: string, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    const judgment = await this.queries.execute(new GetJudgmentQuery(id, context.actor));
    response.header('ETag', etagOf(judgment.revision));
    return judgment;
  }
}
