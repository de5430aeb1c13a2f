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
