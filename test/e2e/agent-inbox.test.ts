// The agents' workspace, <guichet-agent-inbox>, on the demo's agent page
// against the real server: two purchasing agents in two browsers see each
// other's lock, reply and take-over within 2 seconds without a reload, the
// requester's status page shows the reply as fast; and one agent works a
// whole request with the keyboard alone, on a page axe-core finds no serious
// or critical violation on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { SOFTWARE_ORDER, axeViolations, budgetHolderApproves, onDemo, sharedServerAndBrowser, submitViaApi } from './support.ts';

const e2e = sharedServerAndBrowser();

/** What "live" promises: another agent's change shows within 2 seconds. */
const LIVE = { timeout: 2_000 };

const inbox = (page: Page) => page.locator('guichet-agent-inbox');
const row = (page: Page, number: string) => inbox(page).getByRole('option').filter({ hasText: number });

async function agentTicket(person: string, number: string): Promise<{ state: string; lockedBy: { id: string } | null; events: { type: string; body: string | null }[] }> {
  const response = await fetch(`${e2e.server.url}/api/agent/tickets/${number}`, { headers: { 'X-Guichet-Dev-User': person } });
  assert.equal(response.status, 200);
  return (await response.json()) as never;
}

/** The element that has focus, through the shadow roots: what a keyboard user is on. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element ? `${element.localName}${element.id ? `#${element.id}` : ''} ${element.getAttribute('role') ?? ''} ${(element.textContent ?? '').trim().slice(0, 80)}` : '';
  });

/** Presses Tab until the workspace's focused element matches `selector` (a keyboard user looking for a control). */
async function tabTo(page: Page, selector: string, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 80; i++) {
    const there = await inbox(page).evaluate((el, s) => !!el.shadowRoot?.activeElement?.matches(s), selector);
    if (there) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${selector}; focus is on ${await focused(page)}`);
}

test('Eva locks a ticket: Hugo sees “held by Eva” within 2 s and his reply is refused; Eva’s reply reaches the requester’s status page within 2 s; Hugo takes over and Eva sees it within 2 s', { timeout: 120_000 }, async () => {
  const { number, accessToken } = await submitViaApi(e2e.server, 'alice', 'software-order', { ...SOFTWARE_ORDER, inventoryNumber: 'INV-246810' });
  await onDemo(e2e.browser, e2e.server, 'agent-inbox-eva', { person: 'eva' }, async (eva) =>
    onDemo(e2e.browser, e2e.server, 'agent-inbox-hugo', { person: 'hugo' }, async (hugo) =>
      onDemo(e2e.browser, e2e.server, 'agent-inbox-requester', {}, async (requester) => {
        await eva.page.goto('/agent.html');
        await hugo.page.goto('/agent.html');
        for (const { page } of [eva, hugo]) {
          await inbox(page).getByText('Mise à jour en direct').waitFor();
          await row(page, number).filter({ hasText: 'libre' }).waitFor();
        }
        await requester.page.goto(`/status.html#ticket=${number}&token=${accessToken}`);
        const status = requester.page.locator('guichet-ticket-status');
        await status.getByText(number).first().waitFor();

        // Eva opens the ticket and takes it.
        await row(eva.page, number).click();
        await inbox(eva.page).getByRole('heading', { level: 2, name: `${number} — Commande de logiciel` }).waitFor();
        await inbox(eva.page).getByRole('button', { name: 'Prendre le ticket' }).click();
        await row(hugo.page, number).filter({ hasText: 'tenu par Eva Rossi' }).waitFor(LIVE);
        await row(eva.page, number).filter({ hasText: 'tenu par vous' }).waitFor();

        // Hugo opens it, sees who holds it; his reply is refused, with her name, and nothing is recorded.
        await row(hugo.page, number).click();
        await inbox(hugo.page).getByText('Eva Rossi traite ce ticket.').waitFor();
        await inbox(hugo.page).getByLabel('Réponse à la personne (envoyée par e-mail)').fill('Je regarde aussi.');
        await inbox(hugo.page).getByRole('button', { name: 'Envoyer la réponse' }).click();
        const refusal = inbox(hugo.page).getByRole('alert').filter({ hasText: 'Eva Rossi traite ce ticket en ce moment' });
        await refusal.waitFor();
        assert.equal(await refusal.isVisible(), true, 'the refusal is on screen');
        assert.equal((await agentTicket('hugo', number)).events.some((e) => e.type === 'agent_reply'), false, 'no reply was recorded');

        // Eva replies: the requester's page shows it without a reload.
        await inbox(eva.page).getByLabel('Réponse à la personne (envoyée par e-mail)').fill('Bonjour, votre licence est en préparation.');
        await inbox(eva.page).getByRole('button', { name: 'Envoyer la réponse' }).click();
        await status.getByText('Bonjour, votre licence est en préparation.').waitFor(LIVE);
        // …and Hugo's open ticket shows it in its history, as fast.
        await inbox(hugo.page).locator('.events li').filter({ hasText: 'Bonjour, votre licence est en préparation.' }).waitFor(LIVE);

        // Hugo takes it over: Eva's list and open ticket say so.
        await inbox(hugo.page).getByRole('button', { name: 'Reprendre le ticket' }).click();
        await row(eva.page, number).filter({ hasText: 'tenu par Hugo Bernard' }).waitFor(LIVE);
        await inbox(eva.page).getByText('Hugo Bernard traite ce ticket.').waitFor(LIVE);
        await inbox(eva.page).locator('.events li').filter({ hasText: 'Ticket repris' }).filter({ hasText: 'Repris à Eva Rossi' }).waitFor();
        assert.equal((await agentTicket('eva', number)).lockedBy?.id, 'hugo');

        assert.deepEqual([...eva.cspViolations, ...hugo.cspViolations, ...requester.cspViolations], []);
        assert.deepEqual([...eva.pageErrors, ...hugo.pageErrors, ...requester.pageErrors], []);
      }),
    ),
  );
});

test('an agent works a whole request with the keyboard alone: open, lock, canned reply, approve with the checklist; axe finds no serious or critical violation', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'agent-inbox-keyboard', { person: 'eva' }, async ({ page, cspViolations, pageErrors }) => {
    const { number } = await submitViaApi(e2e.server, 'alice', 'software-order', { ...SOFTWARE_ORDER, inventoryNumber: 'INV-135790' });
    // The budget holder has approved: purchasing's step is next.
    await budgetHolderApproves(e2e.server, number);
    await page.goto('/agent.html');
    await row(page, number).waitFor();

    // From the top of the page, Tab reaches the list; the arrow keys move in it, Enter opens.
    await tabTo(page, '[role="option"]');
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    const first = await focused(page);
    await page.keyboard.press('ArrowDown');
    const options = await row(page, '').count();
    if (options > 1) assert.notEqual(await focused(page), first, 'ArrowDown moves to the next ticket');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focused(page), first, 'ArrowUp comes back');
    for (let i = 0; i < options && !(await focused(page)).includes(number); i++) await page.keyboard.press('ArrowDown');
    assert.match(await focused(page), new RegExp(number), 'the new ticket is in the list');
    await page.keyboard.press('Enter');
    const heading = inbox(page).getByRole('heading', { level: 2, name: `${number} — Commande de logiciel` });
    await heading.waitFor();
    assert.match(await focused(page), /^h2#ticket-title/, 'focus moves to the opened ticket');

    // Lock.
    await tabTo(page, '.lock button');
    await page.keyboard.press('Enter');
    await inbox(page).getByText('Vous traitez ce ticket.').waitFor();
    assert.match(await focused(page), /Libérer le ticket/, 'focus stays on the lock button, now “release”');

    // A canned answer, completed and sent.
    await tabTo(page, '#canned');
    await tabTo(page, '.canned button');
    await page.keyboard.press('Enter');
    assert.match(await focused(page), /^textarea#reply/, 'the answer lands in the reply box, focused');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nLicence : MATLAB.');
    await tabTo(page, '.reply button[type="submit"]');
    await page.keyboard.press('Enter');
    await inbox(page).locator('.events li').filter({ hasText: 'Nous avons bien reçu votre commande' }).filter({ hasText: 'Licence : MATLAB.' }).waitFor();
    assert.equal(await inbox(page).getByLabel('Réponse à la personne (envoyée par e-mail)').inputValue(), '', 'the reply box is emptied');

    // Approving without the checklist is refused on the spot, focus on the box to tick.
    await tabTo(page, '.approve button');
    await page.keyboard.press('Enter');
    await inbox(page).getByRole('alert').filter({ hasText: 'Cochez chaque vérification avant d’approuver.' }).waitFor();
    assert.match(await focused(page), /^input#confirm-inventoryNumber/);
    await page.keyboard.press('Space');
    await tabTo(page, '.approve button');
    await page.keyboard.press('Enter');
    await inbox(page).locator('.facts').filter({ hasText: 'Traitée, clôture prévue' }).waitFor();
    assert.equal((await agentTicket('eva', number)).state, 'pending_auto_close');
    assert.match(await focused(page), /^h2#ticket-title/, 'the approval form is gone: focus goes to the ticket');

    // Escape goes back to the ticket's row in the list.
    await page.keyboard.press('Escape');
    assert.match(await focused(page), new RegExp(`option.*${number}`));

    const serious = (await axeViolations(page)).filter((v) => /\((serious|critical)\)/.test(v));
    assert.deepEqual(serious, [], 'no serious or critical axe-core violation on the workspace');
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  }),
);

test('the workspace is a module of its own, loadable from other origins; the requester embed does not carry it', async () => {
  const agent = await fetch(`${e2e.server.url}/embed/agent/guichet-agent.js`);
  assert.equal(agent.status, 200);
  assert.match(agent.headers.get('content-type') ?? '', /javascript/);
  assert.equal(agent.headers.get('access-control-allow-origin'), '*', 'department pages on other origins may load it');
  assert.match(await agent.text(), /guichet-agent-inbox/);
  const embed = await (await fetch(`${e2e.server.url}/embed/guichet.js`)).text();
  assert.doesNotMatch(embed, /guichet-agent-inbox/, 'requesters never download the workspace');
});
