import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { EVENT_STORE } from '@registry/application';
import type { EventStore } from '@registry/event-store';
import { LAG_LIMIT, Projector } from '@registry/projections';
import type { HttpReply } from '../http/http-platform';
import { Policy } from '../http/access-policy.decorator';

/**
 * Liveness and readiness. Ready means: the database answers and, when this process runs the projections,
 * none of them has stopped; when another process runs them, none of them is held by a refusal (ADR 0029). Each
 * projection's position and lag (events not yet applied) are shown either way, and so are the committed events the
 * log's readable end holds back: a transaction open anywhere on the database server holds it (ADR 0001), and no
 * projection counts them as lag until it ends. That leaves readiness alone: the registry still answers, with
 * figures as of the readable end. A stopped projection's error is in the log of the process that runs it, not
 * here: the route is public, and an error's text may name hosts or paths.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Policy('public')
  @SkipThrottle() // load balancers and orchestrators poll it: a 429 would read as down
  @ApiOperation({
    summary: 'Liveness, and readiness with each projection position and lag, and the committed events not yet readable',
  })
  async health(@Res({ passthrough: true }) response: HttpReply) {
    const projections = await this.projector.status({ withLag: true });
    const heldBack = await this.store.heldBackEvents?.(LAG_LIMIT);
    const isLocal = this.projector.isLive;
    // A projector in another process reports only its holds (ADR 0029), through the database.
    const isReady = isLocal
      ? projections.every((projection) => projection.isRunning)
      : !projections.some((projection) => projection.isRefusing);
    response.status(isReady ? 200 : 503);
    return {
      status: isReady ? 'ok' : 'degraded',
      projector: isLocal ? 'in this process' : 'separate process',
      log: {
        heldBack: upToLimit(heldBack?.count ?? 0),
        oldestOpenTransactionSeconds: heldBack?.oldestOpenTransactionSeconds ?? null,
      },
      projections: projections.map(({ projection, globalPosition, isRunning, lag, error, isRefusing }) => ({
        projection,
        globalPosition,
        isRunning,
        lag: lag === null ? null : upToLimit(lag),
        error: error === null ? null : publicError(isRefusing),
        isRefusing,
      })),
    };
  }
}

const publicError = (isRefusing: boolean): string =>
  isRefusing
    ? 'refuses to go on until an operator acts, and is tried again meanwhile: the reason is in the projector’s log'
    : 'stopped: the reason is in this server’s log; a restart resumes it from its checkpoint';

const upToLimit = (count: number): number | string => (count >= LAG_LIMIT ? `${LAG_LIMIT}+` : count);
