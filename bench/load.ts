/**
 * Drives one HTTP route with autocannon at a fixed number of concurrent
 * clients (one connection each, no pipelining) and keeps what the tables show.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  connections: number;
  /** Seconds to run; ignored when `amount` is set. */
  seconds?: number;
  /** Stop after this many requests instead. */
  amount?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Changes each request before it leaves: a fresh Idempotency-Key, another ticket. */
  each?: (request: { path: string; headers: Record<string, string> }) => void;
}

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /**
   * p99 without each connection's first request. Under load, libuv accepts one new connection per event-loop
   * iteration, so the first request of the last connections waits for a hundred iterations before the server
   * sees it: this column is the tail of requests on open connections, the other the tail a new client meets.
   */
  p99OpenConnections: number;
  /** Requests answered 2xx. */
  succeeded: number;
  /** Anything else: another status, a timeout, a reset. A bench with failures says so. */
  failed: string[];
}

export async function runLoad(options: LoadOptions): Promise<LoadFigures> {
  const target = new URL(options.url);
  const latencies: number[] = [];
  const seen = new WeakSet<object>();
  let finish!: (outcome: { error?: unknown; result?: autocannon.Result }) => void;
  const finished = new Promise<{ error?: unknown; result?: autocannon.Result }>((resolve) => (finish = resolve));
  const instance = autocannon({
    url: target.origin,
    connections: options.connections,
    pipelining: 1,
    timeout: 30,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    requests: [
      {
        method: options.method,
        path: target.pathname + target.search,
        headers: options.headers,
        body: options.body,
        setupRequest: (request) => {
          const headers = { ...(request.headers as Record<string, string>) };
          const next = { path: request.path ?? target.pathname, headers };
          options.each?.(next);
          return { ...request, path: next.path, headers: next.headers };
        },
      },
    ],
  }, (error, result) => finish({ error, result }));
  instance.on('response', (client: object, _status: number, _bytes: number, milliseconds: number) => {
    if (seen.has(client)) latencies.push(milliseconds);
    else seen.add(client);
  });
  const outcome = await finished;
  if (outcome.error || !outcome.result) throw outcome.error ?? new Error('autocannon gave no result');
  const result = outcome.result;
  latencies.sort((a, b) => a - b);
  const failed: string[] = [];
  for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {})) if (!status.startsWith('2') && count) failed.push(`${count}× ${status}`);
  if (result.errors) failed.push(`${result.errors} errors`);
  if (result.timeouts) failed.push(`${result.timeouts} timeouts`);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p99OpenConnections: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? Number.NaN,
    succeeded: result['2xx'],
    failed,
  };
}
