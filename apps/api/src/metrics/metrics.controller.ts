import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '@registry/application';
import type { EventStore } from '@registry/event-store';
import { LAG_LIMIT, Projector } from '@registry/projections';
import { Policy } from '../http/access-policy.decorator';
import { MetricsRegistry } from './metrics-registry';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Policy('public')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary:
      'Prometheus metrics: requests, latency, projection positions and lag, events held back, memory (no record data)',
  })
  async scrape(): Promise<string> {
    const projections = await this.projector.status({ withLag: true });
    // As /health: a store with no such horizon (EventStoreDB) holds nothing back, and no transaction has an age.
    const heldBack = await this.store.heldBackEvents?.(LAG_LIMIT);
    const openSeconds = heldBack?.oldestOpenTransactionSeconds ?? null;
    const memory = process.memoryUsage();
    return this.metrics.render([
      {
        name: 'registry_projection_position',
        help: 'Global log position of the last event each projection applied.',
        samples: projections.map((status) => ({ labels: { projection: status.projection }, value: Number(status.globalPosition ?? 0) })),
      },
      {
        name: 'registry_projection_lag_events',
        help: 'Events each projection has still to apply (counted up to 1000).',
        samples: projections.map((status) => ({ labels: { projection: status.projection }, value: status.lag ?? 0 })),
      },
      {
        name: 'registry_projection_running',
        help: '1 when the projection runs in this process without error.',
        samples: projections.map((status) => ({ labels: { projection: status.projection }, value: status.isRunning ? 1 : 0 })),
      },
      {
        name: 'registry_projection_refusing',
        help: '1 when the projection refuses to go on until an operator acts (the notary, ADR 0029).',
        samples: projections.map(({ projection, isRefusing }) => ({
          labels: { projection },
          value: isRefusing ? 1 : 0,
        })),
      },
      {
        name: 'registry_log_held_back_events',
        help:
          'Committed events no reader sees yet: a transaction open on the database server holds the readable end ' +
          `of the log (ADR 0001; counted up to ${LAG_LIMIT}).`,
        samples: [{ labels: {}, value: heldBack?.count ?? 0 }],
      },
      {
        name: 'registry_log_oldest_open_transaction_seconds',
        help:
          'Seconds the transaction holding the readable end of the log has been open; no sample while none is, ' +
          'or when the server does not show it.',
        samples: openSeconds === null ? [] : [{ labels: {}, value: openSeconds }],
      },
      { name: 'process_resident_memory_bytes', help: 'Resident memory of the process.', samples: [{ labels: {}, value: memory.rss }] },
      { name: 'process_uptime_seconds', help: 'Seconds since the process started.', samples: [{ labels: {}, value: Math.round(process.uptime()) }] },
    ]);
  }
}
