// The software order as a person lives it on the demo site, against the real
// server: French form, a field error, the ticket number, the confirmation
// mail in the dev mailbox, the magic link, the status page — and a student
// who is told why there is no form for her.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { describedBy, eventually, formDefinition, onDemo, sharedServerAndBrowser } from './support.ts';

const TICKET_NUMBER = /\b\d{4}-\d{6}\b/;

const e2e = sharedServerAndBrowser();

test('a staff member orders software in French, corrects the inventory number, then follows the confirmation mail to the status page', { timeout: 90_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'software-order-staff-fr', {}, async ({ page, context, cspViolations }) => {
    const definition = await formDefinition('software-order');
    const inventoryFormat = definition.fields.find((f) => f.id === 'inventoryNumber')?.patternMessage?.fr;
    assert.ok(inventoryFormat, 'the form definition has a French pattern message for inventoryNumber');

    await page.goto('/software.html');
    await page.getByLabel('Personne de démonstration').selectOption('alice');

    const form = page.locator('guichet-request-form');
    await form.getByLabel('Logiciel').selectOption('matlab');
    await form.locator('[name="os"]').selectOption('windows');
    const inventory = form.getByLabel('Numéro d’inventaire');
    await inventory.fill('INV-12');
    await form.getByLabel('responsable du budget').fill('prof.budget@example.edu');
    await form.locator('[name="licences"]').fill('2');
    const submit = form.locator('button[type="submit"]');
    await submit.click();

    // The French message is tied to the field, and the field says it is invalid.
    await eventually(
      async () => (await inventory.getAttribute('aria-invalid')) === 'true' && (await describedBy(inventory)).includes(inventoryFormat),
      { what: `"${inventoryFormat}" described by the inventory number field` },
    );
    assert.equal(await form.getByRole('status').filter({ hasText: TICKET_NUMBER }).count(), 0, 'nothing was submitted');

    await inventory.fill('INV-123456');
    await page.evaluate(() => {
      const w = window as unknown as { submittedNumber: Promise<string> };
      w.submittedNumber = new Promise((resolve) =>
        document.addEventListener('guichet-submitted', (e) => resolve((e as CustomEvent<{ number: string }>).detail.number), { once: true }),
      );
    });
    await submit.click();

    const panel = form.getByRole('status').filter({ hasText: TICKET_NUMBER }).first();
    const number = (await panel.textContent())?.match(TICKET_NUMBER)?.[0];
    assert.ok(number, 'the success panel shows a ticket number');
    assert.equal(await page.evaluate(() => (window as unknown as { submittedNumber: Promise<string> }).submittedNumber), number, 'guichet-submitted carries the shown number');
    const panelLink = await form.locator(`a[href*="/pages/status#ticket=${number}&token="]`).getAttribute('href');
    assert.ok(panelLink, 'the success panel links to the status page');

    // The dev mailbox: the confirmation to Alice mentions the number.
    const people = (await (await context.request.get('/api/dev/people')).json()) as { id: string; email: string }[];
    const alice = people.find((p) => p.id === 'alice');
    assert.ok(alice, 'alice is a demo person');
    await page.getByRole('link', { name: 'Boîte mail de démo' }).click();
    await page.getByLabel('Filtrer les messages').fill(number);
    const toAlice = page.locator('#mail-list').getByRole('button').filter({ hasText: alice.email });
    await eventually(
      async () => {
        if ((await toAlice.count()) > 0) return true;
        await page.getByRole('button', { name: 'Actualiser' }).click();
        return false;
      },
      { timeout: 15_000, interval: 500, what: `a mail to ${alice.email} mentioning ${number}` },
    );
    await toAlice.first().click();
    const mailText = page.locator('#mail-detail pre');
    await mailText.filter({ hasText: number }).waitFor();

    const magicLink = mailText.locator(`a[href*="/pages/status#ticket=${number}&token="]`);
    const href = await magicLink.getAttribute('href');
    assert.ok(href && href.startsWith(`${e2e.server.url}/pages/status#`), `the magic link points at the demo's status page: ${href}`);
    const token = new URLSearchParams(new URL(href).hash.slice(1)).get('token');
    assert.ok(token, 'the magic link carries a token');

    const [statusPage] = await Promise.all([context.waitForEvent('page'), magicLink.click()]);
    const status = statusPage.locator('guichet-ticket-status');
    await status.getByText(number).first().waitFor();

    const response = await context.request.get(`/api/tickets/${number}?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status(), 200, await response.text());
    const ticket = (await response.json()) as { number: string; stateLabel: string };
    assert.equal(ticket.number, number);
    await status.getByText(ticket.stateLabel).first().waitFor();

    assert.deepEqual(cspViolations, []);
  }),
);

test('a student opening the software page reads why the form is for staff, and gets no form to fill', { timeout: 60_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'software-order-student', { person: 'chloe' }, async ({ page }) => {
    const answer = await fetch(`${e2e.server.url}/api/forms/software-order/eligibility?lang=fr`, { headers: { 'X-Guichet-Dev-User': 'chloe' } });
    const body = (await answer.json()) as { eligible?: boolean; message?: string; error?: { message?: string } };
    assert.notEqual(body.eligible, true, 'chloe (student) is not eligible');
    const reason = body.message ?? body.error?.message;
    assert.ok(reason, `the eligibility answer explains why: ${JSON.stringify(body)}`);

    await page.goto('/software.html');
    const form = page.locator('guichet-request-form');
    await form.getByText(reason).first().waitFor();
    assert.equal(await form.locator('[name="inventoryNumber"]').count(), 0, 'no field to fill');
    assert.equal(await form.locator('button[type="submit"]').count(), 0, 'no submit button');
  }),
);
