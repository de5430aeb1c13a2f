import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { art8CsvRows, GetArt8DocumentQuery, toCsv, validateInput } from '@registry/application';
import type { Response } from 'express';
import { Art8Request } from './art8.request';

@ApiTags('statistics')
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('art8')
  @ApiOperation({ summary: 'The Art. 8(1) document for one member state and year (json or csv)' })
  async art8(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) response: Response) {
    const { ms, year, format } = await validateInput(Art8Request, query);
    const document = await this.queries.execute(new GetArt8DocumentQuery(ms, Number(year)));
    if (format === 'csv') {
      response.type('text/csv');
      return toCsv(art8CsvRows(document));
    }
    return document;
  }
}
