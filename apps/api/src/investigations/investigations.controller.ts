import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ClassifyOffenceCommand,
  ClassifyOffenceInput,
  CloseInvestigationCommand,
  CloseInvestigationInput,
  FileChargeCommand,
  FileChargeInput,
  GetInvestigationQuery,
  IdentifySuspectCommand,
  IdentifySuspectInput,
  LinkReportInput,
  LinkReportToInvestigationCommand,
  OpenInvestigationCommand,
  OpenInvestigationInput,
  type RequestContext,
} from '@registry/application';
import type { HttpReply } from '../http/http-platform';
import { UuidParam } from '../http/input.pipe';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { readOfRecord } from '../http/access-subjects';
import { Context, etagOf } from '../http/request-context';
import { sendWriteResult } from '../http/write-response';

@ApiTags('investigations')
@Controller('investigations')
export class InvestigationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('record-write')
  @ApiOperation({ summary: 'Open an investigation (the police case), possibly on reports already recorded' })
  async open(@Body() input: OpenInvestigationInput, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    return sendWriteResult(response, await this.commands.execute(new OpenInvestigationCommand(input, context)));
  }

  @Post(':id/reports')
  @Policy('record-write')
  @ApiOperation({ summary: 'Link a report of the same member state to the investigation' })
  async linkReport(
    @Param('id', UuidParam) id: string,
    @Body() input: LinkReportInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new LinkReportToInvestigationCommand(id, input, context)));
  }

  @Post(':id/offences')
  @Policy('record-write')
  @ApiOperation({ summary: 'Classify an offence: national provision, category, online nexus' })
  async classifyOffence(
    @Param('id', UuidParam) id: string,
    @Body() input: ClassifyOffenceInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new ClassifyOffenceCommand(id, input, context)));
  }

  @Post(':id/suspects')
  @Policy('record-write')
  @ApiOperation({ summary: 'Identify a suspect by pseudonymous person id' })
  async identifySuspect(
    @Param('id', UuidParam) id: string,
    @Body() input: IdentifySuspectInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new IdentifySuspectCommand(id, input, context)));
  }

  @Post(':id/charges')
  @Policy('record-write')
  @ApiOperation({ summary: 'File a charge against a suspect (never counted as a conviction)' })
  async fileCharge(
    @Param('id', UuidParam) id: string,
    @Body() input: FileChargeInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new FileChargeCommand(id, input, context)));
  }

  @Post(':id/closure')
  @Policy('record-write')
  @ApiOperation({ summary: 'Close the investigation with its outcome' })
  async close(
    @Param('id', UuidParam) id: string,
    @Body() input: CloseInvestigationInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new CloseInvestigationCommand(id, input, context)));
  }

  @Get(':id')
  @Policy('record-read')
  @AccessLogged(readOfRecord('INVESTIGATION'))
  @ApiOperation({ summary: 'An investigation with its reports, offences, suspects, charges, children and judgments' })
  async get(@Param('id', UuidParam) id: string, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    const investigation = await this.queries.execute(new GetInvestigationQuery(id, context.actor));
    response.header('ETag', etagOf(investigation.revision));
    return investigation;
  }
}
