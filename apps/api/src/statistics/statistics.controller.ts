import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { GetArt8DocumentQuery, renderArt8, validateInput } from '@registry/application';
import type { Response } from 'express';
import { Art8Request } from './art8.request';

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv', 'sdmx-csv': 'application/vnd.sdmx.data+csv; version=2.0.0' } as const;

@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('art8')
  @ApiOperation({ summary: 'The Art. 8(1) document for one member state and year (json, csv or sdmx-csv; as of any past moment)' })
  async art8(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    const { ms, year, format = 'json', asOf, disclosure } = await validateInput(Art8Request, query);
    const document = await this.queries.execute(new GetArt8DocumentQuery(ms, Number(year), { asOf, disclosure }));
    if (format === 'json') return document;
    response.type(CONTENT_TYPES[format]);
    return renderArt8(document, format);
  }
}
