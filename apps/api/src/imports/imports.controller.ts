import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InputInvalid, NdjsonImport, type RejectedLine, type RequestContext } from '@registry/application';
import type { Response } from 'express';
import { Policy } from '../http/access-policy.decorator';
import { Context } from '../http/request-context';

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly importer: NdjsonImport) {}

  @Post()
  @Policy('record-write')
  @ApiOperation({ summary: 'Record NDJSON command lines (as `registry import`); bad lines are listed, good ones recorded' })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: '{"type":"RecordReport","data":{…}}' } })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (typeof body !== 'string' || !contentType?.startsWith('application/x-ndjson')) {
      throw new InputInvalid([{ field: 'Content-Type', messages: ['send the lines as application/x-ndjson'] }]);
    }
    const rejected: RejectedLine[] = [];
    const lines = createInterface({ input: Readable.from([body]), crlfDelay: Infinity });
    const summary = await this.importer.run(lines, context.actor, { onRejected: (line) => void rejected.push(line) });
    response.status(200);
    return { ...summary, rejectedLines: rejected };
  }
}
