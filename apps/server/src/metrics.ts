/** Prometheus text metrics: request counts and latencies, append latency, projection lag. */
import type { ProjectionRuntime } from '@xianzhi/projections';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

class Histogram {
  readonly counts = new Map<string, { buckets: number[]; sum: number; count: number }>();
  observe(labels: string, seconds: number): void {
    let h = this.counts.get(labels);
    if (!h) this.counts.set(labels, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) h.buckets[i]! += 1;
    });
    h.sum += seconds;
    h.count += 1;
  }
  render(name: string, help: string): string {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    for (const [labels, h] of this.counts) {
      const sep = labels ? `${labels},` : '';
      BUCKETS.forEach((b, i) => lines.push(`${name}_bucket{${sep}le="${b}"} ${h.buckets[i]}`));
      lines.push(`${name}_bucket{${sep}le="+Inf"} ${h.count}`, `${name}_sum{${labels}} ${h.sum}`, `${name}_count{${labels}} ${h.count}`);
    }
    return lines.join('\n');
  }
}

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Histogram();
  readonly #append = new Histogram();

  request(procedure: string, status: number, seconds: number): void {
    const key = `procedure="${procedure}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    this.#latency.observe(`procedure="${procedure}"`, seconds);
  }

  append(seconds: number): void {
    this.#append.observe('', seconds);
  }

  render(runtime: ProjectionRuntime): string {
    const out = ['# HELP xianzhi_requests_total API requests by procedure and HTTP status', '# TYPE xianzhi_requests_total counter'];
    for (const [k, v] of this.#requests) out.push(`xianzhi_requests_total{${k}} ${v}`);
    out.push(this.#latency.render('xianzhi_request_duration_seconds', 'API request latency'));
    out.push(this.#append.render('xianzhi_append_duration_seconds', 'Event store append latency'));
    out.push('# HELP xianzhi_projection_lag_events Events in the log a projection has not folded yet', '# TYPE xianzhi_projection_lag_events gauge');
    for (const h of runtime.health()) out.push(`xianzhi_projection_lag_events{projection="${h.name}",status="${h.status}"} ${h.lag}`);
    out.push('# HELP xianzhi_log_head_position Position of the last event in the log', '# TYPE xianzhi_log_head_position gauge', `xianzhi_log_head_position ${runtime.headPosition}`);
    return `${out.join('\n')}\n`;
  }
}
