import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CorrectChildRecordCommand,
  CorrectChildRecordInput,
  GetChildQuery,
  IdentifyChildCommand,
  IdentifyChildInput,
  MergeChildRecordsCommand,
  MergeChildRecordsInput,
  type RequestContext,
} from '@registry/application';
import type { HttpReply } from '../http/http-platform';
import { UuidParam } from '../http/input.pipe';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { readOfRecord } from '../http/access-subjects';
import { Context, etagOf } from '../http/request-context';
import { sendWriteResult } from '../http/write-response';

@ApiTags('children')
@Controller('children')
export class ChildrenController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('record-write')
  @ApiOperation({ summary: 'Record a child victim identified in an investigation (pseudonymous id, sex, route)' })
  async identify(@Body() input: IdentifyChildInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new IdentifyChildCommand(input, context)));
  }

  @Post(':id/corrections')
  @Policy('record-write')
  @ApiOperation({ summary: 'Correct a child record, with a reason' })
  async correct(
    @Param('id', UuidParam) id: string,
    @Body() input: CorrectChildRecordInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new CorrectChildRecordCommand(id, input, context)));
  }

  @Post(':id/merged-into')
  @Policy('record-write')
  @ApiOperation({ summary: 'Merge this duplicate record into the record of the same child (counted once)' })
  async merge(
    @Param('id', UuidParam) id: string,
    @Body() input: MergeChildRecordsInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new MergeChildRecordsCommand(id, input, context)));
  }

  @Get(':id')
  @Policy('record-read')
  @AccessLogged(readOfRecord('CHILD'))
  @ApiOperation({ summary: 'A child record with its investigation, merged records and judgments' })
  async get(@Param('id', UuidParam) id: string, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    const child = await this.queries.execute(new GetChildQuery(id, context.actor));
    response.header('ETag', etagOf(child.revision));
    return child;
  }
}
