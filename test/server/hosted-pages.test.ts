import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shippedPeopleFile } from '../../server/config.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const ssoHeaders = { eppn: 'alice', mail: 'alice.martin@example.edu', displayName: 'Alice Martin', affiliation: 'staff' };

describe('hosted status and reopen pages, for forms that name none', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({
      env: {
        GUICHET_MODE: 'production',
        GUICHET_SECRET: 'a production secret of more than 32 bytes',
        GUICHET_PUBLIC_URL: 'https://guichet.example.edu',
        GUICHET_SSO_PROXIES: '127.0.0.1',
        GUICHET_DIRECTORY: `file:${shippedPeopleFile}`,
        GUICHET_MAIL: `file:${mkdtempSync(join(tmpdir(), 'guichet-hosted-mail-'))}`,
      },
      remoteAddress: () => '127.0.0.1',
    });
  });
  after(() => runtime.close());

  test('the link in a confirmation mail opens a page holding the ticket status, in production', async () => {
    assert.equal(runtime.catalogue.form('software-order')!.form.statusPage, '/pages/status', 'the shipped form names no status page');
    const answer = await submit(runtime, 'software-order', validOrder, { headers: ssoHeaders, lang: 'en' });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    await runtime.delivery.deliverDue();
    const mail = runtime.devOutbox!.list().find((m) => m.subject.includes(answer.body.ticket.number) && m.to.includes('alice.martin'))!;
    const link = /https:\/\/guichet\.example\.edu\S+#ticket=\S+/.exec(mail.text)?.[0];
    assert.ok(link, `the mail holds a link: ${mail.text}`);
    const url = new URL(link);
    assert.equal(url.pathname, '/pages/status');
    const page = await runtime.app.request(url.pathname + url.search);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<guichet-ticket-status lang="fr"><\/guichet-ticket-status>/);
    assert.match(html, /<script type="module" src="\/embed\/guichet\.js"><\/script>/, 'the component comes from this server’s own module');
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /<script>|<style|style=/, 'no inline script or style');
    const css = await runtime.app.request('/pages/hosted.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /text\/css/);
  });

  test('each page speaks the language asked for', async () => {
    const german = await (await runtime.app.request('/pages/status?lang=de')).text();
    assert.match(german, /<html lang="de">/);
    assert.match(german, /<title>Ihre Anfrage<\/title>/);
    assert.match(german, /<h1>Ihre Anfrage<\/h1>/);
    const english = await (await runtime.app.request('/pages/reopen', { headers: { 'accept-language': 'en-GB,en;q=0.8' } })).text();
    assert.match(english, /<title>Reopen or give feedback<\/title>/);
    assert.match(english, /<guichet-reopen lang="en" status-page="\/pages\/status"><\/guichet-reopen>/);
  });

  test('the closure mail links to the hosted reopen page', async () => {
    const { body } = await submit(runtime, 'it-help', { subject: 'Printer', category: 'printing', description: 'The printer on floor 2 is jammed.' }, { headers: ssoHeaders });
    assert.ok(body.ticket, JSON.stringify(body));
    const link = runtime.services.mails.reopenLink((await runtime.store.findTicketByNumber(body.ticket.number))!, new Date('2026-04-01T00:00:00Z'));
    assert.match(link, /^https:\/\/guichet\.example\.edu\/pages\/reopen#ticket=/);
    assert.equal((await runtime.app.request(new URL(link).pathname)).status, 200);
  });
});

describe('in dev mode', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime();
  });
  after(() => runtime.close());

  test('the demo site stands in for the hosted pages, at the same address', async () => {
    const page = await send(runtime, 'GET', '/pages/status');
    assert.equal(page.status, 200);
    assert.match(String(page.body), /<guichet-ticket-status lang="fr"><\/guichet-ticket-status>/);
    assert.match(String(page.body), /src="\/demo\.js"/);
  });
});
