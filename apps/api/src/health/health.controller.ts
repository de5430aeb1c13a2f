import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Projector } from '@registry/projections';
import type { Response } from 'express';
import { Policy } from '../http/access-policy.decorator';

/** Liveness and readiness: the process answers, and every projection is running (with its position). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly projector: Projector) {}

  @Get()
  @Policy('public')
  @ApiOperation({ summary: 'Liveness, and readiness with each projection position' })
  async health(@Res({ passthrough: true }) response: Response) {
    const projections = await this.projector.status();
    const isReady = projections.every((projection) => projection.isRunning);
    response.status(isReady ? 200 : 503);
    return {
      status: isReady ? 'ok' : 'degraded',
      projections: projections.map(({ projection, globalPosition, isRunning, error }) => ({ projection, globalPosition, isRunning, error })),
    };
  }
}
