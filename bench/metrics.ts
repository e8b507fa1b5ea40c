/**
 * A /metrics scrape at university scale: STORED tickets and PENDING mails in
 * the outbox. Prints the scrape's time (the tickets-by-queue-and-state and the
 * outbox gauges are read from the store at each scrape) and its floor: the same
 * two queries run bare, on the same database.
 *
 *   node --import tsx bench/metrics.ts            # 1,000,000 stored, 1,000 pending
 *   STORED=100000 node --import tsx bench/metrics.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixedClock } from '../server/clock.ts';
import { createMetrics } from '../server/metrics.ts';
import { openSqlite } from '../server/store/database.ts';
import { openForBulkLoad } from './bulk-load.ts';
import { observationQueries } from '../server/store/observation.ts';
import { stateRoles } from '../server/services/states.ts';
import { createStore } from '../server/store/store.ts';

const stored = Number(process.env.STORED ?? 1_000_000);
const pending = Number(process.env.PENDING ?? 1_000);
const rounds = 9;
const now = new Date('2026-09-15T10:00:00Z');
const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-metrics-'));

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function timed(work: () => unknown, times: number): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = process.hrtime.bigint();
    await work();
    runs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(runs);
}

try {
  const db = await openForBulkLoad(dataDir);
  const ticket = db.prepare(`INSERT INTO tickets (number, form_id, form_version, queue_id, state, requester_id, requester_email, requester_name,
    requester_affiliations, lang, data, access_token_hash, created_at, updated_at, last_activity_at) VALUES
    (?, 'it-help', 1, ?, ?, 'alice', 'alice.martin@example.edu', 'Alice Martin', '["staff"]', 'fr', '{}', 'hash', ?, ?, ?)`);
  const mail = db.prepare(`INSERT INTO outbox (ticket_id, kind, message_id, to_address, subject, text, html, headers, status, attempts, next_attempt_at, created_at)
    VALUES (NULL, 'confirmation', ?, 'alice.martin@example.edu', 's', 't', 'h', '{}', ?, 0, ?, ?)`);
  const states = ['closed', 'closed', 'closed', 'closed', 'pending', 'appointment', 'open', 'new', 'approved'];
  const queues = ['helpdesk', 'software', 'library', 'exams'];
  const at = now.toISOString();
  db.transaction(() => {
    for (let i = 0; i < stored; i++) ticket.run(`2026-${String(i + 1).padStart(7, '0')}`, queues[i % queues.length], states[i % states.length], at, at, at);
    // The outbox keeps every mail sent: the sent ones outnumber the waiting ones by far.
    for (let i = 0; i < stored; i++) mail.run(`<m${i}@bench>`, i < pending ? 'pending' : 'sent', at, at);
  })();
  db.exec('ANALYZE');

  const floorQueries = [db.prepare('SELECT queue_id, state, count(*) FROM tickets GROUP BY queue_id, state'), db.prepare("SELECT count(*), min(created_at) FROM outbox WHERE status = 'pending'")];
  const floor = await timed(() => floorQueries.forEach((q) => q.all()), rounds);
  db.close();

  const kysely = await openSqlite(dataDir);
  const store = createStore(kysely, stateRoles);
  const observation = observationQueries(kysely);
  const metrics = createMetrics({ clock: createFixedClock(now), ticketsByQueueAndState: () => store.countByQueueAndState(), outboxBacklog: () => observation.outboxBacklog() });
  const page = (await metrics.scrape()).body;
  if (!page.includes(`guichet_outbox_pending ${pending}`)) throw new Error('the scrape does not show the pending mails');
  const scrape = await timed(() => metrics.scrape(), rounds);
  await kysely.destroy();

  console.log(`scrape:  ${stored.toLocaleString('en')} tickets, ${stored.toLocaleString('en')} mails (${pending.toLocaleString('en')} pending): ${scrape.toFixed(1)} ms (median of ${rounds})`);
  console.log(`floor:   the same two queries, bare: ${floor.toFixed(1)} ms`);
  console.log(`ratio:   ${(scrape / floor).toFixed(2)}`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
