/**
 * Why the submissions' p99 at 100 clients is seconds when their p50 is a
 * fraction of one: a bare node:http server, nothing of Guichet's, whose
 * handler spends a fixed CPU time per request (then answers on the next
 * event-loop turn, as a group commit does). Since libuv 1.45 (libuv PR
 * #3696, Node 20 ships 1.46) a listening socket accepts ONE connection per
 * event-loop iteration; under load an iteration runs every request that
 * became ready, so with 100 clients connecting at once the last connection is
 * accepted about 100 iterations after the first, and its first request waits
 * that long. The floor is the same server spending nothing.
 *
 * Printed per CPU cost: req/s, p50, p99 of every request, p99 on open
 * connections (each connection's first request left out), and when the last
 * of the 100 connections was accepted.
 *
 *   node --import tsx bench/accept-tail.ts
 *   BENCH_COSTS=0,1,2,4 BENCH_SECONDS=8 node --import tsx bench/accept-tail.ts
 */
import { createServer } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runLoad } from './load.ts';
import { startServerProcess } from './process.ts';
import { fixed, printTable, thousands } from './table.ts';

if (process.env.ACCEPT_TAIL_SERVER) {
  const cost = Number(process.env.ACCEPT_TAIL_COST_MS ?? 0);
  let accepted: number[] = [];
  const server = createServer(async (request, response) => {
    if (request.url === '/healthz') return void response.end('ok');
    if (request.url === '/accepted') {
      const first = accepted[0] ?? 0;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(accepted.map((at) => at - first)));
      accepted = [];
      return;
    }
    // The request's own work: CPU for `cost` ms, then the answer one turn later.
    const end = performance.now() + cost;
    while (performance.now() < end);
    await nextTurn();
    response.end('{"ok":true}');
  });
  server.on('connection', () => accepted.push(performance.now()));
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const costs = (process.env.BENCH_COSTS ?? '0,0.5,1,2').split(',').map(Number);
  const rows: (string | number)[][] = [];
  for (const cost of costs) {
    const server = await startServerProcess(fileURLToPath(import.meta.url), { ACCEPT_TAIL_SERVER: '1', ACCEPT_TAIL_COST_MS: String(cost) });
    try {
      await fetch(`${server.url}/accepted`); // forget the health checks' connections
      const load = await runLoad({ url: `${server.url}/work`, method: 'GET', connections: 100, seconds });
      const accepted = (await (await fetch(`${server.url}/accepted`)).json()) as number[];
      // The load's 100 connections, not the one that asked.
      const lastAccepted = accepted.slice(0, 100).at(-1) ?? Number.NaN;
      rows.push([cost === 0 ? '0 (floor)' : cost, thousands(load.requestsPerSecond), fixed(load.p50, 0), fixed(load.p99, 0), fixed(load.p99OpenConnections, 0), fixed(lastAccepted, 0)]);
      console.log(`${cost} ms per request: ${thousands(load.requestsPerSecond)} req/s, p99 ${fixed(load.p99, 0)} ms`);
    } finally {
      await server.stop();
    }
  }
  printTable(
    `A bare node:http server, 100 keep-alive clients connecting at once, ${seconds} s per row (${process.version}, libuv ${process.versions.uv})`,
    ['CPU ms per request', 'req/s', 'p50 ms', 'p99 ms', 'p99 open conn. ms', 'last connection accepted after ms'],
    rows,
  );
}
