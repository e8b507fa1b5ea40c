import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { CompiledQuery, createQueryId, type RootOperationNode, sql } from 'kysely';
import { pino } from 'pino';
import { createMailDelivery, type MailDelivery } from '../../server/mail/delivery.ts';
import { createSmtpTransport } from '../../server/mail/transport.ts';
import { deliveryInstallation } from '../../server/mail/worker-name.ts';
import type { NewOutboxRow } from '../../server/store/schema.ts';
import { stateRoles } from '../../server/services/states.ts';
import { createStore } from '../../server/store/store.ts';
import { createTestRuntime, type TestRuntime, testDialect } from '../support/runtime.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';

const logger = pino({ level: 'silent' });
const now = new Date('2026-03-10T09:00:00Z');

function outboxMail(i: number): NewOutboxRow {
  return {
    ticket_id: null,
    kind: 'reply',
    message_id: `<claims-${i}-${crypto.randomUUID()}@guichet.test>`,
    to_address: `person${i}@example.edu`,
    reply_to: null,
    subject: `Mail ${i}`,
    text: `Mail number ${i}.`,
    html: `<p>Mail number ${i}.</p>`,
    headers: '{}',
    status: 'pending',
    attempts: 0,
    next_attempt_at: now.toISOString(),
    created_at: now.toISOString(),
  };
}

/** What the SMTP server got, Message-ID → how many times. */
function arrivals(peer: Awaited<ReturnType<typeof startSmtpPeer>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of peer.received) counts.set(mail.messageId!, (counts.get(mail.messageId!) ?? 0) + 1);
  return counts;
}

/** Unsent mails claimed by any run of `installation`. */
async function pendingClaimedBy(runtime: TestRuntime, installation: string): Promise<number> {
  const rows = await runtime.db.selectFrom('outbox').select('id').where('status', '=', 'pending').where('claimed_by', 'like', `${installation}/%`).execute();
  return rows.length;
}

// Two runtimes on one data folder stand for two processes on one store (two SQLite connections on one file, or two PostgreSQL pools).
describe('two delivery workers on one outbox', () => {
  let dataDir: string;
  let first: TestRuntime;
  let second: TestRuntime;
  let peer: Awaited<ReturnType<typeof startSmtpPeer>>;
  const workers: MailDelivery[] = [];
  const worker = (runtime: TestRuntime, name: string) => {
    const delivery = createMailDelivery({ store: runtime.store, transport: createSmtpTransport(peer.url), clock: runtime.clock, from: 'Guichet <guichet@uni.example>', logger, installation: name });
    workers.push(delivery);
    return delivery;
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'guichet-claims-'));
    first = await createTestRuntime({ now, dataDir });
    second = await createTestRuntime({ now, dataDir });
    peer = await startSmtpPeer(0, { acceptDelayMilliseconds: 5 });
  });
  afterEach(async () => {
    for (const delivery of workers.splice(0)) await delivery.stop();
    await first.close();
    await second.close();
    await peer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('deliver 60 mails together, each exactly once', async () => {
    const mails = Array.from({ length: 60 }, (_, i) => outboxMail(i));
    await first.store.enqueueMails(mails);
    const [a, b] = [worker(first, 'a'), worker(second, 'b')];
    const [byA, byB] = await Promise.all([a.deliverDue(), b.deliverDue()]);

    assert.equal(byA + byB, 60, `a sent ${byA}, b sent ${byB}`);
    const counts = arrivals(peer);
    assert.deepEqual([...counts.keys()].sort(), mails.map((m) => m.message_id).sort(), 'every mail arrived');
    assert.deepEqual([...counts.values()].filter((n) => n > 1), [], 'no mail arrived twice');
    const unsent = await first.db.selectFrom('outbox').select('id').where('status', '!=', 'sent').execute();
    assert.deepEqual(unsent, []);
  });

  test('a stopped worker gives back the mails it had claimed, and the other delivers them once', async () => {
    const mails = Array.from({ length: 40 }, (_, i) => outboxMail(i));
    await first.store.enqueueMails(mails);
    const a = worker(first, 'a');
    const delivering = a.deliverDue();
    // Stop in the middle of a claimed batch (the SMTP server takes a few ms per mail).
    while (peer.received.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await a.stop();
    const sentByA = await delivering;
    assert.ok(sentByA < 40, `stopped mid-batch (a sent ${sentByA})`);
    assert.equal(await pendingClaimedBy(first, 'a'), 0, 'no claim left behind');

    const sentByB = await worker(second, 'b').deliverDue();
    assert.equal(sentByA + sentByB, 40);
    assert.deepEqual([...arrivals(peer).values()].filter((n) => n > 1), [], 'no mail arrived twice');
    assert.equal(arrivals(peer).size, 40);
  });

  test('a process that shuts down (runtime close, as on SIGTERM) gives back the mails it had claimed', async () => {
    await first.store.enqueueMails(Array.from({ length: 30 }, (_, i) => outboxMail(i)));
    const stopping = await createTestRuntime({ now, dataDir, env: { GUICHET_SMTP_URL: peer.url } });
    const delivering = stopping.delivery.deliverDue();
    while (peer.received.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await stopping.close();
    const sent = await delivering;
    assert.ok(sent < 30, `closed mid-batch (sent ${sent})`);
    assert.equal(await pendingClaimedBy(first, deliveryInstallation(dataDir)), 0, 'no claim left behind');
    assert.equal(await worker(second, 'b').deliverDue(), 30 - sent, 'the other process sends the rest at once');
    assert.equal(arrivals(peer).size, 30);
  });

  test('an operator’s CLI run beside the server (same data folder) gives back only its own claims when it ends', async () => {
    await first.store.enqueueMails(Array.from({ length: 3 }, (_, i) => outboxMail(i)));
    // The serving process holds three mails (it is sending them).
    await first.store.claimDueMails('site/serving-run', now.toISOString(), new Date(now.getTime() + 120_000).toISOString(), 20);
    const cli = worker(second, 'site');
    assert.equal(await cli.deliverDue(), 0);
    await cli.stop();
    assert.equal(await pendingClaimedBy(first, 'site'), 3, 'the serving run keeps its claims');
  });

  test('the claims of a worker that died stay off limits until they expire; its next life gives them back at once', async () => {
    await first.store.enqueueMails(Array.from({ length: 5 }, (_, i) => outboxMail(i)));
    // A process claims five mails, then is killed before sending any.
    const claimed = await first.store.claimDueMails('dead/run-1', now.toISOString(), new Date(now.getTime() + 120_000).toISOString(), 20);
    assert.equal(claimed.length, 5);

    assert.equal(await worker(second, 'b').deliverDue(), 0, 'another worker leaves them while the claim holds');
    assert.equal(peer.received.length, 0);

    // Restarted (same data folder, same name): it gives its old claims back and sends them.
    const reborn = worker(first, 'dead');
    reborn.start();
    while (peer.received.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    await reborn.stop();
    assert.equal(arrivals(peer).size, 5);

    // And a worker that never comes back: two minutes later its claims have expired.
    await first.store.enqueueMails([outboxMail(5)]);
    await first.store.claimDueMails('gone/run-1', now.toISOString(), new Date(now.getTime() + 120_000).toISOString(), 20);
    const b = worker(second, 'b2');
    assert.equal(await b.deliverDue(), 0);
    second.clock.advance(120_000);
    assert.equal(await b.deliverDue(), 1);
    assert.equal(arrivals(peer).size, 6);
    assert.deepEqual([...arrivals(peer).values()].filter((n) => n > 1), []);
  });
});

describe('a backlog of pending mail', () => {
  let dataDir: string;
  let runtime: TestRuntime;
  const backlog = 20_000;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'guichet-backlog-'));
    runtime = await createTestRuntime({ now, dataDir });
    // A term start's backlog, older mails first, then one mail due before all of them (a retry whose time came).
    const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
    for (let start = 0; start < backlog; start += 1_000) {
      await runtime.db.insertInto('outbox').values(Array.from({ length: 1_000 }, (_, i) => ({ ...outboxMail(start + i), next_attempt_at: at(backlog - start - i), created_at: at(backlog - start - i) }))).execute();
    }
    await runtime.db.insertInto('outbox').values({ ...outboxMail(backlog), subject: 'The retry', next_attempt_at: at(backlog + 60) }).execute();
    await sql`analyze`.execute(runtime.db);
  });
  afterEach(async () => {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a delivery batch is read from the index in due order, never by sorting the whole backlog', async () => {
    // The claim's own statement, as the store sends it: a plugin keeps its query, the executor compiles it.
    const sent: RootOperationNode[] = [];
    const watching = runtime.db.withPlugin({ transformQuery: ({ node }) => (sent.push(node), node), transformResult: async ({ result }) => result });
    const store = createStore(watching, stateRoles);
    const claimed = await store.claimDueMails('plan/1', now.toISOString(), new Date(now.getTime() + 60_000).toISOString(), 20);

    assert.equal(claimed.length, 20);
    assert.equal(claimed.find((mail) => mail.subject === 'The retry')?.subject, 'The retry', 'the mail due first is in the first batch');
    const claim = runtime.db.getExecutor().compileQuery(sent.at(-1)!, createQueryId());
    if (testDialect === 'sqlite') {
      const plan = await runtime.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${claim.sql}`, [...claim.parameters]));
      const steps = plan.rows.map((row) => row.detail);
      assert.ok(steps.some((step) => step.includes('USING INDEX outbox_due')), steps.join(' | '));
      assert.ok(!steps.some((step) => step.includes('TEMP B-TREE')), `the backlog is sorted for each batch: ${steps.join(' | ')}`);
    } else {
      const plan = await runtime.db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${claim.sql}`, [...claim.parameters]));
      const steps = plan.rows.map((row) => row['QUERY PLAN']);
      assert.ok(steps.some((step) => step.includes('outbox_due')), steps.join('\n'));
      assert.ok(!steps.some((step) => /(^|->)\s*Sort\s+\(cost/.test(step)), `the backlog is sorted for each batch:\n${steps.join('\n')}`);
    }
  });
});
