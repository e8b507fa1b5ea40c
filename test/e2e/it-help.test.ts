// The IT help request in English, against the real server: the demo's
// language switch reaches the form, the phone field exists only for an
// on-site visit, and the status page keeps the chosen language.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { eventually, formDefinition, onDemo, sharedServerAndBrowser } from './support.ts';

const TICKET_NUMBER = /\b\d{4}-\d{6}\b/;

const e2e = sharedServerAndBrowser();

test('a staff member asks for IT help in English and is asked for a phone number only for an on-site visit', { timeout: 90_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'it-help-staff-en', {}, async ({ page, context, cspViolations }) => {
    const definition = await formDefinition('it-help');

    await page.goto('/help.html');
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    const form = page.locator('guichet-request-form');
    await form.getByText(definition.title.fr).first().waitFor();

    // The demo's language switch turns the page and the live form to English.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await form.getByText(definition.title.en).first().waitFor();
    assert.equal(await page.getByLabel('Demo person').inputValue(), 'alice');
    await form.getByLabel('Subject').fill('Wi-Fi keeps dropping in room B-204');
    const category = form.getByLabel('Category');
    await category.selectOption('network');
    await form.getByLabel('Description').fill('Since Monday eduroam drops every ten minutes; restarting the laptop does not help.');
    const phone = form.locator('[name="phone"]');
    assert.equal(await phone.isVisible(), false, 'no phone field for a network problem');

    await category.selectOption('onsite');
    const phoneByLabel = form.getByLabel('Phone for the visit');
    await phoneByLabel.waitFor({ state: 'visible' });
    await phoneByLabel.fill('+41 21 555 12 34');

    await form.locator('button[type="submit"]').click();
    const panel = form.getByRole('status').filter({ hasText: TICKET_NUMBER }).first();
    const number = (await panel.textContent())?.match(TICKET_NUMBER)?.[0];
    assert.ok(number, 'the success panel shows a ticket number');

    // The success panel's link opens the status page, still in English.
    await form.locator(`a[href*="/pages/status#ticket=${number}&token="]`).click();
    await page.waitForURL(/\/pages\/status#/);
    const status = page.locator('guichet-ticket-status');
    await status.getByText(number).first().waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await status.getAttribute('lang'), 'en');

    const token = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token');
    const response = await context.request.get(`/api/tickets/${number}?lang=en`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status(), 200, await response.text());
    const ticket = (await response.json()) as { stateLabel: string; data: Record<string, unknown> };
    await status.getByText(ticket.stateLabel).first().waitFor();
    assert.equal(ticket.data.phone, '+41 21 555 12 34', 'the phone reached the ticket');

    // The confirmation mail went out too.
    await eventually(
      async () => {
        const mails = (await (await context.request.get('/api/dev/mail')).json()) as { text: string }[];
        return mails.some((mail) => mail.text.includes(number));
      },
      { timeout: 15_000, what: `a dev mail mentioning ${number}` },
    );

    assert.deepEqual(cspViolations, []);
  }),
);
