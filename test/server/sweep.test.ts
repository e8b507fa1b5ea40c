import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { shippedFormsDir } from '../../server/config.ts';
import { budgetHolderApproves } from '../support/approvals.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, testDatabaseEnv, type TestRuntime } from '../support/runtime.ts';

const run = promisify(execFile);
const day = 86_400_000;
const help = { subject: 'Screen flickers', category: 'other', description: 'My second screen flickers all day long.' };

async function ticket(runtime: TestRuntime, formId = 'it-help', as = 'alice') {
  const answer = await submit(runtime, formId, formId === 'it-help' ? help : validOrder, { as });
  return { number: answer.body.ticket.number as string, token: answer.body.accessToken as string };
}

const agent = (runtime: TestRuntime, as: string, number: string, action: string, json: unknown) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as, json });
async function state(runtime: TestRuntime, number: string) {
  const row = (await runtime.store.findTicketByNumber(number))!;
  return { state: row.state, closeReason: row.close_reason, events: await runtime.store.eventsOf(row.id, { publicOnly: false }) };
}

describe('the closure sweep', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
  });
  after(() => runtime.close());

  test('after 7 quiet days new and open tickets close as idle, waiting ones stay, each closure mailed once', async () => {
    const fresh = await ticket(runtime);
    const open = await ticket(runtime);
    await agent(runtime, 'felix', open.number, 'replies', { body: 'Looking into it.' });
    const pending = await ticket(runtime);
    await agent(runtime, 'felix', pending.number, 'state', { state: 'pending' });
    const appointment = await ticket(runtime);
    await agent(runtime, 'felix', appointment.number, 'state', { state: 'appointment', until: '2026-04-01T08:00:00Z' });

    runtime.clock.advance(5 * day);
    const recent = await ticket(runtime);
    runtime.clock.advance(2 * day + 60_000);

    const dry = await send(runtime, 'POST', '/api/admin/sweep?dryRun=1', { as: 'gina' });
    assert.equal(dry.status, 200);
    // Nobody answered `fresh`: it closes all the same (the founding rule), marked unanswered for the queue's daily list.
    const expected = [
      { number: fresh.number, reason: 'idle', unanswered: true },
      { number: open.number, reason: 'idle' },
    ];
    assert.deepEqual(dry.body.closed, expected);
    assert.equal((await state(runtime, fresh.number)).state, 'new', 'a dry run changes nothing');

    const real = await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
    assert.deepEqual(real.body.closed, expected, 'the dry run listed exactly what the real run closed');
    for (const { number } of [fresh, open]) {
      const seen = await state(runtime, number);
      assert.equal(seen.state, 'closed');
      assert.equal(seen.closeReason, 'idle');
      assert.equal(seen.events.at(-1)?.type, 'auto_closed');
    }
    assert.equal((await state(runtime, pending.number)).state, 'pending');
    assert.equal((await state(runtime, appointment.number)).state, 'appointment');
    assert.equal((await state(runtime, recent.number)).state, 'new');

    assert.deepEqual((await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' })).body.closed, [], 'a second sweep finds nothing');
    await runtime.delivery.deliverDue();
    for (const { number } of [fresh, open]) {
      const closures = runtime.devOutbox!.list().filter((m) => m.subject.startsWith(`[${number}] Demande traitée et clôturée`));
      assert.equal(closures.length, 1, number);
      assert.match(closures[0]!.text, /\/pages\/reopen#ticket=\d{4}-\d{6}&token=s1\./);
    }
  });

  test('an approved order closes at its 18:00 with reason scheduled', async () => {
    runtime.clock.set(new Date('2026-06-02T08:00:00Z'));
    const order = await ticket(runtime, 'software-order');
    await budgetHolderApproves(runtime, order.number);
    const approved = await agent(runtime, 'eva', order.number, 'approve', { confirm: { inventoryNumber: true } });
    assert.equal(approved.body.autoCloseAt, '2026-06-02T16:00:00.000Z');
    runtime.clock.set(new Date('2026-06-02T15:59:00Z'));
    assert.ok(!(await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' })).body.closed.some((c: { number: string }) => c.number === order.number));
    runtime.clock.set(new Date('2026-06-02T16:00:00Z'));
    assert.deepEqual((await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' })).body.closed, [{ number: order.number, reason: 'scheduled' }]);
  });

  test('only admins and the admin token may sweep', async () => {
    assert.equal((await send(runtime, 'POST', '/api/admin/sweep')).status, 400, 'a bodyless POST without a custom header could be forged');
    assert.equal((await send(runtime, 'POST', '/api/admin/sweep', { headers: { 'x-guichet-request': '1' } })).status, 401);
    assert.equal((await send(runtime, 'POST', '/api/admin/sweep', { as: 'eva' })).status, 403);
    assert.equal((await send(runtime, 'POST', '/api/admin/sweep', { token: 'not-the-admin-token' })).status, 403);
  });
});

describe('requests closed without any agent’s answer', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
  });
  after(() => runtime.close());
  const digests = () => runtime.devOutbox!.list().filter((m) => m.to === 'helpdesk@example.edu' && /closed without an answer|clôturées? sans réponse/.test(m.subject));

  test('close as before, are marked, and the queue gets one list a day naming them; the inbox shows them apart for a week', async () => {
    const forgotten = await ticket(runtime);
    const answered = await ticket(runtime);
    await agent(runtime, 'felix', answered.number, 'replies', { body: 'Restart the screen, please.' });
    runtime.clock.advance(7 * day);

    const swept = await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
    assert.deepEqual(swept.body.closed, [
      { number: forgotten.number, reason: 'idle', unanswered: true },
      { number: answered.number, reason: 'idle' },
    ]);
    assert.equal((await state(runtime, forgotten.number)).state, 'closed', 'the founding rule stays: idle requests close');
    await runtime.delivery.deliverDue();
    const [list, ...more] = digests();
    assert.equal(more.length, 0, 'one list');
    assert.match(list!.subject, /^1 demande clôturée sans réponse\u202f: Support informatique$/);
    assert.ok(list!.text.includes(forgotten.number), 'the list names the unanswered request');
    assert.ok(!list!.text.includes(answered.number), 'an answered request is not on it');

    // Later the same day: another unanswered closure waits for tomorrow's list.
    const late = await ticket(runtime);
    runtime.clock.advance(7 * day + 60_000);
    const lateSweep = await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
    assert.deepEqual(lateSweep.body.closed, [{ number: late.number, reason: 'idle', unanswered: true }]);
    await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
    await runtime.delivery.deliverDue();
    assert.equal(digests().length, 2, 'the first sweep of that later day sent its list, a second sweep none');
    assert.ok(digests()[1]!.text.includes(late.number));
    assert.ok(!digests()[1]!.text.includes(forgotten.number), 'a request is listed once');

    const inbox = await send(runtime, 'GET', '/api/agent/queues/helpdesk/tickets', { as: 'felix' });
    assert.equal(inbox.status, 200);
    assert.deepEqual(
      inbox.body.closedUnanswered.map((t: { number: string }) => t.number),
      [late.number],
      'apart in the inbox for a week: the first closure is older than that now',
    );
    assert.equal(inbox.body.tickets.find((t: { number: string }) => t.number === late.number)?.closedUnanswered, true);
  });
});

describe('a queue that keeps unanswered requests open', () => {
  const formsDir = mkdtempSync(join(tmpdir(), 'guichet-forms-'));
  let runtime: TestRuntime;
  before(async () => {
    cpSync(shippedFormsDir, formsDir, { recursive: true });
    const queues = JSON.parse(readFileSync(join(formsDir, 'queues.json'), 'utf8')) as { id: string; unanswered?: string }[];
    for (const q of queues) if (q.id === 'helpdesk') q.unanswered = 'keepOpen';
    writeFileSync(join(formsDir, 'queues.json'), JSON.stringify(queues));
    runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z'), env: { GUICHET_FORMS_DIR: formsDir } });
  });
  after(async () => {
    await runtime.close();
    rmSync(formsDir, { recursive: true, force: true });
  });

  test('flags them overdue, first in the inbox, without a closure or a mail; an answered one closes as idle', async () => {
    const forgotten = await ticket(runtime);
    const answered = await ticket(runtime);
    await agent(runtime, 'felix', answered.number, 'replies', { body: 'Fixed on our side.' });
    runtime.clock.advance(3 * day);
    const recent = await ticket(runtime);
    runtime.clock.advance(4 * day + 60_000);

    const dry = await send(runtime, 'POST', '/api/admin/sweep?dryRun=1', { as: 'gina' });
    assert.deepEqual(dry.body, { closed: [{ number: answered.number, reason: 'idle' }], overdue: [{ number: forgotten.number }] });
    const swept = await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
    assert.deepEqual(swept.body, dry.body, 'the dry run said exactly what the sweep did');
    assert.equal((await state(runtime, forgotten.number)).state, 'new');
    assert.equal((await state(runtime, answered.number)).state, 'closed');
    assert.deepEqual((await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' })).body, { closed: [], overdue: [] }, 'flagged once');
    await runtime.delivery.deliverDue();
    assert.equal(runtime.devOutbox!.list().filter((m) => m.subject.startsWith(`[${forgotten.number}]`) && /clôturée/.test(m.subject)).length, 0, 'the requester is not told it was handled');

    const inbox = (await send(runtime, 'GET', '/api/agent/queues/helpdesk/tickets', { as: 'felix' })).body.tickets as { number: string; overdue: boolean }[];
    assert.equal(inbox[0]!.number, forgotten.number, 'overdue first, before the more recent request');
    assert.equal(inbox[0]!.overdue, true);
    assert.equal(inbox.find((t) => t.number === recent.number)?.overdue, false);

    await agent(runtime, 'felix', forgotten.number, 'replies', { body: 'Sorry for the wait: we are on it.' });
    const after = (await send(runtime, 'GET', '/api/agent/queues/helpdesk/tickets', { as: 'felix' })).body.tickets as { number: string; overdue: boolean }[];
    assert.equal(after.find((t) => t.number === forgotten.number)?.overdue, false, 'an answer ends the flag');
  });
});

describe('two sweeps at the same moment', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-sweeps-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('two processes on the same database close each due ticket once and mail it once', async () => {
    // Tickets created eight days ago by the real clock, so the processes' own clocks find them due.
    const runtime = await createTestRuntime({ dataDir, now: new Date(Date.now() - 8 * day) });
    const numbers: string[] = [];
    // Software orders wait for their budget holder: never closed, reminded once.
    const orders: string[] = [];
    for (let i = 0; i < 40; i++) (i % 2 ? numbers : orders).push((await ticket(runtime, i % 2 ? 'it-help' : 'software-order', i % 3 ? 'alice' : 'bruno')).number);
    await runtime.delivery.deliverDue();
    await runtime.close();

    const env = { ...process.env, GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir, ...(await testDatabaseEnv(dataDir)), LOG_LEVEL: 'silent' };
    const sweep = () => run(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'sweep'], { env, cwd: join(import.meta.dirname, '../..') });
    const [a, b] = await Promise.all([sweep(), sweep()]);
    const closedByA = JSON.parse(a.stdout).closed.map((c: { number: string }) => c.number);
    const closedByB = JSON.parse(b.stdout).closed.map((c: { number: string }) => c.number);
    assert.deepEqual([...closedByA, ...closedByB].sort(), [...numbers].sort(), 'every due ticket closed, none twice');

    const after = await createTestRuntime({ dataDir });
    for (const number of numbers) {
      const row = (await after.store.findTicketByNumber(number))!;
      const closures = (await after.store.mailsOf(row.id)).filter((m) => m.kind === 'closure');
      assert.equal(closures.length, 1, `${number} has one closure mail`);
      const events = (await after.store.eventsOf(row.id, { publicOnly: false })).filter((e) => e.type === 'auto_closed');
      assert.equal(events.length, 1, `${number} has one closure event`);
    }
    for (const number of orders) {
      const row = (await after.store.findTicketByNumber(number))!;
      assert.equal(row.state, 'new', `${number} waits for its budget holder`);
      assert.equal((await after.store.mailsOf(row.id)).filter((m) => m.kind === 'approval_reminder').length, 1, `${number} reminded once`);
    }
    await after.close();
  });
});
