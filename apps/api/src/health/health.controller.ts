import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { LAG_LIMIT, Projector } from '@registry/projections';
import type { HttpReply } from '../http/http-platform';
import { Policy } from '../http/access-policy.decorator';

/**
 * Liveness and readiness. Ready means: the database answers and, when this process runs the projections,
 * none of them has stopped. Each projection's position and lag (events not yet applied) are shown either way.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly projector: Projector) {}

  @Get()
  @Policy('public')
  @SkipThrottle() // load balancers and orchestrators poll it: a 429 would read as down
  @ApiOperation({ summary: 'Liveness, and readiness with each projection position and lag' })
  async health(@Res({ passthrough: true }) response: HttpReply) {
    const projections = await this.projector.status({ withLag: true });
    const isLocal = this.projector.isLive;
    const isReady = !isLocal || projections.every((projection) => projection.isRunning);
    response.status(isReady ? 200 : 503);
    return {
      status: isReady ? 'ok' : 'degraded',
      projector: isLocal ? 'in this process' : 'separate process',
      projections: projections.map(({ projection, globalPosition, isRunning, lag, error }) => ({
        projection,
        globalPosition,
        isRunning,
        lag: lag !== null && lag >= LAG_LIMIT ? `${LAG_LIMIT}+` : lag,
        error,
      })),
    };
  }
}
