/**
 * The closure sweep at university scale: STORED tickets, DUE of them idle past
 * the limit. Prints the sweep's time and its floor — one bare UPDATE closing the
 * same rows on a copy of the same database — and the query plans that show the
 * due search uses an index (its cost follows the due tickets, not the stored ones).
 *
 *   node --import tsx bench/sweep.ts            # 1,000,000 stored, 100,000 due
 *   STORED=100000 DUE=10000 node --import tsx bench/sweep.ts
 */
import { createMailReader } from '../server/mail/mail-reader.ts';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { createFixedClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { loadCatalogue } from '../server/catalogue.ts';
import { createServices } from '../server/services/index.ts';
import { createTicketFeed } from '../server/services/ticket-feed.ts';
import { createDiskAttachmentStore } from '../server/store/attachment-files.ts';
import { openSqlite } from '../server/store/database.ts';
import { stateRoles } from '../server/services/states.ts';
import { createStore } from '../server/store/store.ts';
import { hashToken } from '../server/services/tokens.ts';
import { openForBulkLoad, secondsSince as seconds } from './bulk-load.ts';
import { fixed, printTable, thousands, verdict } from './table.ts';

const stored = Number(process.env.STORED ?? 1_000_000);
const due = Number(process.env.DUE ?? 100_000);
const day = 86_400_000;
const now = new Date('2026-09-15T10:00:00Z');
const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-sweep-'));
const floorDir = mkdtempSync(join(tmpdir(), 'guichet-bench-floor-'));

try {
  const clock = createFixedClock(now);
  const config = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir });
  const db = await openForBulkLoad(dataDir);
  const load = process.hrtime.bigint();
  const insert = db.prepare(`INSERT INTO tickets (number, form_id, form_version, queue_id, state, requester_id, requester_email, requester_name,
    requester_affiliations, lang, data, access_token_hash, created_at, updated_at, last_activity_at) VALUES
    (?, 'it-help', 1, 'helpdesk', ?, 'alice', 'alice.martin@example.edu', 'Alice Martin', '["staff"]', 'fr', ?, ?, ?, ?, ?)`);
  const data = JSON.stringify({ subject: 'Printer offline', category: 'printing', description: 'The printer in B12 is offline since Monday.' });
  const hash = hashToken('bench');
  const states = ['closed', 'closed', 'closed', 'pending', 'appointment', 'open', 'new'];
  db.transaction(() => {
    for (let i = 0; i < stored; i++) {
      const isDue = i < due;
      // Due: new/open, idle 7–30 days. The rest: closed history, waiting tickets, or recent activity.
      const state = isDue ? (i % 2 ? 'open' : 'new') : states[i % states.length]!;
      const last = new Date(now.getTime() - (isDue ? 7 * day + (i % (23 * day)) : state === 'open' || state === 'new' ? i % (5 * day) : 10 * day + (i % (300 * day)))).toISOString();
      insert.run(`2026-${String(i + 1).padStart(6, '0')}`, state, data, hash, last, last, last);
    }
  })();
  db.prepare("INSERT INTO ticket_counters (year, last) VALUES (2026, ?)").run(stored);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  console.log(`loaded ${stored.toLocaleString('en')} tickets (${due.toLocaleString('en')} due) in ${seconds(load).toFixed(1)} s`);
  const plans = [
    ["SELECT * FROM tickets WHERE state = 'pending_auto_close' AND auto_close_at <= ? ORDER BY auto_close_at LIMIT 500", [now.toISOString()]],
    ["SELECT * FROM tickets WHERE queue_id = ? AND state = 'open' AND last_activity_at < ? ORDER BY last_activity_at LIMIT 500", ['helpdesk', new Date(now.getTime() - 6 * day).toISOString()]],
  ] as const;
  for (const [query, params] of plans) {
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[];
    console.log(`plan: ${plan.map((p) => p.detail).join(' | ')}`);
  }
  db.close();
  copyFileSync(join(dataDir, 'guichet.sqlite'), join(floorDir, 'guichet.sqlite'));

  // The real services on the real store; mail delivery is not started, so the sweep is measured alone
  // (it queues each closure mail in the outbox, in the closure's transaction, as in production).
  const kysely = await openSqlite(dataDir);
  const store = createStore(kysely, stateRoles);
  const services = createServices({ config, store, attachments: createDiskAttachmentStore(join(dataDir, 'attachments')), clock, catalogue: loadCatalogue(config.formsDir), feed: createTicketFeed(), mail: { wake() {} }, logger: pino({ level: 'silent' }), mailReader: createMailReader({ limits: { maxTextCharacters: 20_000 } }) });
  const runtime = { sweep: services.sweep, close: () => kysely.destroy() };
  const dry = process.hrtime.bigint();
  const listed = await runtime.sweep({ dryRun: true });
  const dryTime = seconds(dry);
  const started = process.hrtime.bigint();
  const result = await runtime.sweep();
  const sweepTime = seconds(started);
  const empty = process.hrtime.bigint();
  const nothing = await runtime.sweep();
  const emptyTime = seconds(empty);
  await runtime.close();
  if (nothing.closed.length !== 0) throw new Error('a second sweep found due tickets');
  if (result.closed.length !== due || listed.closed.length !== due) throw new Error(`expected ${due} closures, got ${result.closed.length} (dry run ${listed.closed.length})`);

  // The floor: the same rows closed by one statement, on the same data, with the same durability.
  const floorDb = new SQLite(join(floorDir, 'guichet.sqlite'));
  floorDb.pragma('journal_mode = WAL');
  floorDb.pragma('synchronous = FULL');
  const floorStart = process.hrtime.bigint();
  const floor = floorDb
    .prepare("UPDATE tickets SET state = 'closed', closed_at = ?, close_reason = 'idle', updated_at = ? WHERE state IN ('new', 'open') AND last_activity_at < ?")
    .run(now.toISOString(), now.toISOString(), new Date(now.getTime() - 6 * day).toISOString());
  const floorTime = seconds(floorStart);
  floorDb.close();
  if (floor.changes !== due) throw new Error(`floor closed ${floor.changes}, expected ${due}`);

  const row = (what: string, measured: string, floor: string, target: string, met?: boolean) => [what, measured, floor, target, met === undefined ? '—' : verdict(met)];
  printTable(`Closure sweep, ${thousands(due)} due among ${thousands(stored)} stored (SQLite; floor: one bare UPDATE of the same rows, synchronous=FULL)`, ['what', 'measured', 'floor', 'target', 'this run'], [
    row('dry run (list the due tickets)', `${fixed(dryTime, 2)} s`, '—', '—'),
    row('sweep (state + event + closure mail each, 500 per transaction)', `${fixed(sweepTime, 2)} s, ${thousands(due / sweepTime)} tickets/s`, `${fixed(floorTime, 2)} s (sweep ÷ floor ${fixed(sweepTime / floorTime)})`, due === 100_000 ? '< 30 s' : `< ${fixed((30 * due) / 100_000)} s (30 s per 100,000)`, sweepTime < (30 * due) / 100_000),
    row('empty sweep (0 due)', `${fixed(emptyTime * 1000)} ms`, '—', '< 50 ms', emptyTime < 0.05),
  ]);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(floorDir, { recursive: true, force: true });
}
