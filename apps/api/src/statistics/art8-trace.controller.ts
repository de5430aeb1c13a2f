import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetArt8TraceQuery, type RequestContext } from '@registry/application';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { readOfTrace } from '../http/access-subjects';
import { Context } from '../http/request-context';
import { Art8TraceRequest } from './art8-trace.request';

@ApiTags('statistics')
@Controller('statistics')
export class Art8TraceController {
  constructor(private readonly queries: QueryBus) {}

  @Get('art8/trace')
  @Policy('audit')
  @AccessLogged(readOfTrace)
  @ApiOperation({
    summary:
      'The units an Art. 8 figure counts (reports, cases, children, persons, judgments), each with the events behind it: positions, streams and types only',
  })
  async trace(@Query() { ms, year, metric, breakdown, asOf }: Art8TraceRequest, @Context() context: RequestContext) {
    return this.queries.execute(
      new GetArt8TraceQuery(context.actor, ms, Number(year), metric, {
        ...(breakdown !== undefined && { breakdown }),
        ...(asOf !== undefined && { asOf }),
      }),
    );
  }
}
