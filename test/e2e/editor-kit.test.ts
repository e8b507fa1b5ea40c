// The web editor's kit, as an editor uses it: on /embed they pick it-help,
// set an accent colour and watch the preview take it, copy the snippet, the
// theme rule and the CSP; then that snippet, pasted into a blank page on
// another origin served with exactly that CSP, takes a real request.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { en } from '../../components/locales/en.ts';
import { askItHelpInForm, axeViolations, eventually, launchBrowser, onDemo, startServer, type RunningServer } from './support.ts';

let server: RunningServer;
let browser: Browser;
const hosts: Server[] = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await Promise.all(hosts.map((host) => new Promise((resolve) => host.close(resolve))));
  await browser?.close();
  await server?.stop();
});

const background = (button: Locator) => button.evaluate((b) => getComputedStyle(b).backgroundColor);

/** A department page on its own origin: exactly `body` at `/`, `css` at `/site.css`, under `csp`. */
async function startHostPage(page: { body: string; css: string; csp: string }): Promise<string> {
  const host = createServer((request, response) => {
    if (request.url === '/site.css') {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(page.css);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': page.csp }).end(page.body);
  });
  hosts.push(host);
  await new Promise<void>((resolve) => host.listen(0, 'localhost', resolve));
  // localhost on another port: another origin, the same site as the server, so the dev identity cookie still applies.
  return `http://localhost:${(host.address() as AddressInfo).port}`;
}

test('an editor themes it-help on /embed, and the snippet it gives submits a ticket from a blank page under the CSP it gives', { timeout: 120_000 }, () =>
  onDemo(browser, server, 'editor-kit', { person: 'alice' }, async ({ page, context, cspViolations, pageErrors }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const response = await page.goto('/embed?lang=en');
    assert.match(response?.headers()['content-security-policy'] ?? '', /script-src 'self'; style-src 'self'/, 'the kit runs under a strict policy');

    await page.getByLabel('Form', { exact: true }).selectOption('it-help');
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    assert.equal(await page.getByLabel('Preview as (dev mode)').inputValue(), 'alice', 'the preview acts as the demo person already chosen');

    // The preview: the real form, inside a page whose global CSS paints every button pink.
    const preview = page.frameLocator('#kit-preview');
    const submit = preview.locator('guichet-request-form button[type="submit"]');
    await submit.waitFor();
    const siteButton = preview.getByRole('button', { name: 'Search' });
    assert.equal(await background(siteButton), 'rgb(255, 45, 149)', 'precondition: the page’s theme paints its buttons pink');
    const before = await background(submit);
    assert.notEqual(before, 'rgb(255, 45, 149)');

    await page.getByLabel('Accent colour').fill('#c2185b');
    await eventually(async () => (await background(submit)) === 'rgb(194, 24, 91)', { what: 'the preview’s submit button to take the accent colour' });
    assert.notEqual(before, 'rgb(194, 24, 91)');
    assert.equal(await background(siteButton), 'rgb(255, 45, 149)', 'the page’s own button keeps its look');

    // What the editor takes away.
    const snippetBox = page.locator('#kit-snippet');
    await page.locator('button[data-copy="kit-snippet"]').click();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(snippet, await snippetBox.inputValue(), 'the copy button puts the snippet on the clipboard');
    assert.match(snippet, new RegExp(`^<script type="module" src="${server.url}/embed/v\\d+\\.\\d+\\.\\d+/guichet\\.js" integrity="sha384-[A-Za-z0-9+/]+={0,2}" crossorigin="anonymous"></script>\\n<guichet-request-form form="it-help" lang="en"></guichet-request-form>\\n$`));
    assert.doesNotMatch(snippet, /dev-user/, 'the dev identity stays in the preview');

    assert.match(await page.locator('#kit-status-note').textContent() ?? '', new RegExp(`${server.url}/pages/status, Guichet’s own status page`), 'it says where the confirmation mail links: the hosted page, as the form names none');
    assert.match(await page.locator('#kit-status-snippet').inputValue(), /<guichet-ticket-status lang="en"><\/guichet-ticket-status>/);

    const theme = await page.locator('#kit-theme').inputValue();
    assert.match(theme, /--guichet-color-primary: #c2185b;/);
    assert.deepEqual((await page.locator('#kit-csp-directives').textContent())!.split('\n'), [`script-src ${server.url}`, `connect-src ${server.url}`]);
    const cspLine = (await page.locator('#kit-csp-header').textContent())!;
    const csp = cspLine.replace(/^Content-Security-Policy: /, '');
    assert.notEqual(csp, cspLine, `the kit gives a header line (got "${cspLine}")`);

    // The versioned module is cached for a year and its bytes are those the integrity names.
    const moduleUrl = /src="([^"]+)"/.exec(snippet)![1]!;
    const served = await fetch(moduleUrl);
    assert.equal(served.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const digest = Buffer.from(await crypto.subtle.digest('SHA-384', await served.arrayBuffer())).toString('base64');
    assert.equal(/integrity="([^"]+)"/.exec(snippet)![1], `sha384-${digest}`);

    const hostUrl = await startHostPage({
      body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Department of Physics — IT help</title><link rel="stylesheet" href="/site.css"></head>\n<body><h1>IT help</h1>\n${snippet}</body></html>\n`,
      css: theme,
      csp,
    });

    // Check my page: the kit compares the page's origin with it-help's allowlist, fetching nothing.
    await page.getByLabel('Page addresses').fill(`${hostUrl}/physics/it-help.html\nhttp://localhost:8787/help.html\nnot a url`);
    const checks = page.locator('#kit-page-checks li');
    await eventually(async () => (await checks.count()) === 3, { what: 'three page checks' });
    assert.equal(await checks.nth(0).textContent(), `${hostUrl} is not on the allowlist yet.`);
    assert.equal(await checks.nth(1).textContent(), 'http://localhost:8787 is allowed.');
    assert.equal(await checks.nth(2).textContent(), '“not a url” is not a web address.', 'refused with a message, not turned into an origin');
    assert.equal(await page.locator('#kit-declare-origins').textContent(), `"origins": ["http://localhost:8787","http://127.0.0.1:8787","${hostUrl}"]`);
    assert.equal(await page.locator('#kit-dev-note').isVisible(), true, 'dev mode says it accepts every localhost origin anyway');
    assert.deepEqual(cspViolations, [], 'the kit and its preview run without a CSP violation');
    assert.deepEqual(await axeViolations(page), [], 'the kit itself meets WCAG 2.2 AA (axe)');

    // The blank department page: exactly the snippet, exactly the CSP.
    const department = await context.newPage();
    const hostResponse = await department.goto(hostUrl);
    assert.equal(hostResponse?.headers()['content-security-policy'], csp);
    const form = department.locator('guichet-request-form');
    await form.locator('[name="subject"]').waitFor();
    assert.equal(await background(form.locator('button[type="submit"]')), 'rgb(194, 24, 91)', 'the theme rule from the site’s stylesheet reaches the form');
    const created = department.waitForResponse((r) => new URL(r.url()).pathname === '/api/forms/it-help/submissions' && r.request().method() === 'POST', { timeout: 30_000 });
    const number = await askItHelpInForm(department, {
      subject: 'Projector in room P-101 shows no image',
      category: 'other',
      description: 'The projector in P-101 turns on but shows a blue screen only.',
    });
    assert.equal((await created).status(), 201);
    assert.match(number, /^\d{4}-\d{6}$/);
    assert.deepEqual(cspViolations, [], 'the department page runs the form under its CSP without a violation');
    assert.deepEqual(pageErrors, []);
  }),
);

test('the snippet and CSP the kit gives for guest-wifi let a guest on another origin pass the anti-robot check and get the mail', { timeout: 120_000 }, () =>
  onDemo(browser, server, 'editor-kit-guest', {}, async ({ page, context, cspViolations, pageErrors }) => {
    await page.goto('/embed?lang=en');
    await page.getByLabel('Form', { exact: true }).selectOption('guest-wifi');
    await page.getByLabel('Language', { exact: true }).selectOption('en');
    await page.locator('#kit-preview').contentFrame().locator('guichet-request-form [name="host"]').waitFor();
    const snippet = await page.locator('#kit-snippet').inputValue();
    assert.match(snippet, /<guichet-request-form form="guest-wifi" lang="en">/);
    const csp = (await page.locator('#kit-csp-header').textContent())!.replace(/^Content-Security-Policy: /, '');
    assert.ok((await page.locator('#kit-csp-directives').textContent())!.split('\n').includes('worker-src blob:'), 'the directives name the worker');
    assert.deepEqual(pageErrors, [], 'the kit and its preview throw nothing');

    const hostUrl = await startHostPage({
      body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Physics — guest Wi-Fi</title></head>\n<body><h1>Guest Wi-Fi</h1>\n${snippet}</body></html>\n`,
      css: '',
      csp,
    });
    const department = await context.newPage();
    await department.goto(hostUrl);
    const form = department.locator('guichet-request-form');
    await form.locator('[name="host"]').fill('Prof. Anna Keller, Physics');
    await form.locator('[name="arrival"]').fill('2026-12-01');
    await form.locator('[name="days"]').fill('2');
    const address = `guest.${Date.now()}@example.org`;
    await form.getByLabel(en.requesterName).fill('Gustav Guest');
    await form.getByLabel(en.requesterEmail).fill(address);
    await form.locator('altcha-widget').getByText("I'm not a robot").click();
    await eventually(() => form.locator('altcha-widget input[name="altcha"]').inputValue(), { timeout: 60_000, what: 'the ALTCHA check to be solved under the kit’s CSP' });
    await form.locator('button[type="submit"]').click();
    await form.getByRole('heading', { name: en.checkMailboxTitle }).waitFor();
    await eventually(
      async () => {
        const mails = (await (await fetch(`${server.url}/api/dev/mail`)).json()) as { to: string; text: string }[];
        return mails.some((m) => m.to.includes(address) && /#confirm=/.test(m.text));
      },
      { timeout: 15_000, what: `the address check mailed to ${address}` },
    );
    assert.deepEqual(cspViolations, [], 'the department page runs the form and its worker under the kit’s CSP without a violation');
  }),
);
