import {
  BadRequestException,
  Controller,
  Headers,
  Logger,
  Post,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ImportStopped, NdjsonImport, ndjsonLines, type RejectedLine, type RequestContext } from '@registry/application';
import { IMPORTS_MEDIA_TYPE_HINT, type HttpRequest, type HttpReply } from '../http/http-platform';
import { Policy } from '../http/access-policy.decorator';
import { Context } from '../http/request-context';

/** Rejected lines listed in the answer at most; the summary counts them all. */
export const REJECTED_LINES_SHOWN = 1000;

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  private readonly logger = new Logger('Imports');

  constructor(private readonly importer: NdjsonImport) {}

  /**
   * The body is read as it arrives, line by line, and recorded in batches while the rest is still coming: a
   * year of reports is never held in memory, and there is no size limit beyond one line's.
   */
  @Post()
  @Policy('record-write')
  @ApiOperation({
    summary: 'Record NDJSON command lines (as `registry import`); bad lines are listed (the first 1000), good ones recorded',
  })
  @ApiConsumes('application/x-ndjson')
  @ApiBody({ schema: { type: 'string', example: '{"type":"RecordReport","data":{…}}' } })
  async import(
    @Req() request: HttpRequest,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    // Another media type, JSON included, is not what this route reads: 415, as for any body the API cannot read.
    // Media types match whatever their case (RFC 9110).
    if (!contentType?.toLowerCase().startsWith('application/x-ndjson')) {
      throw new UnsupportedMediaTypeException(IMPORTS_MEDIA_TYPE_HINT);
    }
    // The body is read as it comes: compressed, its bytes would be rejected line by line as malformed JSON.
    if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') {
      const refused = `Send the lines uncompressed: Content-Encoding ${contentEncoding} is not read`;
      throw new UnsupportedMediaTypeException(refused);
    }
    const rejectedLines: RejectedLine[] = [];
    const summary = await this.importer
      .run(ndjsonLines(request.raw), context.actor, {
        onRejected: (line) => void (rejectedLines.length < REJECTED_LINES_SHOWN && rejectedLines.push(line)),
      })
      .catch((error: unknown) => {
        if (request.raw.complete || !(error instanceof ImportStopped)) throw error;
        // The client went away mid-body: not our fault, and what it sent before is recorded (batches are whole).
        // The operator learns how far it got; a re-post of the same body records only the rest.
        const { correlationId } = context;
        const { throughLine, summary: recorded } = error;
        this.logger.warn({ msg: 'import body cut off by the client', correlationId, throughLine, ...recorded });
        throw new BadRequestException('The body ended before it was complete; post it again to record the rest');
      });
    response.status(200);
    return { ...summary, rejectedLines, ...(summary.rejected > rejectedLines.length && { rejectedLinesNotShown: summary.rejected - rejectedLines.length }) };
  }
}
