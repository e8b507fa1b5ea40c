/**
 * Submissions and status reads against the real server (server/main.ts in its
 * own process, dev mode, dev identity), on SQLite and on PostgreSQL, beside
 * their floor measured in the same run: a bare Hono route doing one durable
 * insert (or one select) into the same store with the same durability
 * (bench/floor-server.ts). Then the server's memory at idle and after
 * BENCH_RSS_SUBMISSIONS submissions. Figures are printed as tables with the
 * targets; a missed target is reported, not thrown.
 *
 *   node --import tsx bench/submissions.ts
 *   BENCH_SECONDS=3 BENCH_RSS_SUBMISSIONS=5000 BENCH_RSS_SECONDS=30 BENCH_STORES=sqlite node --import tsx bench/submissions.ts
 *   BENCH_CLIENTS=10,100 BENCH_RSS_SUBMISSIONS=0 node --import tsx bench/submissions.ts
 *   BENCH_STORES=postgres BENCH_POSTGRES_URL=postgres://… BENCH_RSS_SUBMISSIONS=0 node --import tsx bench/submissions.ts
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ensureTestDatabase, startTestPostgres, type TestPostgres } from '../test/support/postgres.ts';
import { type LoadFigures, runLoad } from './load.ts';
import { startServerProcess, type ServerProcess } from './process.ts';
import { fixed, printTable, thousands, verdict } from './table.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rssSubmissions = Number(process.env.BENCH_RSS_SUBMISSIONS ?? 100_000);
const rssSeconds = Number(process.env.BENCH_RSS_SECONDS ?? 90);
/** Submissions between two memory readings. */
const rssStep = 1_000;
const stores = (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').filter(Boolean) as ('sqlite' | 'postgres')[];
const clientCounts = (process.env.BENCH_CLIENTS ?? '1,10,100').split(',').map(Number);
const readClientCounts = [10, 100];
/** Tickets whose status the read bench asks for, round robin. */
const readTickets = 100;
// Limits high enough never to answer 429, in windows as long as the defaults' (a window's first hit also cleans up).
const unlimited = '1000000000/1m';

const body = JSON.stringify({
  data: { subject: 'Printer offline in B12', category: 'printing', description: 'The printer in room B12 has been offline since Monday morning; restarting it did not help.' },
  lang: 'fr',
});
const jsonHeaders = { 'content-type': 'application/json', 'x-guichet-dev-user': 'person-0' };
/**
 * The requesters: as at a university, each submission comes from one of many people, each with their own address
 * (one person sending thousands would meet the loop protection's daily cap on automatic mails, and the bench would
 * measure suppressed mail instead of sent mail). Written as the server's directory file (GUICHET_DIRECTORY).
 */
const peopleCount = 10_000;
const people = Array.from({ length: peopleCount }, (_, i) => ({
  id: `person-${i}`,
  name: `Person ${i}`,
  email: `person-${i}@example.edu`,
  lang: 'fr',
  affiliations: [i % 3 === 0 ? 'student' : 'staff'],
  agentOf: [],
  admin: false,
}));
let nextPerson = 0;
const freshKey = (request: { headers: Record<string, string> }) => {
  request.headers['idempotency-key'] = randomUUID();
  request.headers['x-guichet-dev-user'] = people[nextPerson++ % peopleCount]!.id;
};
const mib = (bytes: number) => `${fixed(bytes / 1024 / 1024)} MiB`;

interface StoreFigures {
  store: string;
  submissions: Map<number, { ours: LoadFigures; floor: LoadFigures; drained: number; oursCpu: number; floorCpu: number }>;
  reads: Map<number, { ours: LoadFigures; floor: LoadFigures; oursCpu: number; floorCpu: number }>;
  memory?: { idle: number; submitted: number; after: number; floorIdle: number; steps: { submitted: number; rss: number }[] };
}

function submit(server: ServerProcess, path: string, connections: number, size: { seconds?: number; amount?: number }) {
  return runLoad({ url: `${server.url}${path}`, method: 'POST', connections, ...size, headers: jsonHeaders, body, each: freshKey });
}

async function benchStore(store: 'sqlite' | 'postgres', postgres: TestPostgres | undefined): Promise<StoreFigures> {
  const oursDir = mkdtempSync(join(tmpdir(), 'guichet-bench-ours-'));
  const floorDir = mkdtempSync(join(tmpdir(), 'guichet-bench-floor-'));
  const oursDatabase: Record<string, string> = postgres ? { GUICHET_DATABASE_URL: await ensureTestDatabase(postgres.url, oursDir) } : {};
  const floorDatabase: Record<string, string> = postgres ? { GUICHET_DATABASE_URL: await ensureTestDatabase(postgres.url, floorDir) } : {};
  const peopleFile = join(oursDir, 'people.json');
  writeFileSync(peopleFile, JSON.stringify(people));
  const ours = await startServerProcess('server/main.ts', {
    GUICHET_MODE: 'dev',
    GUICHET_DATA_DIR: oursDir,
    GUICHET_RATE_LIMIT_PERSON: unlimited,
    GUICHET_RATE_LIMIT_ADDRESS: unlimited,
    GUICHET_DIRECTORY: `file:${peopleFile}`,
    ...oursDatabase,
  });
  const floor = await startServerProcess('bench/floor-server.ts', { FLOOR_DATA_DIR: floorDir, ...floorDatabase });
  const figures: StoreFigures = { store, submissions: new Map(), reads: new Map() };
  try {
    const idle = ours.rss();
    const floorIdle = floor.rss();
    const failures = (what: string, f: LoadFigures) => f.failed.length && console.warn(`${store} ${what}: ${f.failed.join(', ')}`);
    let submitted = 0;

    // Each submission queues mail that the server delivers right after, marking each mail sent in its own commit.
    // Before the floor or the next row runs, that backlog is let drain (the dev outbox stops growing), so one
    // server's deferred work never slows the other's measurement; how long it took is reported.
    const outbox = join(oursDir, 'dev-outbox');
    const drain = async (): Promise<number> => {
      const started = Date.now();
      const count = () => (existsSync(outbox) ? readdirSync(outbox).length : 0);
      let last = count();
      for (let quiet = 0; quiet < 5; ) {
        await delay(200); // poll interval; drained = no new mail for a second
        const now = count();
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }
      return (Date.now() - started) / 1000 - 1;
    };

    // Status reads first, on a quiet server: each request asks for one of our tickets with its own token, as the status page does.
    const tickets: { number: string; token: string }[] = [];
    for (let i = 0; i < readTickets; i++) {
      const response = await fetch(`${ours.url}/api/forms/it-help/submissions`, { method: 'POST', headers: { ...jsonHeaders, 'idempotency-key': randomUUID() }, body });
      if (response.status !== 201) throw new Error(`submission answered ${response.status}: ${await response.text()}`);
      const created = (await response.json()) as { ticket: { number: string }; accessToken: string };
      tickets.push({ number: created.ticket.number, token: created.accessToken });
      const floorRow = await fetch(`${floor.url}/floor/submissions`, { method: 'POST', headers: { ...jsonHeaders, 'idempotency-key': randomUUID() }, body });
      if (floorRow.status !== 201) throw new Error(`floor submission answered ${floorRow.status}`);
    }
    submitted += readTickets;
    await drain();
    let next = 0;
    const ticketRequest = (request: { path: string; headers: Record<string, string> }) => {
      const ticket = tickets[next++ % tickets.length]!;
      request.path = `/api/tickets/${ticket.number}`;
      request.headers.authorization = `Bearer ${ticket.token}`;
    };
    let row = 0;
    const floorRequest = (request: { path: string }) => void (request.path = `/floor/submissions/${(row++ % readTickets) + 1}`);
    // Warm-up (JIT, statement paths, page cache): not measured.
    await runLoad({ url: `${ours.url}/api/tickets/x`, method: 'GET', connections: 10, seconds: Math.min(2, seconds), each: ticketRequest });
    await runLoad({ url: `${floor.url}/floor/submissions/1`, method: 'GET', connections: 10, seconds: Math.min(2, seconds), each: floorRequest });
    for (const connections of readClientCounts) {
      const oursStart = ours.cpuSeconds();
      const o = await runLoad({ url: `${ours.url}/api/tickets/x`, method: 'GET', connections, seconds, each: ticketRequest });
      const oursCpu = (ours.cpuSeconds() - oursStart) / seconds;
      const floorStart = floor.cpuSeconds();
      const f = await runLoad({ url: `${floor.url}/floor/submissions/1`, method: 'GET', connections, seconds, each: floorRequest });
      const floorCpu = (floor.cpuSeconds() - floorStart) / seconds;
      failures(`reads at ${connections}`, o);
      failures(`floor reads at ${connections}`, f);
      figures.reads.set(connections, { ours: o, floor: f, oursCpu, floorCpu });
      console.log(`${store} status reads, ${connections} clients: ${thousands(o.requestsPerSecond)} req/s (floor ${thousands(f.requestsPerSecond)})`);
    }

    // Submissions. Warm-up: not measured.
    submitted += (await submit(ours, '/api/forms/it-help/submissions', 10, { seconds: Math.min(3, seconds) })).succeeded;
    await drain();
    await submit(floor, '/floor/submissions', 10, { seconds: Math.min(3, seconds) });
    for (const connections of clientCounts) {
      // Each server's CPU over its row, as a share of one core: a process near 100 % is bound by its own JavaScript.
      const oursStart = ours.cpuSeconds();
      const o = await submit(ours, '/api/forms/it-help/submissions', connections, { seconds });
      const oursCpu = (ours.cpuSeconds() - oursStart) / seconds;
      const drained = await drain();
      const floorStart = floor.cpuSeconds();
      const f = await submit(floor, '/floor/submissions', connections, { seconds });
      const floorCpu = (floor.cpuSeconds() - floorStart) / seconds;
      failures(`submissions at ${connections}`, o);
      failures(`floor submissions at ${connections}`, f);
      submitted += o.succeeded;
      figures.submissions.set(connections, { ours: o, floor: f, drained, oursCpu, floorCpu });
      console.log(`${store} submissions, ${connections} clients: ${thousands(o.requestsPerSecond)} req/s (floor ${thousands(f.requestsPerSecond)}), mail drained ${fixed(drained)} s after`);
    }

    // Memory: the first store only, growing towards BENCH_RSS_SUBMISSIONS tickets in all, within
    // BENCH_RSS_SECONDS (on a disk where a commit costs milliseconds, 100,000 take longer than a bench should).
    if (store === stores[0]) {
      const memory = { idle, submitted, after: ours.rss(), floorIdle, steps: [] as { submitted: number; rss: number }[] };
      const until = Date.now() + rssSeconds * 1000;
      while (submitted < rssSubmissions && Date.now() < until) {
        const step = await submit(ours, '/api/forms/it-help/submissions', 100, { amount: Math.min(rssSubmissions - submitted, rssStep) });
        failures('memory step', step);
        submitted += step.succeeded;
        memory.steps.push({ submitted, rss: ours.rss() });
      }
      figures.memory = { ...memory, submitted, after: ours.rss() };
      console.log(`${store}: ${thousands(submitted)} submissions in all, RSS ${mib(figures.memory.after)}`);
    }
    return figures;
  } finally {
    await ours.stop();
    await floor.stop();
    rmSync(oursDir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
  }
}

const results: StoreFigures[] = [];
let postgres: TestPostgres | undefined;
try {
  for (const store of stores) {
    // BENCH_POSTGRES_URL: a running server's superuser URL (to watch pg_stat_activity during the load); else one of our own.
    const running = process.env.BENCH_POSTGRES_URL;
    if (store === 'postgres') postgres ??= running ? { url: running, binDir: '', stop: async () => {} } : await startTestPostgres();
    results.push(await benchStore(store, store === 'postgres' ? postgres : undefined));
  }
} finally {
  await postgres?.stop();
}

const ms = (value: number) => fixed(value, value < 10 ? 1 : 0);
const ratio = (a: number, b: number) => fixed(a / b, 2);
printTable(
  `Submissions, POST /api/forms/it-help/submissions (${seconds} s per row; floor: one durable insert behind a bare Hono route)`,
  ['store', 'clients', 'req/s', 'p50 ms', 'p99 ms', 'floor req/s', 'floor p50', 'floor p99', 'req/s ÷ floor', 'p99 ÷ floor', 'p99 open conn. (floor)', 'server CPU (floor)', 'mail drain after'],
  results.flatMap((r) =>
    [...r.submissions].map(([clients, { ours, floor, drained, oursCpu, floorCpu }]) => [
      r.store, clients, thousands(ours.requestsPerSecond), ms(ours.p50), ms(ours.p99),
      thousands(floor.requestsPerSecond), ms(floor.p50), ms(floor.p99), ratio(ours.requestsPerSecond, floor.requestsPerSecond), ratio(ours.p99, floor.p99),
      `${ms(ours.p99OpenConnections)} (${ms(floor.p99OpenConnections)})`, `${fixed(100 * oursCpu, 0)} % (${fixed(100 * floorCpu, 0)} %)`, `${fixed(drained)} s`,
    ]),
  ),
);
printTable(
  'Status reads, GET /api/tickets/:number with Bearer token (floor: one select behind a bare Hono route)',
  ['store', 'clients', 'req/s', 'p50 ms', 'p99 ms', 'floor req/s', 'floor p99', 'req/s ÷ floor', 'p99 open conn. (floor)', 'server CPU (floor)'],
  results.flatMap((r) =>
    [...r.reads].map(([clients, { ours, floor, oursCpu, floorCpu }]) => [
      r.store, clients, thousands(ours.requestsPerSecond), ms(ours.p50), ms(ours.p99), thousands(floor.requestsPerSecond), ms(floor.p99), ratio(ours.requestsPerSecond, floor.requestsPerSecond),
      `${ms(ours.p99OpenConnections)} (${ms(floor.p99OpenConnections)})`, `${fixed(100 * oursCpu, 0)} % (${fixed(100 * floorCpu, 0)} %)`,
    ]),
  ),
);
const targets: (string | number)[][] = [];
for (const r of results) {
  const at10 = r.submissions.get(10);
  const at100 = r.submissions.get(100);
  if (at100) {
    const share = at100.ours.requestsPerSecond / at100.floor.requestsPerSecond;
    targets.push([`${r.store}: req/s at 100 clients ≥ ½ floor`, `${ratio(at100.ours.requestsPerSecond, at100.floor.requestsPerSecond)} × floor`, verdict(share >= 0.5)]);
  }
  if (at10 && r.store === 'sqlite') targets.push([`${r.store}: p99 at 10 clients < 50 ms`, `${ms(at10.ours.p99)} ms`, verdict(at10.ours.p99 < 50)]);
  if (at100) targets.push([`${r.store}: p99 at 100 clients ≤ 2 × floor p99`, `${ms(at100.ours.p99)} ms (floor ${ms(at100.floor.p99)} ms, ${ratio(at100.ours.p99, at100.floor.p99)} ×)`, verdict(at100.ours.p99 <= 2 * at100.floor.p99)]);
  if (at100) {
    const [o, f] = [at100.ours.p99OpenConnections, at100.floor.p99OpenConnections];
    targets.push([`${r.store}: the same, on open connections (each one's first request left out)`, `${ms(o)} ms (floor ${ms(f)} ms, ${ratio(o, f)} ×)`, verdict(o <= 2 * f)]);
  }
}
printTable('Submission targets', ['target', 'measured', 'this run'], targets);
const memory = results.find((r) => r.memory);
if (memory?.memory) {
  const m = memory.memory;
  // Growth over the last steps, once the caches are warm: a leak shows as a steady slope.
  const settled = m.steps.slice(Math.floor(m.steps.length / 2));
  const first = settled[0];
  const last = settled.at(-1);
  const slope = first && last && last.submitted > first.submitted ? ((last.rss - first.rss) / (last.submitted - first.submitted)) * 10_000 : undefined;
  // The target's reading: RSS once half the submissions were in, against RSS at the end (within 10 %).
  const half = m.steps.find((step) => step.submitted >= m.submitted / 2);
  const halfway = half ? `${mib(half.rss)} (${thousands(half.submitted)})` : '—';
  const growth = half ? `${fixed((100 * (m.after - half.rss)) / half.rss, 1)} %` : '—';
  printTable(
    `Server memory (VmRSS of the server process; target: RSS after ${thousands(rssSubmissions)} submissions within 10 % of RSS after half as many; or BENCH_RSS_SECONDS=${rssSeconds} s of them)`,
    ['store', 'idle', 'half-way (submissions)', `after ${thousands(m.submitted)} submissions`, 'end ÷ half-way', 'growth per 10,000 (second half)', 'floor process idle'],
    [[memory.store, mib(m.idle), halfway, mib(m.after), growth, slope === undefined ? '—' : mib(slope), mib(m.floorIdle)]],
  );
  // The curve, a reading each tenth of the way: a cache levels off, a leak keeps climbing.
  const tenth = Math.max(1, Math.round(m.steps.length / 10));
  const curve = m.steps.filter((_, i) => (i + 1) % tenth === 0 || i === m.steps.length - 1);
  printTable('Server memory on the way', ['submissions', 'RSS'], curve.map((step) => [thousands(step.submitted), mib(step.rss)]));
}
