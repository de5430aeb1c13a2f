import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Projector } from '@registry/projections';
import { Policy } from '../http/access-policy.decorator';
import { MetricsRegistry } from './metrics-registry';

@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly projector: Projector,
  ) {}

  @Get()
  @Policy('public')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: requests, latency, projection positions and lag, memory (no record data)' })
  async scrape(): Promise<string> {
    const projections = await this.projector.status({ withLag: true });
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
      { name: 'process_resident_memory_bytes', help: 'Resident memory of the process.', samples: [{ labels: {}, value: memory.rss }] },
      { name: 'process_uptime_seconds', help: 'Seconds since the process started.', samples: [{ labels: {}, value: Math.round(process.uptime()) }] },
    ]);
  }
}
