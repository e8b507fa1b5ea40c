/**
 * Several server processes on one PostgreSQL behave as one service (issue 7):
 * real `server/main.ts` processes, started as systemd would, on one database.
 *
 * Always on PostgreSQL, the only store several processes share: on the
 * suite's server when GUICHET_TEST_POSTGRES_URL names one (npm test's
 * PostgreSQL step), else on one this file starts itself — so the SQLite step
 * runs it as well instead of skipping it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { parallelRecipients } from '../../server/mail/delivery.ts';
import { ticketEvents, nextWithin } from '../support/live-events.ts';
import { dropTestDatabase, ensureTestDatabase, startTestPostgres, type TestPostgres } from '../support/postgres.ts';
import { createTestRuntime } from '../support/runtime.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';

const adminToken = randomBytes(24).toString('base64url');
const help = (i: number) => ({ subject: `Printer ${i} offline`, category: 'printing', description: `The printer in room B${i} says offline.` });
const requesters = ['alice', 'bruno', 'chloe'];

let postgresUrl: string;
let ownPostgres: TestPostgres | undefined;
const folders: string[] = [];

before(async () => {
  if (process.env.GUICHET_TEST_POSTGRES_URL) postgresUrl = process.env.GUICHET_TEST_POSTGRES_URL;
  else postgresUrl = (ownPostgres = await startTestPostgres()).url;
});
after(async () => {
  for (const folder of folders) {
    await dropTestDatabase(postgresUrl, folder);
    rmSync(folder, { recursive: true, force: true });
  }
  await ownPostgres?.stop();
});

function folder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  folders.push(path);
  return path;
}

/** A cluster: one database, one secret, one admin token; each process its own data folder and port. */
async function cluster(env: Record<string, string> = {}) {
  const root = folder('guichet-cluster-');
  const databaseUrl = await ensureTestDatabase(postgresUrl, root);
  const shared = {
    GUICHET_MODE: 'dev',
    GUICHET_DATABASE_URL: databaseUrl,
    GUICHET_SECRET: randomBytes(32).toString('base64url'),
    GUICHET_ADMIN_TOKEN: adminToken,
    GUICHET_RATE_LIMIT_PERSON: '100000/1m',
    GUICHET_RATE_LIMIT_ADDRESS: '100000/1m',
    // A few requesters receive hundreds of automatic mails here (confirmations, closures): the loop protection's cap is not under test.
    GUICHET_AUTOMATIC_MAILS_PER_DAY: '100000',
    ...env,
  };
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    db,
    databaseUrl,
    start: (name: string) => startServerProcess(folder(`guichet-${name}-`), shared),
  };
}

async function call(server: ServerProcess, method: string, path: string, options: { as?: string; token?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.as) headers['x-guichet-dev-user'] = options.as;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (path.includes('/submissions')) headers['idempotency-key'] = crypto.randomUUID();
  const response = await fetch(server.url + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMilliseconds = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMilliseconds} ms waiting for ${what}`);
    await delay(100); // poll interval on a condition, not a synchronisation
  }
}

async function unsentMails(db: pg.Pool): Promise<number> {
  return Number((await db.query(`select count(*) as n from outbox where status <> 'sent'`)).rows[0].n);
}

describe('two server processes on one PostgreSQL', () => {
  let the: Awaited<ReturnType<typeof cluster>>;
  let a: ServerProcess;
  let b: ServerProcess;
  const tickets: { number: string; token: string; via: 'a' | 'b' }[] = [];

  before(async () => {
    the = await cluster();
    [a, b] = await Promise.all([the.start('a'), the.start('b')]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await the?.db.end();
  });

  test('200 submissions spread over both make 200 tickets with distinct numbers, each readable and workable through the other', async () => {
    const answers = await inParallel(
      Array.from({ length: 200 }, (_, i) => i),
      8,
      async (i) => {
        const via = i % 2 ? 'b' : 'a';
        const answer = await call(via === 'a' ? a : b, 'POST', '/api/forms/it-help/submissions', { as: requesters[i % 3], json: { data: help(i) } });
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
        return { number: answer.body.ticket.number as string, token: answer.body.accessToken as string, via } as const;
      },
    );
    tickets.push(...answers);
    assert.equal(new Set(tickets.map((t) => t.number)).size, 200, 'no number given twice');
    assert.equal(Number((await the.db.query('select count(*) as n from tickets')).rows[0].n), 200);

    for (const ticket of tickets.filter((_, i) => i % 20 === 0)) {
      const other = ticket.via === 'a' ? b : a;
      const read = await call(other, 'GET', `/api/tickets/${ticket.number}?lang=en`, { token: ticket.token });
      assert.equal(read.status, 200, `${ticket.number}, created through ${ticket.via}, read through the other`);
      assert.equal(read.body.state, 'new');
    }
    const worked = tickets[0]!;
    assert.equal((await call(b, 'POST', `/api/agent/tickets/${worked.number}/replies`, { as: 'felix', json: { body: 'Looking into it.' } })).status, 201);
    assert.equal((await call(a, 'GET', `/api/tickets/${worked.number}?lang=en`, { token: worked.token })).body.state, 'open');
  });

  test('a live status open on one process shows an agent’s reply made through the other within 2 s; so does the agents’ queue view', async () => {
    const ticket = tickets.find((t) => t.via === 'a' && t.number !== tickets[0]!.number)!;
    const abort = new AbortController();
    try {
      const status = await fetch(`${a.url}/api/tickets/${ticket.number}/live?lang=en`, { headers: { authorization: `Bearer ${ticket.token}` }, signal: abort.signal });
      assert.equal(status.status, 200);
      const requesterView = ticketEvents(status);
      assert.equal((await nextWithin(requesterView, 5000, 'the first event')).state, 'new');
      const queue = await fetch(`${a.url}/api/agent/queues/helpdesk/live`, { headers: { 'x-guichet-dev-user': 'felix' }, signal: abort.signal });
      const agentView = ticketEvents(queue);
      assert.ok(Array.isArray((await nextWithin(agentView, 5000, 'the queue')).tickets));

      const started = Date.now();
      assert.equal((await call(b, 'POST', `/api/agent/tickets/${ticket.number}/replies`, { as: 'felix', json: { body: 'On its way.' } })).status, 201);
      const update = await nextWithin(requesterView, 2000, 'the reply made through the other process');
      console.log(`# live update across processes after ${Date.now() - started} ms`);
      assert.equal(update.state, 'open');
      assert.equal(update.events.at(-1).body, 'On its way.');

      let seen;
      do seen = await nextWithin(agentView, 2000, 'the queue change made through the other process');
      while (seen.number !== ticket.number);
      assert.equal(seen.state, 'open');
    } finally {
      abort.abort();
    }
  });

  test('both sweeping at once close each due ticket once; every mail, closures included, leaves once', async () => {
    // The submissions' mail leaves first. The two dev clocks jump eight days one after the other: between the jumps one
    // process would see the other's delivery claims (two minutes long) as expired and send those mails again, a clock
    // skew that processes sharing the machine's real clock never have.
    await until('the submissions’ mail delivered', async () => (await unsentMails(the.db)) === 0);
    for (const server of [a, b]) assert.equal((await call(server, 'POST', '/api/dev/clock', { json: { advance: 'P8D' } })).status, 200);
    const sweep = (server: ServerProcess) => call(server, 'POST', '/api/admin/sweep', { token: adminToken });
    const [byA, byB] = await Promise.all([sweep(a), sweep(b)]);
    assert.equal(byA.status, 200, JSON.stringify(byA.body));
    assert.equal(byB.status, 200, JSON.stringify(byB.body));
    const closed = [...byA.body.closed, ...byB.body.closed].map((c: { number: string }) => c.number);
    console.log(`# concurrent sweeps: a closed ${byA.body.closed.length}, b closed ${byB.body.closed.length}`);
    assert.deepEqual(closed.sort(), tickets.map((t) => t.number).sort(), 'every due ticket closed, none by both');

    const closures = await the.db.query(`select t.number, count(o.id) as n from tickets t left join outbox o on o.ticket_id = t.id and o.kind = 'closure' group by t.number`);
    assert.equal(closures.rows.length, 200);
    assert.deepEqual(closures.rows.filter((r) => Number(r.n) !== 1), [], 'one closure mail per ticket');

    await until('every mail delivered', async () => (await unsentMails(the.db)) === 0);
    const stored = (await the.db.query(`select message_id from outbox`)).rows.map((r) => r.message_id as string);
    const delivered = [...(await call(a, 'GET', '/api/dev/mail')).body, ...(await call(b, 'GET', '/api/dev/mail')).body].map((m: { messageId: string }) => m.messageId);
    console.log(`# ${stored.length} mails: ${delivered.length} deliveries through both processes`);
    assert.deepEqual([...delivered].sort(), [...stored].sort(), 'each mail delivered once, by one of the two');
  });
});

describe('a process killed while it delivers the outbox', () => {
  test('after its restart every mail has arrived; a duplicate carries the same Message-ID', async () => {
    // A slow mail server, so the kill lands in the middle of the outbox.
    const peer = await startSmtpPeer(0, { acceptDelayMilliseconds: 40 });
    const the = await cluster({ GUICHET_SMTP_URL: peer.url });
    const processes: ServerProcess[] = [];
    const started = Date.now();
    const phase = (what: string) => console.log(`# ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
    try {
      const a = await the.start('a');
      phase('a started');
      processes.push(a);
      await inParallel(
        Array.from({ length: 40 }, (_, i) => i),
        6,
        async (i) => assert.equal((await call(a, 'POST', '/api/forms/it-help/submissions', { as: requesters[i % 3], json: { data: help(i) } })).status, 201),
      );
      phase('40 submissions through a');
      await until('the first mails at the SMTP server', async () => peer.received.length >= 5, 30_000);
      await a.kill();
      const installation = readFileSync(join(a.dataDir, 'delivery-worker'), 'utf8').trim();
      const claimedByA = async () => Number((await the.db.query(`select count(*) as n from outbox where status = 'pending' and claimed_by like $1`, [`${installation}/%`])).rows[0].n);
      const held = await claimedByA();
      const total = Number((await the.db.query('select count(*) as n from outbox')).rows[0].n);
      console.log(`# killed with ${peer.received.length} of ${total} mails at the SMTP server, holding ${held} claims`);
      assert.ok(held > 0, 'killed while it held claimed mails');

      // The other process delivers the rest, but leaves the dead one's claims alone.
      const b = await the.start('b');
      processes.push(b);
      phase('b started');
      // One more mail, queued after the held ones: once b has sent it, b's delivery has passed over them.
      assert.equal((await call(b, 'POST', '/api/forms/it-help/submissions', { as: 'alice', json: { data: help(40) } })).status, 201);
      await until('the other process to deliver what was not claimed', async () => (await unsentMails(the.db)) <= held, 30_000);
      assert.equal(await claimedByA(), held, 'the claims of the killed process keep others off its mails');
      assert.equal(await unsentMails(the.db), held);

      phase('b delivered all but the held mails');
      await a.restart();
      phase('a restarted');
      await until('every mail delivered after the restart', async () => (await unsentMails(the.db)) === 0, 30_000);
      phase('every mail delivered');
      const stored = (await the.db.query('select message_id, subject, to_address from outbox')).rows as { message_id: string; subject: string; to_address: string }[];
      const arrived = new Map<string, number>();
      for (const mail of peer.received) arrived.set(mail.messageId!, (arrived.get(mail.messageId!) ?? 0) + 1);
      assert.deepEqual(stored.filter((m) => !arrived.has(m.message_id)), [], 'every mail arrived');
      assert.equal(arrived.size, stored.length, 'nothing arrived that the outbox does not hold');
      const duplicates = [...arrived.values()].reduce((sum, n) => sum + n - 1, 0);
      console.log(`# ${stored.length} mails, ${peer.received.length} arrivals, ${duplicates} duplicate(s)`);
      // A duplicate is the same message again: same Message-ID, so a mail client shows it once.
      const idsPerMessage = new Map<string, Set<string>>();
      for (const mail of peer.received) {
        const key = `${mail.subject}\n${mail.text}`;
        idsPerMessage.set(key, (idsPerMessage.get(key) ?? new Set()).add(mail.messageId!));
      }
      assert.deepEqual([...idsPerMessage.values()].filter((ids) => ids.size > 1), [], 'a mail sent again kept its Message-ID');
      assert.ok(duplicates <= parallelRecipients, 'only the mails in flight at the kill (one per recipient being served) can arrive twice');
    } finally {
      for (const server of processes) await server.stop();
      await the.db.end();
      await peer.stop();
    }
  });
});

describe('the live relay between processes', () => {
  test('after its database connection drops it reconnects, and changes flow again', async () => {
    const the = await cluster();
    const dataDir = folder('guichet-relay-');
    // Two runtimes in this process, each with its own pool and listening connection, stand for two processes.
    const env = { GUICHET_DATABASE_URL: the.databaseUrl };
    const [one, two] = [await createTestRuntime({ dataDir, env }), await createTestRuntime({ dataDir, env })];
    const heard: string[] = [];
    const unsubscribe = two.services.feed.subscribe((change) => heard.push(change.number));
    try {
      one.services.feed.publish({ number: '2026-000001', queueId: 'helpdesk' });
      await until('the first change relayed', async () => heard.includes('2026-000001'), 5000);

      // A PostgreSQL restart or a failover cuts every connection; here, the listening ones.
      const cut = await the.db.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'guichet-live' and datname = current_database()`);
      assert.equal(cut.rowCount, 2, 'both listening connections cut');
      let sent = 1;
      // Changes made while it reconnects are not relayed (the views catch up at the next one); publish until one is.
      await until('a change relayed after the reconnection', async () => {
        one.services.feed.publish({ number: `2026-${String(++sent).padStart(6, '0')}`, queueId: 'helpdesk' });
        return heard.length > 1;
      }, 15_000);
      assert.ok(heard.length > 1);
    } finally {
      unsubscribe();
      await one.close();
      await two.close();
      await the.db.end();
    }
  });
});
