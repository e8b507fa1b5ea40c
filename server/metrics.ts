import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from './clock.ts';

/** What the scrape reads from the store at that moment, rather than counting events the process may not have seen. */
export interface MetricsSources {
  clock: Clock;
  ticketsByQueueAndState(): Promise<{ queue_id: string; state: string; count: number }[]>;
  outboxBacklog(): Promise<{ pending: number; oldestCreatedAt: string | null }>;
}

/**
 * The port the HTTP layer and the runtime report to. Nothing here knows Hono
 * or SQL: the middleware (middleware/observe) and the runtime's wrappers around
 * the sweep and the mail transport call it.
 */
export interface Metrics {
  /** Prometheus text of every metric below, each scrape reading the store's gauges afresh. */
  scrape(): Promise<{ contentType: string; body: string }>;
  httpRequest(request: { method: string; route: string; status: number; seconds: number }): void;
  submission(formId: string, outcome: string): void;
  sweepRun(run: { seconds: number; closed: number; failed: boolean }): void;
  mailSent(): void;
  mailFailed(): void;
}

/**
 * A registry of its own per runtime (not prom-client's global one), so tests
 * that build several apps in one process count separately.
 */
export function createMetrics(sources: MetricsSources, options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  // Node's own figures (CPU, memory, event-loop lag, GC) under their usual names; only for the serving
  // process, as their observers are never released and tests build many runtimes.
  if (options.processMetrics) collectDefaultMetrics({ register: registry });

  const httpRequests = new Counter({ name: 'guichet_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'guichet_http_request_duration_seconds',
    help: 'Time to the response headers, by method and route pattern (a live stream counts until it starts)',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const submissions = new Counter({ name: 'guichet_submissions_total', help: 'Form submissions, by form and outcome (created, replayed, awaiting_confirmation, or the error code)', labelNames: ['form', 'outcome'], registers: [registry] });
  const sweepRuns = new Counter({ name: 'guichet_sweep_runs_total', help: 'Closure sweeps run, by result (ok, failed)', labelNames: ['result'], registers: [registry] });
  const sweepDuration = new Histogram({ name: 'guichet_sweep_duration_seconds', help: 'Duration of a closure sweep', buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300], registers: [registry] });
  const sweepClosed = new Counter({ name: 'guichet_sweep_closed_tickets_total', help: 'Tickets the closure sweep closed', registers: [registry] });
  const mailsSent = new Counter({ name: 'guichet_mail_sent_total', help: 'Mails the transport accepted', registers: [registry] });
  const mailFailures = new Counter({ name: 'guichet_mail_delivery_failures_total', help: 'Mail delivery attempts that failed (each is retried on its back-off, up to the last)', registers: [registry] });

  new Gauge({
    name: 'guichet_tickets',
    help: 'Tickets stored, by queue and state (read from the store at scrape time)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const rows = await sources.ticketsByQueueAndState();
      // A state no ticket is in any more must vanish, not keep its last count.
      this.reset();
      for (const row of rows) this.set({ queue: row.queue_id, state: row.state }, row.count);
    },
  });
  // Two gauges, one query per scrape.
  let backlogOfScrape: ReturnType<MetricsSources['outboxBacklog']> | undefined;
  const backlog = () => (backlogOfScrape ??= sources.outboxBacklog());
  new Gauge({
    name: 'guichet_outbox_pending',
    help: 'Mails waiting in the outbox (read from the store at scrape time)',
    registers: [registry],
    async collect() {
      this.set((await backlog()).pending);
    },
  });
  new Gauge({
    name: 'guichet_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest mail waiting in the outbox, 0 when none (read from the store at scrape time)',
    registers: [registry],
    async collect() {
      const { oldestCreatedAt } = await backlog();
      this.set(oldestCreatedAt ? Math.max(0, (sources.clock.now().getTime() - Date.parse(oldestCreatedAt)) / 1000) : 0);
    },
  });

  return {
    async scrape() {
      try {
        return { contentType: registry.contentType, body: await registry.metrics() };
      } finally {
        backlogOfScrape = undefined;
      }
    },
    httpRequest({ method, route, status, seconds }) {
      httpRequests.inc({ method, route, status: String(status) });
      httpDuration.observe({ method, route }, seconds);
    },
    submission(formId, outcome) {
      submissions.inc({ form: formId, outcome });
    },
    sweepRun({ seconds, closed, failed }) {
      sweepRuns.inc({ result: failed ? 'failed' : 'ok' });
      sweepDuration.observe(seconds);
      sweepClosed.inc(closed);
    },
    mailSent() {
      mailsSent.inc();
    },
    mailFailed() {
      mailFailures.inc();
    },
  };
}
