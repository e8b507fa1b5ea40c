// The software order from both sides of the counter, against the real server:
// Alice orders through the demo form, Eva (purchasing) finds the ticket in
// the agents' workspace (<guichet-agent-inbox> on the demo's agent page),
// confirms the inventory number and approves; the approval mail names the
// download and the install help, and Alice's status page shows the new state
// and when the request closes by itself. Also: who may see which queue, and
// an agent's reply, internal note and appointment. Two agents seeing each
// other's lock live: agent-inbox.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import type { AgentTicket } from '../../server/wire/agent.ts';
import {
  SOFTWARE_ORDER,
  axeViolations,
  budgetHolderApproves,
  devMails,
  eventually,
  formDefinition,
  onDemo,
  orderSoftwareInForm,
  sharedServerAndBrowser,
  submitViaApi,
} from './support.ts';

const e2e = sharedServerAndBrowser();

async function agentTicket(person: string, number: string): Promise<AgentTicket> {
  const response = await fetch(`${e2e.server.url}/api/agent/tickets/${number}?lang=fr`, { headers: { 'X-Guichet-Dev-User': person } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as AgentTicket;
}

/** The wall-clock time of an instant in Zurich, "18:00". */
const zurichTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

const inbox = (page: Page) => page.locator('guichet-agent-inbox');
/** The ticket's row in the workspace's list (it appears, and changes, through the queue's live stream). */
const ticketRow = (page: Page, number: string) => inbox(page).getByRole('option').filter({ hasText: number });
/** Whether `element` has focus inside its shadow root. */
const hasFocus = (element: Element) => (element.getRootNode() as ShadowRoot).activeElement === element;

test('Eva of purchasing approves Alice’s software order in the agents’ workspace; Alice gets the download mail and her status page shows the new state and the closing time', { timeout: 120_000 }, () =>
  // On campus time, so the status page reads 18:00 as Alice would.
  onDemo(e2e.browser, e2e.server, 'agent-story-approve', { timezoneId: 'Europe/Zurich' }, async ({ page, context, cspViolations, pageErrors }) => {
    const definition = await formDefinition('software-order');
    const chosen = definition.fields.find((f) => f.id === 'software')?.options?.find((o) => o.value === SOFTWARE_ORDER.software);
    const { download, installHelp } = chosen?.details ?? {};
    assert.ok(download && installHelp, 'the catalogue names a download and an install help for the chosen software');

    // Alice orders, as in the software order story.
    await page.goto('/software.html');
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    const number = await orderSoftwareInForm(page);
    // Her budget holder approves through the link of their mail (the approval story: approval-story.test.ts).
    await budgetHolderApproves(e2e.server, number);

    // The tester becomes Eva and opens the agents' panel from the demo bar.
    await page.getByLabel('Personne de démonstration').selectOption('eva');
    await page.getByRole('link', { name: 'Espace agents', exact: true }).click();
    await page.waitForURL(/\/agent\.html/);
    await page.getByRole('heading', { level: 1, name: 'Espace agents (démo)' }).waitFor();

    const purchasing = inbox(page).getByRole('button', { name: /Achats/ });
    await purchasing.waitFor();
    assert.equal(await purchasing.getAttribute('aria-pressed'), 'true', 'her only queue is open');
    assert.match((await purchasing.textContent()) ?? '', /Nouveau\u202f: 1/, 'the queue counts the new ticket');
    await inbox(page).getByRole('heading', { level: 2, name: 'Tickets — Achats' }).waitFor();
    const row = ticketRow(page, number);
    await row.filter({ hasText: 'Alice Martin' }).filter({ hasText: 'Nouveau' }).waitFor();
    assert.match((await row.textContent()) ?? '', /Commande de logiciel/);

    // She opens it: the data, under the form's labels.
    await row.click();
    const heading = inbox(page).getByRole('heading', { level: 2, name: `${number} — Commande de logiciel` });
    await heading.waitFor();
    assert.equal(await heading.evaluate(hasFocus), true, 'focus moves to the opened ticket');
    const data = inbox(page).locator('[part="data"]');
    await data.filter({ hasText: 'Numéro d’inventaire' }).filter({ hasText: SOFTWARE_ORDER.inventoryNumber }).waitFor();
    assert.match((await data.textContent()) ?? '', /MATLAB/, 'select values show their label');

    // She takes the ticket: the list (fed by the queue's stream) shows who holds it.
    await inbox(page).getByRole('button', { name: 'Prendre le ticket' }).click();
    await inbox(page).getByText('Vous traitez ce ticket.').waitFor();
    await row.filter({ hasText: 'tenu par vous' }).waitFor();

    // Approving without the confirmation is refused on the spot.
    const confirm = inbox(page).getByLabel(`J’ai vérifié «\u202fNuméro d’inventaire de l’ordinateur\u202f»\u202f: ${SOFTWARE_ORDER.inventoryNumber}`);
    await inbox(page).getByRole('button', { name: 'Approuver' }).click();
    await inbox(page).getByRole('alert').filter({ hasText: 'Cochez chaque vérification' }).waitFor();
    assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
    assert.equal(await confirm.evaluate(hasFocus), true, 'focus goes to the box to tick');
    assert.equal((await agentTicket('eva', number)).state, 'new', 'nothing was sent');

    // Ticked (with the keyboard), then approved.
    await page.keyboard.press('Space');
    assert.equal(await confirm.isChecked(), true);
    const before = Date.now();
    await inbox(page).getByRole('button', { name: 'Approuver' }).click();
    await inbox(page).locator('[part="facts"]').filter({ hasText: 'Clôture automatique le' }).waitFor();
    const approved = await agentTicket('eva', number);
    assert.equal(approved.state, 'pending_auto_close');
    assert.ok(approved.autoCloseAt, 'the ticket has a closing time');
    assert.equal(zurichTime(approved.autoCloseAt), '18:00', `closes at 18:00 in Zurich: ${approved.autoCloseAt}`);
    const closesIn = new Date(approved.autoCloseAt).getTime() - before;
    assert.ok(closesIn > 0 && closesIn <= 24 * 3_600_000, `the next 18:00, not a later one: ${approved.autoCloseAt}`);

    // The workspace shows the new state, the closing time and the approval in the history; the list follows.
    await inbox(page).locator('[part="facts"]').filter({ hasText: approved.stateLabel }).waitFor();
    await inbox(page).locator('[part="events"] li').filter({ hasText: 'Approuvée' }).filter({ hasText: 'Eva Rossi' }).waitFor();
    assert.equal(await inbox(page).getByRole('button', { name: 'Approuver' }).count(), 0, 'no second approval');
    await row.filter({ hasText: 'Clôture automatique prévue' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the agents’ workspace, ticket open, has no axe-core violation');

    // Alice's approval mail, in the demo mailbox: download location and install help.
    const people = (await (await context.request.get('/api/dev/people')).json()) as { id: string; email: string }[];
    const alice = people.find((p) => p.id === 'alice');
    assert.ok(alice, 'alice is a demo person');
    await page.getByRole('link', { name: 'Boîte mail de démo' }).click();
    await page.getByLabel('Filtrer les messages').fill(number);
    const mailTo = (subject: RegExp) => page.locator('#mail-list').getByRole('button').filter({ hasText: alice.email }).filter({ hasText: subject });
    await eventually(
      async () => {
        if ((await mailTo(/approuvée/).count()) > 0) return true;
        await page.getByRole('button', { name: 'Actualiser' }).click();
        return false;
      },
      { timeout: 15_000, interval: 500, what: `the approval mail of ${number} to ${alice.email}` },
    );
    await mailTo(/approuvée/).first().click();
    const mailText = page.locator('#mail-detail pre');
    await mailText.filter({ hasText: number }).waitFor();
    assert.equal(await mailText.locator(`a[href="${download}"]`).count(), 1, `the mail links the download: ${download}`);
    assert.equal(await mailText.locator(`a[href="${installHelp}"]`).count(), 1, `the mail links the install help: ${installHelp}`);
    const text = (await mailText.textContent()) ?? '';
    assert.match(text, /Téléchargement/);
    assert.match(text, /Aide à l’installation/);
    assert.match(text, /18:00/, 'the mail says when the request closes');

    // Alice follows the confirmation mail's link to her status page.
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    await mailTo(/reçue/).first().click();
    const magicLink = page.locator('#mail-detail pre').locator(`a[href*="/pages/status#ticket=${number}&token="]`);
    const href = await magicLink.getAttribute('href');
    assert.ok(href, 'the confirmation mail links the status page');
    const token = new URLSearchParams(new URL(href).hash.slice(1)).get('token');
    const [statusPage] = await Promise.all([context.waitForEvent('page'), magicLink.click()]);
    const status = statusPage.locator('guichet-ticket-status');
    await status.getByText(number).first().waitFor();

    const response = await context.request.get(`/api/tickets/${number}?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status(), 200, await response.text());
    const requesterView = (await response.json()) as { state: string; stateLabel: string; autoCloseAt?: string | null; events: { type: string }[] };
    assert.equal(requesterView.state, 'pending_auto_close');
    assert.equal(requesterView.stateLabel, approved.stateLabel);
    assert.equal(requesterView.autoCloseAt, approved.autoCloseAt, 'the requester’s API gives the same closing time');
    assert.ok(requesterView.events.some((e) => e.type === 'approved'), 'the approval is in the public history');
    assert.ok(!requesterView.events.some((e) => e.type === 'locked'), 'the lock is not');
    await status.getByText(approved.stateLabel).first().waitFor();
    // …and when it closes by itself: the day and 18:00, in her time zone.
    const closingDay = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', day: 'numeric' }).format(new Date(approved.autoCloseAt));
    const nextStep = status.locator('[part="next-step"]');
    await nextStep.filter({ hasText: '18:00' }).filter({ hasText: new RegExp(`\\b${closingDay}\\b`) }).waitFor();

    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  }),
);

test('an agent of the helpdesk sees only the helpdesk queue and may not open a purchasing ticket', { timeout: 60_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'agent-story-helpdesk', { person: 'felix' }, async ({ page, cspViolations }) => {
    const { number } = await submitViaApi(e2e.server, 'alice', 'software-order', { ...SOFTWARE_ORDER, inventoryNumber: 'INV-654321' });

    await page.goto('/agent.html');
    const queues = inbox(page).locator('[part="queues"]');
    await queues.getByRole('button', { name: /Support informatique/ }).waitFor();
    assert.equal(await queues.getByRole('button').count(), 1, 'one queue');
    assert.equal(await queues.getByRole('button', { name: /Achats/ }).count(), 0, 'no purchasing queue');

    const forbidden = await fetch(`${e2e.server.url}/api/agent/queues/purchasing/tickets?lang=fr`, { headers: { 'X-Guichet-Dev-User': 'felix' } });
    assert.equal(forbidden.status, 403, 'the API agrees');

    // A link to a purchasing ticket shows the API's refusal, in the alert region.
    await page.goto(`/agent.html#ticket=${number}`);
    await page.reload();
    await inbox(page).getByRole('alert').filter({ hasText: 'Vous n’êtes pas agent·e de la file de ce ticket.' }).waitFor();
    assert.equal(await inbox(page).getByRole('heading', { name: new RegExp(number) }).count(), 0, 'no ticket shown');
    await inbox(page).getByRole('heading', { level: 2, name: 'Tickets — Support informatique' }).waitFor();
    assert.equal(await ticketRow(page, number).count(), 0);

    assert.deepEqual(cspViolations, []);
  }),
);

test('a person who is not an agent is told so, in the chosen language; choosing Hugo opens his queue', { timeout: 60_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'agent-story-not-agent', { person: 'alice' }, async ({ page }) => {
    await page.goto('/agent.html');
    await inbox(page).getByText('Vous n’êtes agent·e d’aucune file.').waitFor();
    assert.equal(await inbox(page).getByRole('listbox').count(), 0);

    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await inbox(page).getByText('Sie sind in keiner Warteschlange Agent:in.').waitFor();

    await page.getByLabel('Demo-Person').selectOption('hugo');
    await inbox(page).getByRole('button', { name: /Einkauf/ }).waitFor();
    assert.equal(await inbox(page).getByText('Sie sind in keiner Warteschlange Agent:in.').count(), 0);
  }),
);

test('Hugo replies, adds an internal note that never reaches Alice, and sets an appointment through the date field', { timeout: 90_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'agent-story-hugo', { person: 'hugo' }, async ({ page, cspViolations, pageErrors }) => {
    await page.goto('/agent.html');
    await inbox(page).getByText('Mise à jour en direct').waitFor();

    // A new order reaches the open list without a reload.
    const { number, accessToken } = await submitViaApi(e2e.server, 'alice', 'software-order', { ...SOFTWARE_ORDER, inventoryNumber: 'INV-777777' });
    await ticketRow(page, number).waitFor();
    await ticketRow(page, number).click();
    await inbox(page).getByRole('heading', { level: 2, name: new RegExp(number) }).waitFor();

    // His reply goes out; his internal note is marked as such and never reaches Alice.
    await inbox(page).getByLabel('Réponse à la personne (envoyée par e-mail)').fill('Bonjour, je regarde votre commande.');
    await inbox(page).getByRole('button', { name: 'Envoyer la réponse' }).click();
    await inbox(page).locator('[part="events"] li').filter({ hasText: 'je regarde votre commande' }).waitFor();
    assert.equal(await inbox(page).getByLabel('Réponse à la personne (envoyée par e-mail)').inputValue(), '', 'the reply box is emptied');
    await inbox(page).getByLabel('Note interne (jamais montrée à la personne)').fill('Numéro vérifié dans l’inventaire.');
    await inbox(page).getByRole('button', { name: 'Ajouter la note' }).click();
    const note = inbox(page).locator('[part="events"] li').filter({ hasText: 'Numéro vérifié dans l’inventaire.' });
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /interne/);
    await ticketRow(page, number).filter({ hasText: 'Ouvert' }).waitFor();

    const requester = await fetch(`${e2e.server.url}/api/tickets/${number}?lang=fr`, { headers: { authorization: `Bearer ${accessToken}` } });
    const view = (await requester.json()) as { events: { type: string; body?: string }[] };
    assert.ok(view.events.some((e) => e.body === 'Bonjour, je regarde votre commande.'), 'the reply is public');
    assert.ok(!view.events.some((e) => e.body === 'Numéro vérifié dans l’inventaire.'), 'the note is not');
    await eventually(async () => (await devMails(e2e.server)).some((m) => m.subject.includes(number) && m.text.includes('je regarde votre commande')), {
      timeout: 15_000,
      what: `the reply mail of ${number}`,
    });

    // An appointment needs its date and time.
    await inbox(page).getByLabel('Nouvel état').selectOption('appointment');
    await inbox(page).getByRole('button', { name: 'Changer l’état' }).click();
    await inbox(page).getByRole('alert').filter({ hasText: 'Indiquez la date et l’heure.' }).waitFor();
    assert.equal((await agentTicket('hugo', number)).state, 'open', 'nothing was sent');
    await inbox(page).getByLabel('Date et heure').fill('2030-03-04T10:30');
    await inbox(page).getByRole('button', { name: 'Changer l’état' }).click();
    await inbox(page).locator('[part="facts"]').filter({ hasText: 'Rendez-vous fixé' }).waitFor();
    const waiting = (await agentTicket('hugo', number)) as AgentTicket & { pendingUntil: string | null };
    assert.equal(waiting.state, 'appointment');
    const expected = await page.evaluate(() => new Date('2030-03-04T10:30').toISOString());
    assert.equal(waiting.pendingUntil, expected, 'the local date and time went out as an ISO instant');

    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  }),
);
