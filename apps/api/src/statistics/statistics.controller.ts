import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GetArt8DocumentQuery,
  GetCohortQuery,
  GetQualityMatrixQuery,
  GetReconciliationQuery,
  GetRestatementsQuery,
  disclosureFor,
  renderArt8,
  type RequestContext,
} from '@registry/application';
import type { HttpReply } from '../http/http-platform';
import { Policy } from '../http/access-policy.decorator';
import { AccessLogged } from '../http/access-logged.decorator';
import { exportOf } from '../http/access-subjects';
import { Context } from '../http/request-context';
import { Art8Request } from './art8.request';
import { CohortRequest, MemberStateRequest, RestatementRequest } from './statistics-requests';

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv', 'sdmx-csv': 'application/vnd.sdmx.data+csv; version=2.0.0' } as const;

@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('art8')
  @Policy('statistics')
  @AccessLogged(exportOf('ART8'))
  @ApiOperation({ summary: 'The Art. 8(1) document for one member state and year (json, csv or sdmx-csv; as of any past moment)' })
  async art8(@Query() { ms, year, format = 'json', asOf, disclosure }: Art8Request, @Context() context: RequestContext, @Res({ passthrough: true }) response: HttpReply) {
    // A plain statistician gets public figures (small counts withheld); exact ones only with the right role.
    const options = { asOf, disclosure: disclosureFor(context.actor, disclosure) };
    const document = await this.queries.execute(new GetArt8DocumentQuery(ms, Number(year), options));
    if (format === 'json') return document;
    response.type(CONTENT_TYPES[format]);
    return renderArt8(document, format);
  }

  @Get('cohort')
  @Policy('statistics-exact')
  @AccessLogged(exportOf('COHORT'))
  @ApiOperation({ summary: 'The report-to-conviction cohort: of the reports received in a year, how many reached each stage, and when' })
  async cohort(@Query() { ms, reportYear, asOf }: CohortRequest) {
    return this.queries.execute(new GetCohortQuery(ms, Number(reportYear), asOf));
  }

  @Get('quality')
  @Policy('statistics')
  @AccessLogged(exportOf('QUALITY'))
  @ApiOperation({ summary: 'The data-quality matrix: per year and metric COMPLETE, PROVISIONAL, NOT_AVAILABLE or BREAK_IN_SERIES' })
  async quality(@Query() { ms }: MemberStateRequest, @Context() context: RequestContext) {
    // Its pending counts are small counts too: a plain statistician gets them as the public Art. 8 document shows them.
    const options = { disclosure: disclosureFor(context.actor, undefined) };
    return this.queries.execute(new GetQualityMatrixQuery(ms, [2022, 2023, 2024], options));
  }

  @Get('reconciliation')
  @Policy('statistics-exact')
  @AccessLogged(exportOf('RECONCILIATION'))
  @ApiOperation({ summary: "Reports with an NCMEC reference per year against NCMEC's published figure: difference and ratio" })
  async reconciliation(@Query() { ms, asOf }: MemberStateRequest) {
    return this.queries.execute(new GetReconciliationQuery(ms, asOf));
  }

  @Get('restatements')
  @Policy('statistics-exact')
  @AccessLogged(exportOf('RESTATEMENTS'))
  @ApiOperation({
    summary: 'Each figure, status or definitionVersion of a snapshot that differs today, with the events behind it',
  })
  async restatements(@Query() { ms, snapshotId }: RestatementRequest) {
    return this.queries.execute(new GetRestatementsQuery(ms, snapshotId));
  }
}
