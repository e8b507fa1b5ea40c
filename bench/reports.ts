/**
 * Service figures at university scale: a year of TICKETS (40,000 by default,
 * the founding helpdesk's year) with their history, then the report of one
 * month and of the whole year, for one queue and for every queue, timed
 * through the real service on the real store. Prints the query plans.
 *
 *   node --import tsx bench/reports.ts
 *   TICKETS=200000 node --import tsx bench/reports.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFixedClock } from '../server/clock.ts';
import { loadCatalogue } from '../server/catalogue.ts';
import { loadConfig } from '../server/config.ts';
import type { Person } from '../server/identity/person.ts';
import { createReports } from '../server/services/reports.ts';
import { hashToken } from '../server/services/tokens.ts';
import { openSqlite } from '../server/store/database.ts';
import { openForBulkLoad, secondsSince as seconds } from './bulk-load.ts';
import { stateRoles } from '../server/services/states.ts';
import { createStore } from '../server/store/store.ts';

const tickets = Number(process.env.TICKETS ?? 40_000);
const hour = 3_600_000;
const yearStart = Date.parse('2026-01-01T00:00:00Z');
const now = new Date('2027-01-05T10:00:00Z');
const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-reports-'));

try {
  const config = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir });
  const db = await openForBulkLoad(dataDir);
  const load = process.hrtime.bigint();
  const insertTicket = db.prepare(`INSERT INTO tickets (number, form_id, form_version, queue_id, state, requester_id, requester_email, requester_name,
    requester_affiliations, lang, data, access_token_hash, created_at, updated_at, last_activity_at, closed_at, close_reason) VALUES
    (?, 'it-help', 1, ?, ?, 'alice', 'alice.martin@example.edu', 'Alice Martin', '["staff"]', 'fr', '{}', ?, ?, ?, ?, ?, ?)`);
  const insertEvent = db.prepare(`INSERT INTO events (ticket_id, at, type, author_kind, author_id, author_name, public, body, data) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?)`);
  const hash = hashToken('bench');
  let events = 0;
  db.transaction(() => {
    for (let i = 0; i < tickets; i++) {
      const created = yearStart + Math.floor((i / tickets) * 365 * 24 * hour);
      const iso = (ms: number) => new Date(ms).toISOString();
      const queue = i % 3 === 0 ? 'purchasing' : 'helpdesk';
      const history: [number, string, string, number, string | null, string | null][] = [[created, 'submitted', 'requester', 1, null, null]];
      let at = created + (1 + (i % 47)) * hour;
      history.push([at, 'agent_reply', 'agent', 1, 'Looking into it.', null]);
      history.push([at + hour, 'note', 'agent', 0, 'Called the requester.', null]);
      at += (2 + (i % 90)) * hour;
      const sweep = i % 4 === 0;
      history.push(sweep ? [at, 'auto_closed', 'system', 1, null, '{"reason":"idle","from":"open"}'] : [at, 'state_changed', 'agent', 1, null, '{"from":"open","to":"closed"}']);
      if (i % 9 === 0) {
        at += 20 * hour;
        history.push([at, 'reopened', 'requester', 1, 'Still broken.', `{"via":"web","closeReason":"${sweep ? 'idle' : 'agent'}"}`]);
        at += 5 * hour;
        history.push([at, 'agent_reply', 'agent', 1, 'Fixed now.', null]);
        at += 5 * hour;
        history.push([at, 'state_changed', 'agent', 1, null, '{"from":"open","to":"closed"}']);
      }
      if (i % 5 === 0) history.push([at + 3 * hour, 'requester_message', 'requester', 1, 'Merci !', '{"thanks":true,"via":"mail"}']);
      if (i % 6 === 0) history.push([at + 4 * hour, 'feedback', 'requester', 1, null, `{"rating":${1 + (i % 5)}}`]);
      const open = i % 50 === 0;
      const last = history.at(-1)![0];
      const { lastInsertRowid } = insertTicket.run(`2026-${String(i + 1).padStart(6, '0')}`, queue, open ? 'open' : 'closed', hash, iso(created), iso(last), iso(last), open ? null : iso(at), open ? null : sweep ? 'idle' : 'agent');
      for (const [when, type, kind, pub, body, data] of open ? history.slice(0, 2) : history) {
        insertEvent.run(lastInsertRowid, iso(when), type, kind, pub, body, data);
        events += 1;
      }
    }
  })();
  db.exec('ANALYZE');
  console.log(`loaded ${tickets.toLocaleString('en')} tickets and ${events.toLocaleString('en')} events in ${seconds(load).toFixed(1)} s`);
  const types = `'agent_reply','approved','rejected','state_changed','auto_closed','reopened','requester_message','feedback'`;
  const plans = [
    `SELECT id, queue_id, created_at FROM tickets WHERE queue_id IN ('helpdesk') AND created_at >= '2026-06-01' AND created_at < '2026-07-01'`,
    `SELECT events.id, events.ticket_id, tickets.queue_id, events.at, events.type, events.data FROM events INNER JOIN tickets ON tickets.id = events.ticket_id
     WHERE events.at >= '2026-06-01' AND events.at < '2026-07-01' AND events.type IN (${types}) AND tickets.queue_id IN ('helpdesk') ORDER BY events.id`,
  ];
  for (const query of plans) console.log(`plan: ${(db.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ')}`);
  db.close();

  const kysely = await openSqlite(dataDir);
  const reports = createReports({ store: createStore(kysely, stateRoles), clock: createFixedClock(now), catalogue: loadCatalogue(config.formsDir), timeZone: config.timeZone });
  const admin: Person = { id: 'gina', name: 'Gina', email: 'gina@example.edu', affiliations: ['staff'], groups: [], agentOf: [], admin: true };
  for (const [what, query] of [
    ['June, helpdesk', { queue: 'helpdesk', from: '2026-06-01', to: '2026-07-01' }],
    ['June, every queue', { from: '2026-06-01', to: '2026-07-01' }],
    ['the year, every queue', { from: '2026-01-01', to: '2027-01-01' }],
  ] as const) {
    await reports.report(admin, query, 'en'); // warm the page cache: the figure is a report on a running server
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const report = await reports.report(admin, query, 'en');
    const { user, system } = process.cpuUsage(cpu);
    const created = report.queues.reduce((sum, q) => sum + q.created, 0);
    // CPU time too: on a shared machine the wall clock also counts the other processes' turns.
    console.log(`${what}: ${(seconds(started) * 1000).toFixed(0)} ms wall, ${((user + system) / 1000).toFixed(0)} ms CPU (${created.toLocaleString('en')} tickets created in the period)`);
  }
  await kysely.destroy();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
