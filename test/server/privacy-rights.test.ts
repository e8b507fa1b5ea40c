import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { send, submit, validOrder } from '../support/http.ts';
import { gmailReply } from './mail/replies.ts';
import { everyStoredValue, holding } from '../support/privacy.ts';
import { createTestRuntime, testDatabaseEnv, type TestRuntime } from '../support/runtime.ts';

/** A person's rights at once: their own download, an operator's erasure by the API and by the command. */
const repo = join(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'guichet-rights-'));
const adminToken = 'admin-token-for-tests-0123456789abcdef';
const inboundSecret = 'inbound-secret-for-tests-0123456789';
let runtime: TestRuntime;

before(async () => {
  runtime = await createTestRuntime({ dataDir, env: { GUICHET_ADMIN_TOKEN: adminToken, GUICHET_INBOUND_SECRET: inboundSecret } });
});
after(async () => {
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `guichet …` as an operator types it, on the same store as the runtime. */
async function guichet(args: string[]) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_')));
  const env = { ...base, LOG_LEVEL: 'silent', GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir, ...(await testDatabaseEnv(dataDir)) };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/guichet.js', ...args], { cwd: repo, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

type Exported = { requests: { number: string; events: { type: string; body: string | null; public: boolean }[] }[] };

test('a signed-in requester downloads their own data: their requests and public timeline, nobody else’s', async () => {
  const mine = await submit(runtime, 'it-help', { subject: 'Printer B12', category: 'printing', description: 'It jams on every page.' }, { as: 'chloe' });
  await submit(runtime, 'it-help', { subject: 'Someone else', category: 'printing', description: 'Not Chloé’s.' }, { as: 'david' });
  await send(runtime, 'POST', `/api/agent/tickets/${mine.body.ticket.number}/notes`, { as: 'felix', json: { body: 'Internal: old printer.' } });
  await send(runtime, 'POST', `/api/agent/tickets/${mine.body.ticket.number}/replies`, { as: 'felix', json: { body: 'We send someone.' } });

  const response = await runtime.app.request('/api/me/export', { headers: { 'x-guichet-dev-user': 'chloe' } });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/zip');
  assert.match(response.headers.get('content-disposition') ?? '', /attachment/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
  const exported = JSON.parse(strFromU8(files['requests.json']!)) as Exported;
  assert.deepEqual(
    exported.requests.map((r) => r.number),
    [mine.body.ticket.number],
  );
  const bodies = exported.requests[0]!.events.map((e) => e.body);
  assert.ok(bodies.includes('We send someone.'));
  assert.ok(!bodies.includes('Internal: old printer.'), 'agents’ notes stay with the service');

  assert.equal((await send(runtime, 'GET', '/api/me/export')).status, 401);
  const records = await send(runtime, 'GET', '/api/admin/privacy-records', { token: adminToken });
  assert.deepEqual(records.body.records[0], { at: records.body.records[0].at, action: 'export', actor: 'requester', requests: 1 });
});

test('an operator erases a person now through the API: open requests close, their values leave every table, the figures’ facts stay', async () => {
  const open = await submit(runtime, 'software-order', validOrder, { as: 'bruno' });
  const token = open.body.accessToken as string;
  await send(runtime, 'POST', `/api/tickets/${open.body.ticket.number}/messages`, { token, json: { body: 'Bitte schnell, Bruno.' } });
  await runtime.delivery.deliverDue();
  const confirmation = runtime.devOutbox!.list().find((m) => m.subject.includes(open.body.ticket.number) && m.replyTo)!;
  assert.equal((await send(runtime, 'POST', '/api/admin/people/erase', { json: { person: 'bruno' } })).status, 401);
  assert.equal((await send(runtime, 'POST', '/api/admin/people/erase', { as: 'felix', json: { person: 'bruno' } })).status, 403);

  const erased = await send(runtime, 'POST', '/api/admin/people/erase', { token: adminToken, json: { person: 'Bruno.Keller@example.edu' } });
  assert.deepEqual(erased.body, { erased: 1 });
  assert.deepEqual(holding(await everyStoredValue(runtime.db), ['bruno.keller@example.edu', 'Bruno Keller', 'Bitte schnell']), []);
  const view = await send(runtime, 'GET', `/api/agent/tickets/${open.body.ticket.number}`, { as: 'eva' });
  assert.equal(view.body.state, 'closed');
  assert.equal(view.body.closeReason, 'erased');
  assert.equal((await send(runtime, 'GET', `/api/tickets/${open.body.ticket.number}`, { token })).status, 404);
  assert.ok(!runtime.devOutbox!.list().some((m) => m.messageId === confirmation.messageId), 'the dev outbox’s copy of the mail is gone');

  // Nothing personal comes back to it: agents cannot act on it, a late reply by mail is ignored.
  const reply = await send(runtime, 'POST', `/api/agent/tickets/${open.body.ticket.number}/replies`, { as: 'eva', json: { body: 'Hello?' } });
  assert.equal(reply.status, 409);
  assert.equal(reply.body.error.reason, 'anonymised');
  const late = gmailReply({ number: open.body.ticket.number, messageId: confirmation.messageId, replyTo: confirmation.replyTo!, subject: confirmation.subject }, 'Bruno Keller <bruno.keller@example.edu>', 'Noch da, Bruno?');
  const inbound = await send(runtime, 'POST', '/api/inbound/email', { body: late, headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${inboundSecret}` } });
  assert.equal(inbound.body.action, 'ignored', JSON.stringify(inbound));
  assert.deepEqual(holding(await everyStoredValue(runtime.db), ['bruno.keller@example.edu', 'Noch da']), []);
  const records = await send(runtime, 'GET', '/api/admin/privacy-records?limit=1', { as: 'gina' });
  assert.deepEqual(
    records.body.records.map((r: { action: string; actor: string; requests: number }) => [r.action, r.actor, r.requests]),
    [['erasure', 'admin-token', 1]],
  );
});

test('guichet person export and erase, and guichet retention, as an operator types them', async () => {
  for (const command of ['person', 'retention']) {
    const help = await guichet([command, '--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`usage: guichet ${command}`));
  }
  const first = await submit(runtime, 'it-help', { subject: 'Beamer H3', category: 'other', description: 'The projector in H3 stays dark.' }, { as: 'alice' });
  const second = await submit(runtime, 'software-order', validOrder, { as: 'alice' });

  const out = join(dataDir, '..', `export-${process.pid}-${Date.now()}.zip`);
  assert.equal((await guichet(['person', 'export', 'alice'])).code, 2, 'export needs --out');
  const exported = await guichet(['person', 'export', 'alice.martin@example.edu', '--out', out]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /2 request\(s\)/);
  const zip = unzipSync(new Uint8Array(readFileSync(out)));
  rmSync(out);
  assert.deepEqual(
    (JSON.parse(strFromU8(zip['requests.json']!)) as Exported).requests.map((r) => r.number),
    [first.body.ticket.number, second.body.ticket.number],
  );

  const dry = await guichet(['retention', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(JSON.parse(dry.stdout), { dryRun: true, anonymised: [] });

  const erased = await guichet(['person', 'erase', 'alice']);
  assert.equal(erased.code, 0, erased.stderr);
  assert.match(erased.stdout, /2 request\(s\) anonymised/);
  assert.deepEqual(holding(await everyStoredValue(runtime.db), ['alice.martin@example.edu', 'Alice Martin', 'projector in H3']), []);
  const records = await send(runtime, 'GET', '/api/admin/privacy-records?limit=2', { token: adminToken });
  assert.deepEqual(
    records.body.records.map((r: { action: string; actor: string; requests: number }) => [r.action, r.actor, r.requests]),
    [
      ['erasure', 'cli', 2],
      ['export', 'cli', 2],
    ],
  );
});
