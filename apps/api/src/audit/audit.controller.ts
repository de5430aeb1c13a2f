import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GetAccessLogQuery,
  GetLogPageQuery,
  GetStreamHistoryQuery,
  VerifyLogQuery,
  type AccessLogPage,
  type LogPage,
  type RequestContext,
} from '@registry/application';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { readAcrossMemberStates, readOfHistory } from '../http/access-subjects';
import { StreamNameParam } from '../http/input.pipe';
import { Context } from '../http/request-context';
import { AccessLogRequest, LogPageRequest } from './audit-requests';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('streams/:stream')
  @Policy('audit')
  @AccessLogged(readOfHistory)
  @ApiOperation({
    summary:
      "A stream's events with their metadata (actor, role, recordedAt, correlation and causation ids), oldest first",
  })
  history(@Param('stream', StreamNameParam) stream: string, @Context() context: RequestContext) {
    return this.queries.execute(new GetStreamHistoryQuery(stream, context.actor));
  }

  @Get('log')
  @Policy('audit-log')
  @AccessLogged(readAcrossMemberStates('LOG_PAGE', (page) => (page as LogPage).events.map(({ metadata }) => metadata)))
  @ApiOperation({ summary: 'The whole log in log order, a page at a time, with full metadata; `next` continues it' })
  async log(@Query() { from, limit = '100' }: LogPageRequest, @Context() context: RequestContext) {
    return this.queries.execute(new GetLogPageQuery(context.actor, from, Number(limit)));
  }

  @Get('verify')
  @Policy('audit')
  @ApiOperation({
    summary:
      "Recomputes the tamper-evident chain over the whole log and checks every seal with the notary's public key",
  })
  verify() {
    return this.queries.execute(new VerifyLogQuery());
  }

  @Get('access')
  @Policy('audit')
  @AccessLogged(readAcrossMemberStates('ACCESS_LOG', (page) => (page as AccessLogPage).entries))
  @ApiOperation({
    summary: 'Who read which record or exported which statistics, when and why; in log order, a page at a time',
  })
  async access(@Query() { actor, record, from, limit = '100' }: AccessLogRequest, @Context() context: RequestContext) {
    return this.queries.execute(
      new GetAccessLogQuery(context.actor, {
        ...(actor !== undefined && { actorId: actor }),
        ...(record !== undefined && { record }),
        ...(from !== undefined && { from }),
        limit: Number(limit),
      }),
    );
  }
}
