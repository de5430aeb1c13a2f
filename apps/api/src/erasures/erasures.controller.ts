import { Body, Controller, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErasePersonalDataCommand, ErasePersonalDataInput, type RequestContext } from '@registry/application';
import type { HttpReply } from '../http/http-platform';
import { Policy } from '../http/access-policy.decorator';
import { Context } from '../http/request-context';
import { sendWriteResult } from '../http/write-response';

@ApiTags('privacy')
@Controller('erasures')
export class ErasuresController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Policy('admin')
  @ApiOperation({
    summary: "Erase a subject's personal data (crypto-shredding): its key is destroyed, history and counts stay",
  })
  async erase(
    @Body() input: ErasePersonalDataInput,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: HttpReply,
  ) {
    return sendWriteResult(response, await this.commands.execute(new ErasePersonalDataCommand(input, context)));
  }
}
