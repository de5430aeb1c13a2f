import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetStreamHistoryQuery, InputInvalid, type RequestContext } from '@registry/application';
import { Policy } from '../http/access-policy.decorator';
import { Context } from '../http/request-context';

const STREAM_NAME = /^[A-Za-z]+-[0-9a-fA-F-]{36}$/;

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('streams/:stream')
  @Policy('audit')
  @ApiOperation({ summary: "A stream's events with their metadata, oldest first" })
  history(@Param('stream') stream: string, @Context() context: RequestContext) {
    if (!STREAM_NAME.test(stream)) throw new InputInvalid([{ field: 'stream', messages: ['stream must be <category>-<uuid>'] }]);
    return this.queries.execute(new GetStreamHistoryQuery(stream, context.actor));
  }
}
