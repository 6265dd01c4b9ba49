/**
 * Prometheus metrics (prom-client, which escapes label values): request counts and latencies by
 * procedure, append latency, projection lag and the log head. The `procedure` label is a procedure
 * name from the router — never the raw path: anything else is `(unknown)`, a batch is `(batch)` —
 * so a caller cannot grow the label set or inject into the exposition.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProjectionRuntime } from '@xianzhi/projections';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Metrics {
  readonly registry = new Registry();
  readonly #known: ReadonlySet<string>;
  readonly #requests: Counter<'procedure' | 'status'>;
  readonly #latency: Histogram<'procedure'>;
  readonly #append: Histogram;

  constructor(procedures: Iterable<string>, runtime: ProjectionRuntime) {
    this.#known = new Set(procedures);
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'xianzhi_requests_total',
      help: 'API requests by procedure and HTTP status',
      labelNames: ['procedure', 'status'],
      registers,
    });
    this.#latency = new Histogram({
      name: 'xianzhi_request_duration_seconds',
      help: 'API request latency',
      labelNames: ['procedure'],
      buckets: BUCKETS,
      registers,
    });
    this.#append = new Histogram({
      name: 'xianzhi_append_duration_seconds',
      help: 'Event store append latency',
      buckets: BUCKETS,
      registers,
    });
    new Gauge({
      name: 'xianzhi_projection_lag_events',
      help: 'Events in the log a projection has not folded yet',
      labelNames: ['projection', 'status'],
      registers,
      collect() {
        this.reset();
        for (const h of runtime.health()) this.set({ projection: h.name, status: h.status }, h.lag);
      },
    });
    new Gauge({
      name: 'xianzhi_log_head_position',
      help: 'Position of the last event in the log',
      registers,
      collect() {
        this.set(runtime.headPosition);
      },
    });
  }

  /** The label for a tRPC path (`divisions.list`, `a,b` for a batch): a known procedure, `(batch)` or `(unknown)`. */
  procedureLabel(path: string): string {
    if (path.includes(',')) return '(batch)';
    return this.#known.has(path) ? path : '(unknown)';
  }

  request(path: string, status: number, seconds: number): void {
    const procedure = this.procedureLabel(path);
    this.#requests.inc({ procedure, status: String(status) });
    this.#latency.observe({ procedure }, seconds);
  }

  append(seconds: number): void {
    this.#append.observe(seconds);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
