import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTokenSeal } from '../../server/services/sealed-token.ts';
import { up } from '../../server/store/migrations/0011-tokens-at-rest.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { solveFor, testFormsDir, visitorQuestion } from '../support/protection.ts';
import { createTestRuntime, testDialect } from '../support/runtime.ts';
import { startSmtpPeer } from '../support/smtp-peer.ts';

/** A 1×1 PNG, so the attachments folder is made and holds a file. */
const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));

/** Every file and folder under `dir`, with its path. */
function walk(dir: string): { path: string; folder: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(entry.parentPath, entry.name);
    return entry.isDirectory() ? [{ path, folder: true }, ...walk(path)] : [{ path, folder: false }];
  });
}

/** The credentials a mail's links carry (`#ticket=…&token=…`, `#confirm=…`). */
const credentialsIn = (body: string) => [...body.matchAll(/[#&;](?:token|confirm)=([\w.~-]+)/g)].map((m) => m[1]!).filter((t) => t !== 'redacted');

test('after delivery and a clean stop, no file in the data folder holds a live token, and every file is for the service only', async () => {
  const peer = await startSmtpPeer();
  const root = mkdtempSync(join(tmpdir(), 'guichet-at-rest-'));
  // A folder the server makes itself, so its mode is the server's choice.
  const dataDir = join(root, 'data');
  const formsDir = testFormsDir({ 'visitor-question.json': visitorQuestion });
  const runtime = await createTestRuntime({ dataDir, env: { GUICHET_SMTP_URL: peer.url, GUICHET_MAIL_FROM: 'Guichet <guichet@uni.example>', GUICHET_FORMS_DIR: formsDir } });
  const tokens = new Set<string>();
  try {
    // A signed-in submission: its access token is in the answer and in the confirmation mail.
    const key = crypto.randomUUID();
    const order = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    assert.equal(order.status, 201);
    tokens.add(order.body.accessToken);
    // A retry with the same key still answers the same token: the record can give it back without keeping it in clear.
    const retry = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    assert.deepEqual(retry.body, order.body);

    // With an attachment (the attachments folder), then an agent's reply (a mail with a signed link).
    const withFile = new FormData();
    withFile.append('payload', JSON.stringify({ data: { subject: 'Printer jams', category: 'printing', description: 'The printer in B12 jams on every page.' }, lang: 'en' }));
    withFile.append('screenshot', new Blob([png], { type: 'image/png' }), 'jam.png');
    const help = await runtime.app.request('/api/forms/it-help/submissions', { method: 'POST', headers: { 'x-guichet-request': '1', 'x-guichet-dev-user': 'bruno', 'idempotency-key': crypto.randomUUID() }, body: withFile });
    assert.equal(help.status, 201);
    const helpTicket = (await help.json()) as { ticket: { number: string }; accessToken: string };
    tokens.add(helpTicket.accessToken);
    assert.equal((await send(runtime, 'POST', `/api/agent/tickets/${helpTicket.ticket.number}/replies`, { as: 'felix', json: { body: 'We are on our way.' } })).status, 201);

    // An anonymous request: the address check mail carries a confirmation token; confirming gives an access token.
    const altcha = await solveFor(runtime, 'visitor-question');
    const pending = await send(runtime, 'POST', '/api/forms/visitor-question/submissions', {
      json: { data: { subject: 'Opening hours', message: 'When is the IT desk open during the holidays?' }, requester: { email: 'nora@example.net' }, altcha },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(pending.status, 202);
    await runtime.delivery.deliverDue();
    const check = peer.received.find((m) => m.subject?.startsWith('Confirmez votre demande') || m.subject?.startsWith('Confirm your request'));
    const confirm = /#confirm=([\w-]+)/.exec(check?.text ?? '')?.[1];
    assert.ok(confirm, 'the address check mail arrived with its link');
    const confirmed = await send(runtime, 'POST', '/api/forms/visitor-question/confirmations', { json: { token: confirm } });
    assert.equal(confirmed.status, 201);
    tokens.add(confirmed.body.accessToken);

    await runtime.delivery.deliverDue();
    for (const mail of peer.received) for (const token of credentialsIn(`${mail.text ?? ''}\n${mail.html || ''}`)) tokens.add(token);
    assert.ok([...tokens].some((t) => t.startsWith('s1.')), 'a signed link was mailed');
    assert.ok(tokens.size >= 5, `the tokens the requesters received: ${tokens.size}`);
    // They are live: each opens its ticket or confirmation until it expires.
    assert.equal((await send(runtime, 'GET', `/api/tickets/${order.body.ticket.number}`, { token: order.body.accessToken })).status, 200);
  } finally {
    await runtime.close();
    await peer.stop();
    rmSync(formsDir, { recursive: true, force: true });
  }

  try {
    const entries = walk(dataDir);
    const files = entries.filter((e) => !e.folder);
    if (testDialect === 'sqlite') assert.ok(files.some((f) => f.path.endsWith('guichet.sqlite')), 'the database is in the folder');
    assert.ok(entries.some((e) => e.folder && e.path.endsWith('attachments')), 'an attachment was stored');
    for (const file of files) {
      const bytes = readFileSync(file.path);
      for (const token of tokens) assert.ok(!bytes.includes(Buffer.from(token)), `${file.path} holds the live token ${token.slice(0, 8)}…`);
    }
    assert.equal(statSync(dataDir).mode & 0o777, 0o700, 'the data folder');
    for (const entry of entries) assert.equal(statSync(entry.path).mode & 0o777, entry.folder ? 0o700 : 0o600, entry.path);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an upgrade scrubs what earlier versions kept: sent mails lose their tokens, idempotency records their clear token', async () => {
  const runtime = await createTestRuntime();
  try {
    const key = crypto.randomUUID();
    const order = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    const { number } = order.body.ticket;
    await runtime.delivery.deliverDue();
    // As an earlier version left them: the delivered body with its link, the record with the token in clear.
    const ticket = (await runtime.store.findTicketByNumber(number))!;
    const link = `http://localhost:8787/status.html#ticket=${number}&token=${order.body.accessToken}`;
    await runtime.db.updateTable('outbox').set({ text: `Follow it: ${link}`, html: `<a href="${link.replace('&', '&amp;')}">Follow</a>` }).where('ticket_id', '=', ticket.id).execute();
    await runtime.db.updateTable('idempotency_keys').set({ response: JSON.stringify(order.body) }).where('ticket_id', '=', ticket.id).execute();

    await up(runtime.db);

    for (const mail of await runtime.store.mailsOf(ticket.id)) {
      assert.ok(!mail.text.includes(order.body.accessToken) && !mail.html.includes(order.body.accessToken), `${mail.kind} keeps no token`);
    }
    assert.match((await runtime.store.mailsOf(ticket.id))[0]!.text, /#ticket=\d{4}-\d{6}&token=redacted/);
    const records = await runtime.db.selectFrom('idempotency_keys').select('response').where('ticket_id', '=', ticket.id).execute();
    assert.ok(records.every((r) => !r.response.includes(order.body.accessToken)));
    // A retry within the record's day still gets a token that opens the ticket: a signed link stands in.
    const retry = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.ticket.number, number);
    assert.match(retry.body.accessToken, /^s1\./);
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { token: retry.body.accessToken })).status, 200);
  } finally {
    await runtime.close();
  }
});

test('a sealed token opens only with the secret that sealed it, and not once altered', () => {
  const token = 'NpJ83Nc-live-access-token-of-43-characters-x';
  const sealed = createTokenSeal('a'.repeat(32)).seal(token);
  assert.ok(!sealed.includes(token));
  assert.equal(createTokenSeal('a'.repeat(32)).open(sealed), token);
  assert.equal(createTokenSeal('b'.repeat(32)).open(sealed), undefined, 'after the secret was rotated');
  const altered = sealed.slice(0, -2) + (sealed.at(-2) === 'A' ? 'B' : 'A') + sealed.at(-1);
  assert.equal(createTokenSeal('a'.repeat(32)).open(altered), undefined);
  assert.equal(createTokenSeal('a'.repeat(32)).open('v1.'), undefined);
});
