import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
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
    const expected = [fresh.number, open.number].map((number) => ({ number, reason: 'idle' }));
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

describe('two sweeps at the same moment', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-sweeps-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  test('two processes on the same database close each due ticket once and mail it once', async () => {
    // Tickets created eight days ago by the real clock, so the processes' own clocks find them due.
    const runtime = await createTestRuntime({ dataDir, now: new Date(Date.now() - 8 * day) });
    const numbers: string[] = [];
    for (let i = 0; i < 40; i++) numbers.push((await ticket(runtime, i % 2 ? 'it-help' : 'software-order', i % 3 ? 'alice' : 'bruno')).number);
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
    await after.close();
  });
});
