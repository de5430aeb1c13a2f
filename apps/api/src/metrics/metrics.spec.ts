import type { EventStore, HeldBackEvents } from '@registry/event-store';
import type { Projector } from '@registry/projections';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

describe('the metrics registry', () => {
  it('renders counters, histograms and gauges in the Prometheus text format', () => {
    const metrics = new MetricsRegistry();
    metrics.observeRequest('POST', '/api/v1/reports', 201, 0.02);
    metrics.observeRequest('POST', '/api/v1/reports', 201, 0.3);
    const text = metrics.render([{ name: 'registry_projection_lag_events', help: 'lag', samples: [{ labels: { projection: 'statistics' }, value: 3 }] }]);
    expect(text).toContain('registry_http_requests_total{method="POST",route="/api/v1/reports",status="201"} 2');
    expect(text).toContain('registry_http_request_duration_seconds_bucket{method="POST",route="/api/v1/reports",le="0.025"} 1');
    expect(text).toContain('registry_http_request_duration_seconds_bucket{method="POST",route="/api/v1/reports",le="+Inf"} 2');
    expect(text).toContain('registry_http_request_duration_seconds_count{method="POST",route="/api/v1/reports"} 2');
    expect(text).toContain('registry_projection_lag_events{projection="statistics"} 3');
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('the held-back log in the metrics', () => {
  const noProjections = { status: () => Promise.resolve([]) } as unknown as Projector;
  const scrape = (store: Pick<EventStore, 'heldBackEvents'>) =>
    new MetricsController(new MetricsRegistry(), noProjections, store as EventStore).scrape();
  const holding = (heldBack: HeldBackEvents) => ({ heldBackEvents: () => Promise.resolve(heldBack) });

  it('shows the events a transaction open on the server holds back, and how long it has been open', async () => {
    const text = await scrape(holding({ count: 3, readableEnd: 41n, oldestOpenTransactionSeconds: 75 }));
    expect(text).toContain('# TYPE registry_log_held_back_events gauge\nregistry_log_held_back_events 3\n');
    expect(text).toContain(
      '# TYPE registry_log_oldest_open_transaction_seconds gauge\nregistry_log_oldest_open_transaction_seconds 75\n',
    );
    expect(text).toMatch(/^# HELP registry_log_held_back_events .+$/m);
    expect(text).toMatch(/^# HELP registry_log_oldest_open_transaction_seconds .+$/m);
  });

  it('gives no age while no transaction holds the readable end, as /health gives null', async () => {
    const text = await scrape(holding({ count: 0, readableEnd: 41n, oldestOpenTransactionSeconds: null }));
    expect(text).toContain('registry_log_held_back_events 0\n');
    expect(text).not.toMatch(/^registry_log_oldest_open_transaction_seconds /m);
  });

  it('holds nothing back on a store with no such horizon (EventStoreDB)', async () => {
    const text = await scrape({});
    expect(text).toContain('registry_log_held_back_events 0\n');
    expect(text).not.toMatch(/^registry_log_oldest_open_transaction_seconds /m);
  });
});

describe('the projections in the metrics', () => {
  it('tells a projection that refuses to go on (the notary, ADR 0029) from one that runs', async () => {
    const statuses = [
      { projection: 'statistics', globalPosition: '12', lag: 0, isRunning: true, isRefusing: false },
      { projection: 'notary', globalPosition: '6', lag: 6, isRunning: false, isRefusing: true },
    ];
    const projector = { status: () => Promise.resolve(statuses) } as unknown as Projector;
    const text = await new MetricsController(new MetricsRegistry(), projector, {} as EventStore).scrape();
    expect(text).toContain('registry_projection_running{projection="notary"} 0\n');
    expect(text).toContain('registry_projection_refusing{projection="notary"} 1\n');
    expect(text).toContain('registry_projection_refusing{projection="statistics"} 0\n');
    expect(text).toMatch(/^# HELP registry_projection_refusing .+$/m);
  });
});
