// Living on someone else's page: the demo site styles form elements globally
// (demo/site.css) and sends a strict Content-Security-Policy. Our embed must
// neither change the site's look nor take it on, and must run under the CSP
// without a single violation.

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { eventually, onDemo, sharedServerAndBrowser } from './support.ts';

const e2e = sharedServerAndBrowser();

/** What makes an element look the way it does (no layout-dependent sizes). */
const LOOK = [
  'color',
  'background-color',
  'background-image',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-transform',
  'letter-spacing',
  'line-height',
  'text-decoration-line',
  'border-top-width',
  'border-top-style',
  'border-top-color',
  'border-left-width',
  'border-left-style',
  'border-left-color',
  'border-top-left-radius',
  'padding-top',
  'padding-left',
  'margin-top',
  'margin-left',
  'box-shadow',
  'display',
  'opacity',
  'cursor',
];

function look(locator: Locator): Promise<Record<string, string>> {
  return locator.evaluate((el, names) => {
    const style = getComputedStyle(el);
    return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
  }, LOOK);
}

/** The site's own search box: the form, its label, input and button. */
function siteSearch(page: Page) {
  const form = page.getByRole('search');
  return { form, label: form.locator('label'), input: form.getByRole('searchbox'), button: form.getByRole('button') };
}

async function siteSearchLook(page: Page) {
  const search = siteSearch(page);
  return {
    form: await look(search.form),
    label: await look(search.label),
    input: await look(search.input),
    button: await look(search.button),
  };
}

test('the site keeps its own look with our form on the page, and our form does not take the site’s global form styles', { timeout: 60_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'host-page-styles', { person: 'alice' }, async ({ page, context }) => {
    await page.goto('/software.html');
    const embed = page.locator('guichet-request-form');
    const inventory = embed.locator('[name="inventoryNumber"]');
    await inventory.waitFor({ state: 'visible' });
    const withEmbed = await siteSearchLook(page);

    const bare = await context.newPage();
    await bare.route('**/embed/guichet.js', (route) => route.abort());
    await bare.goto('/software.html');
    assert.equal(await bare.evaluate(() => customElements.get('guichet-request-form')), undefined, 'the embed was blocked');
    const withoutEmbed = await siteSearchLook(bare);
    await bare.close();

    assert.deepEqual(withEmbed, withoutEmbed, 'the site search box looks the same with and without the embed');

    // The site's rules are loud; none of them may reach inside our shadow root.
    const site = siteSearch(page);
    const pageInput = await look(site.input);
    const ourInput = await look(inventory);
    assert.equal(pageInput['text-transform'], 'uppercase', 'precondition: the site uppercases inputs');
    assert.notEqual(ourInput['text-transform'], pageInput['text-transform'], 'our input is not uppercased');
    assert.notDeepEqual(
      [ourInput['border-top-width'], ourInput['border-top-style'], ourInput['border-top-color']],
      [pageInput['border-top-width'], pageInput['border-top-style'], pageInput['border-top-color']],
      'our input has its own border',
    );
    assert.notEqual(ourInput['font-family'], pageInput['font-family'], 'our input does not take the site’s monospace font');
    assert.notEqual(ourInput['background-color'], pageInput['background-color'], 'our input has its own background');

    const pageLabel = await look(site.label);
    const ourLabel = await look(embed.locator('label', { hasText: 'Numéro d’inventaire' }));
    assert.notEqual(ourLabel['text-transform'], pageLabel['text-transform'], 'our label is not uppercased');
    assert.notEqual(ourLabel['letter-spacing'], pageLabel['letter-spacing'], 'our label is not letter-spaced');

    const pageButton = await look(site.button);
    const ourButton = await look(embed.locator('button[type="submit"]'));
    assert.notEqual(ourButton['background-color'], pageButton['background-color'], 'our submit button is not the site’s pink');
    assert.notEqual(ourButton['text-transform'], pageButton['text-transform'], 'our submit button is not uppercased');

    const pageForm = await look(site.form);
    const ourForm = await look(embed.locator('form'));
    assert.equal(pageForm['border-top-style'], 'dashed', 'precondition: the site dashes its forms');
    assert.notEqual(ourForm['border-top-style'], 'dashed', 'our form is not dashed');
  }),
);

test('every demo page runs under its strict Content-Security-Policy without a single violation', { timeout: 90_000 }, async () => {
  // A ticket, so that the status page and the mailbox have something to show.
  const created = await fetch(`${e2e.server.url}/api/forms/it-help/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-guichet-dev-user': 'alice', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      lang: 'fr',
      data: { subject: 'Imprimante bloquée au 2e étage', category: 'printing', description: 'L’imprimante P-2041 bourre à chaque page depuis ce matin.' },
    }),
  });
  const createdBody = await created.text();
  assert.equal(created.status, 201, createdBody);
  const { ticket, accessToken } = JSON.parse(createdBody) as { ticket: { number: string }; accessToken: string };

  await onDemo(e2e.browser, e2e.server, 'host-page-csp', { person: 'alice' }, async ({ page, cspViolations }) => {
    const peopleLoaded = () =>
      eventually(async () => (await page.locator('#devbar-person').inputValue()) === 'alice', { what: 'the demo bar to show alice' });

    const pages: [string, () => Promise<unknown>][] = [
      ['/', peopleLoaded],
      ['/software.html', () => page.locator('guichet-request-form [name="inventoryNumber"]').waitFor({ state: 'visible' })],
      ['/help.html', () => page.locator('guichet-request-form [name="subject"]').waitFor({ state: 'visible' })],
      [
        `/status.html#ticket=${ticket.number}&token=${accessToken}`,
        () => page.locator('guichet-ticket-status').getByText(ticket.number).first().waitFor(),
      ],
      [
        '/mail.html',
        async () => {
          const mail = page.locator('#mail-list').getByRole('button').filter({ hasText: ticket.number }).first();
          await page.getByLabel('Filtrer les messages').fill(ticket.number);
          await eventually(
            async () => {
              if ((await mail.count()) > 0) return true;
              await page.getByRole('button', { name: 'Actualiser' }).click();
              return false;
            },
            { timeout: 15_000, interval: 500, what: `a mail mentioning ${ticket.number}` },
          );
          await mail.click();
          await page.locator('#mail-detail pre').waitFor();
          if ((await page.locator('#mail-detail iframe').count()) > 0) {
            await page.frameLocator('#mail-detail iframe').locator('body').waitFor();
          }
        },
      ],
    ];

    const seen: Record<string, string[]> = {};
    for (const [path, ready] of pages) {
      const response = await page.goto(path);
      const csp = response?.headers()['content-security-policy'] ?? '';
      assert.match(csp, /script-src 'self'/, `${path} is served with the demo CSP (got "${csp}")`);
      assert.match(csp, /style-src 'self'/, `${path} is served with the demo CSP (got "${csp}")`);
      await ready();
      await peopleLoaded();
      // One more round trip to the page, so reports queued while rendering are delivered.
      await page.evaluate(() => document.readyState);
      seen[path] = cspViolations.splice(0);
    }
    assert.deepEqual(seen, Object.fromEntries(pages.map(([path]) => [path, []])));

    // The witness works: a deliberate inline style is reported.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await eventually(async () => cspViolations.length > 0, { what: 'the deliberate violation to be reported' });
  });
});
