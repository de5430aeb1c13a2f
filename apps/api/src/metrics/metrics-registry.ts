import { Injectable } from '@nestjs/common';

type Labels = Readonly<Record<string, string>>;

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;
const labelText = (labels: Labels): string => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([key, value]) => `${key}="${value.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
};

interface Histogram {
  readonly buckets: number[];
  sum: number;
  count: number;
}

/**
 * The few metrics an operator needs, in the Prometheus text format, without a client library: request
 * counts and latency per route (the route pattern, never the path with ids), and whatever gauges the
 * controller adds at scrape time. Labels never carry record data.
 */
@Injectable()
export class MetricsRegistry {
  private readonly requests = new Map<string, { labels: Labels; value: number }>();
  private readonly durations = new Map<string, { labels: Labels; histogram: Histogram }>();

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const counted = { method, route, status: String(status) };
    const key = labelText(counted);
    const entry = this.requests.get(key) ?? { labels: counted, value: 0 };
    entry.value += 1;
    this.requests.set(key, entry);
    const timed = { method, route };
    const timedKey = labelText(timed);
    const timing = this.durations.get(timedKey) ?? { labels: timed, histogram: { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 } };
    BUCKETS.forEach((bound, index) => {
      if (seconds <= bound) timing.histogram.buckets[index]! += 1;
    });
    timing.histogram.sum += seconds;
    timing.histogram.count += 1;
    this.durations.set(timedKey, timing);
  }

  /** The exposition text; `gauges` are computed by the caller at scrape time. */
  render(gauges: readonly { name: string; help: string; samples: readonly { labels: Labels; value: number }[] }[]): string {
    const lines: string[] = [];
    lines.push('# HELP registry_http_requests_total HTTP requests answered, by route pattern and status.');
    lines.push('# TYPE registry_http_requests_total counter');
    for (const { labels, value } of this.requests.values()) lines.push(`registry_http_requests_total${labelText(labels)} ${value}`);
    lines.push('# HELP registry_http_request_duration_seconds Time to answer, by route pattern.');
    lines.push('# TYPE registry_http_request_duration_seconds histogram');
    for (const { labels, histogram } of this.durations.values()) {
      BUCKETS.forEach((bound, index) =>
        lines.push(`registry_http_request_duration_seconds_bucket${labelText({ ...labels, le: String(bound) })} ${histogram.buckets[index]}`),
      );
      lines.push(`registry_http_request_duration_seconds_bucket${labelText({ ...labels, le: '+Inf' })} ${histogram.count}`);
      lines.push(`registry_http_request_duration_seconds_sum${labelText(labels)} ${histogram.sum}`);
      lines.push(`registry_http_request_duration_seconds_count${labelText(labels)} ${histogram.count}`);
    }
    for (const gauge of gauges) {
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
      for (const { labels, value } of gauge.samples) lines.push(`${gauge.name}${labelText(labels)} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
