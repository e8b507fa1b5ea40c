// The software order from both sides of the counter, against the real server:
// Alice orders through the demo form, Eva (purchasing) finds the ticket in
// the demo's agents' panel, confirms the inventory number and approves; the
// approval mail names the download and the install help, and Alice's status
// page shows the new state and when the request closes by itself. Also: who may see which queue, and two agents of
// one queue seeing each other's lock live.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  SOFTWARE_ORDER,
  axeViolations,
  devMails,
  eventually,
  formDefinition,
  launchBrowser,
  onDemo,
  orderSoftwareInForm,
  startServer,
  submitViaApi,
  type RunningServer,
} from './support.ts';

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

interface AgentTicket {
  number: string;
  state: string;
  stateLabel: string;
  autoCloseAt: string | null;
  lockedBy: { id: string; name: string } | null;
  events: { type: string; public: boolean; body: string | null }[];
}

async function agentTicket(person: string, number: string): Promise<AgentTicket> {
  const response = await fetch(`${server.url}/api/agent/tickets/${number}?lang=fr`, { headers: { 'X-Guichet-Dev-User': person } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as AgentTicket;
}

/** The wall-clock time of an instant in Zurich, "18:00". */
const zurichTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

/** The row of the agents' table for a ticket (it appears, and changes, through the queue's live stream). */
const ticketRow = (page: Page, number: string) => page.locator('#agent-tickets tbody tr').filter({ hasText: number });

test('Eva of purchasing approves Alice’s software order in the agents’ panel; Alice gets the download mail and her status page shows the new state and the closing time', { timeout: 120_000 }, () =>
  // On campus time, so the status page reads 18:00 as Alice would.
  onDemo(browser, server, 'agent-story-approve', { timezoneId: 'Europe/Zurich' }, async ({ page, context, cspViolations, pageErrors }) => {
    const definition = await formDefinition('software-order');
    const chosen = definition.fields.find((f) => f.id === 'software')?.options?.find((o) => o.value === SOFTWARE_ORDER.software);
    const { download, installHelp } = chosen?.details ?? {};
    assert.ok(download && installHelp, 'the catalogue names a download and an install help for the chosen software');

    // Alice orders, as in the software order story.
    await page.goto('/software.html');
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    const number = await orderSoftwareInForm(page);

    // The tester becomes Eva and opens the agents' panel from the demo bar.
    await page.getByLabel('Personne de démonstration').selectOption('eva');
    await page.getByRole('link', { name: 'Espace agents', exact: true }).click();
    await page.waitForURL(/\/agent\.html/);
    await page.getByRole('heading', { level: 1, name: 'Espace agents (démo)' }).waitFor();

    const purchasing = page.locator('#agent-queue-list').getByRole('link', { name: /Achats/ });
    await purchasing.waitFor();
    assert.equal(await purchasing.getAttribute('aria-current'), 'true', 'her only queue is open');
    assert.match((await purchasing.textContent()) ?? '', /Nouveau : 1/, 'the queue counts the new ticket');
    await page.getByRole('heading', { level: 2, name: 'Tickets — Achats' }).waitFor();
    const row = ticketRow(page, number);
    await row.filter({ hasText: 'Alice Martin' }).filter({ hasText: 'Reçue' }).waitFor();
    assert.match((await row.textContent()) ?? '', /Commande de logiciel/);

    // She opens it: the data, under the form's labels.
    await row.getByRole('link', { name: number }).click();
    const heading = page.getByRole('heading', { level: 2, name: `${number} — Commande de logiciel` });
    await heading.waitFor();
    assert.equal(await heading.evaluate((el) => el === document.activeElement), true, 'focus moves to the opened ticket');
    const data = page.locator('#agent-data');
    await data.filter({ hasText: 'Numéro d’inventaire' }).filter({ hasText: SOFTWARE_ORDER.inventoryNumber }).waitFor();
    assert.match((await data.textContent()) ?? '', /MATLAB/, 'select values show their label');

    // She takes the ticket: the table (fed by the queue's stream) shows who holds it.
    await page.getByRole('button', { name: 'Prendre le ticket' }).click();
    await page.getByRole('status').filter({ hasText: 'Vous avez pris le ticket.' }).waitFor();
    await row.filter({ hasText: 'Eva Rossi (vous)' }).waitFor();

    // Approving without the confirmation is refused on the spot.
    const confirm = page.getByLabel(`J’ai vérifié le numéro d’inventaire ${SOFTWARE_ORDER.inventoryNumber}`);
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('alert').filter({ hasText: 'confirmez chaque vérification' }).waitFor();
    assert.equal(await confirm.getAttribute('aria-invalid'), 'true');
    assert.equal(await confirm.evaluate((el) => el === document.activeElement), true, 'focus goes to the box to tick');
    assert.equal((await agentTicket('eva', number)).state, 'new', 'nothing was sent');

    // Ticked (with the keyboard), then approved.
    await page.keyboard.press('Space');
    assert.equal(await confirm.isChecked(), true);
    const before = Date.now();
    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('status').filter({ hasText: 'Demande approuvée' }).waitFor();
    const approved = await agentTicket('eva', number);
    assert.equal(approved.state, 'pending_auto_close');
    assert.ok(approved.autoCloseAt, 'the ticket has a closing time');
    assert.equal(zurichTime(approved.autoCloseAt), '18:00', `closes at 18:00 in Zurich: ${approved.autoCloseAt}`);
    const closesIn = new Date(approved.autoCloseAt).getTime() - before;
    assert.ok(closesIn > 0 && closesIn <= 24 * 3_600_000, `the next 18:00, not a later one: ${approved.autoCloseAt}`);

    // The panel shows the new state, the closing time and the approval in the history; the table follows.
    await page.locator('#agent-facts').filter({ hasText: approved.stateLabel }).filter({ hasText: 'Clôture automatique le' }).waitFor();
    await page.locator('#agent-timeline li').filter({ hasText: 'Approuvée' }).filter({ hasText: 'Eva Rossi' }).waitFor();
    assert.equal(await page.locator('#agent-approve-form').isVisible(), false, 'no second approval');
    await row.filter({ hasText: approved.stateLabel }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the agents’ panel, ticket open, has no axe-core violation');

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
    const magicLink = page.locator('#mail-detail pre').locator(`a[href*="/status.html#ticket=${number}&token="]`);
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
  onDemo(browser, server, 'agent-story-helpdesk', { person: 'felix' }, async ({ page, cspViolations }) => {
    const { number } = await submitViaApi(server, 'alice', 'software-order', { ...SOFTWARE_ORDER, inventoryNumber: 'INV-654321' });

    await page.goto('/agent.html');
    const queues = page.locator('#agent-queue-list');
    await queues.getByRole('link', { name: /Support informatique/ }).waitFor();
    assert.equal(await queues.getByRole('link').count(), 1, 'one queue');
    assert.equal(await queues.getByRole('link', { name: /Achats/ }).count(), 0, 'no purchasing queue');

    const forbidden = await fetch(`${server.url}/api/agent/queues/purchasing/tickets?lang=fr`, { headers: { 'X-Guichet-Dev-User': 'felix' } });
    assert.equal(forbidden.status, 403, 'the API agrees');

    // A link to a purchasing ticket shows the API's refusal, in the alert region.
    await page.goto(`/agent.html#queue=purchasing&ticket=${number}`);
    await page.getByRole('alert').filter({ hasText: 'Vous n’êtes pas agent·e de la file de ce ticket.' }).waitFor();
    assert.equal(await page.locator('#agent-ticket').isVisible(), false, 'no ticket shown');
    await page.getByRole('heading', { level: 2, name: 'Tickets — Support informatique' }).waitFor();
    assert.equal(await page.locator('#agent-tickets').getByText(number).count(), 0);

    assert.deepEqual(cspViolations, []);
  }),
);

test('a person who is not an agent is told to pick Eva or Hugo, in the chosen language', { timeout: 60_000 }, () =>
  onDemo(browser, server, 'agent-story-not-agent', { person: 'alice' }, async ({ page }) => {
    await page.goto('/agent.html');
    await page.locator('#agent-notice').filter({ hasText: 'Choisissez Eva ou Hugo' }).waitFor();
    assert.equal(await page.locator('#agent-workspace').isVisible(), false);

    await page.getByRole('button', { name: 'DE', exact: true }).click();
    await page.locator('#agent-notice').filter({ hasText: 'Wählen Sie Eva oder Hugo' }).waitFor();

    // The notice's button leads the keyboard to the switcher; choosing Hugo opens his queue.
    await page.getByRole('button', { name: 'Person wählen' }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'devbar-person');
    await page.getByLabel('Demo-Person').selectOption('hugo');
    await page.locator('#agent-queue-list').getByRole('link', { name: /Einkauf/ }).waitFor();
    assert.equal(await page.locator('#agent-notice').isVisible(), false);
  }),
);

test('two purchasing agents see each other’s lock live; a reply against the lock is refused with the holder’s name, and a take-over shows on both sides', { timeout: 90_000 }, async () => {
  await onDemo(browser, server, 'agent-story-eva', { person: 'eva' }, async (eva) =>
    onDemo(browser, server, 'agent-story-hugo', { person: 'hugo' }, async (hugo) => {
      await eva.page.goto('/agent.html');
      await hugo.page.goto('/agent.html');
      for (const { page } of [eva, hugo]) await page.locator('#agent-live').filter({ hasText: 'Mise à jour en direct' }).waitFor();

      // A new order reaches both open tables without a reload.
      const { number, accessToken } = await submitViaApi(server, 'alice', 'software-order', { ...SOFTWARE_ORDER, inventoryNumber: 'INV-777777' });
      await ticketRow(eva.page, number).waitFor();
      await ticketRow(hugo.page, number).waitFor();

      await eva.page.goto(`/agent.html#ticket=${number}`);
      await eva.page.getByRole('button', { name: 'Prendre le ticket' }).click();
      await ticketRow(hugo.page, number).filter({ hasText: 'Eva Rossi' }).waitFor();

      // Hugo opens it, sees who holds it, and his reply is refused with her name.
      await ticketRow(hugo.page, number).getByRole('link', { name: number }).click();
      await hugo.page.locator('#agent-lock-text').filter({ hasText: 'Eva Rossi traite ce ticket' }).waitFor();
      await hugo.page.getByLabel('Réponse à la personne (envoyée par e-mail)').fill('Bonjour, je regarde votre commande.');
      await hugo.page.getByRole('button', { name: 'Envoyer la réponse' }).click();
      await hugo.page.getByRole('alert').filter({ hasText: 'Eva Rossi traite ce ticket en ce moment' }).waitFor();
      assert.equal((await agentTicket('hugo', number)).events.some((e) => e.type === 'agent_reply'), false, 'no reply was recorded');

      // He takes it over: Eva's open ticket shows it without a reload.
      await hugo.page.getByRole('button', { name: 'Reprendre le ticket' }).click();
      await hugo.page.getByRole('status').filter({ hasText: 'Vous avez repris le ticket.' }).waitFor();
      await eva.page.locator('#agent-lock-text').filter({ hasText: 'Hugo Bernard traite ce ticket' }).waitFor();
      await eva.page.locator('#agent-timeline li').filter({ hasText: 'Ticket repris' }).filter({ hasText: 'Repris à Eva Rossi' }).waitFor();

      // Now his reply goes out; his internal note is marked as such and never reaches Alice.
      await hugo.page.getByRole('button', { name: 'Envoyer la réponse' }).click();
      await hugo.page.getByRole('status').filter({ hasText: 'Réponse envoyée' }).waitFor();
      assert.equal(await hugo.page.getByLabel('Réponse à la personne (envoyée par e-mail)').inputValue(), '', 'the reply box is emptied');
      await hugo.page.getByLabel('Note interne (jamais montrée à la personne)').fill('Numéro vérifié dans l’inventaire.');
      await hugo.page.getByRole('button', { name: 'Ajouter la note' }).click();
      const note = hugo.page.locator('#agent-timeline li').filter({ hasText: 'Numéro vérifié dans l’inventaire.' });
      await note.waitFor();
      assert.match((await note.textContent()) ?? '', /interne/);
      await ticketRow(eva.page, number).filter({ hasText: 'En cours de traitement' }).waitFor();

      const requester = await fetch(`${server.url}/api/tickets/${number}?lang=fr`, { headers: { authorization: `Bearer ${accessToken}` } });
      const view = (await requester.json()) as { events: { type: string; body?: string }[] };
      assert.ok(view.events.some((e) => e.body === 'Bonjour, je regarde votre commande.'), 'the reply is public');
      assert.ok(!view.events.some((e) => e.body === 'Numéro vérifié dans l’inventaire.'), 'the note is not');
      await eventually(async () => (await devMails(server)).some((m) => m.subject.includes(number) && m.text.includes('je regarde votre commande')), {
        timeout: 15_000,
        what: `the reply mail of ${number}`,
      });

      // Hugo puts it on hold until an appointment, through the datetime field.
      await hugo.page.getByLabel('Nouvel état').selectOption('appointment');
      await hugo.page.getByRole('button', { name: 'Changer l’état' }).click();
      await hugo.page.locator('#agent-until-error').filter({ hasText: 'Indiquez la date et l’heure.' }).waitFor();
      await hugo.page.getByLabel('Date et heure').fill('2030-03-04T10:30');
      await hugo.page.getByRole('button', { name: 'Changer l’état' }).click();
      await hugo.page.getByRole('status').filter({ hasText: 'Nouvel état : Rendez-vous fixé' }).waitFor();
      const waiting = (await agentTicket('hugo', number)) as AgentTicket & { pendingUntil: string | null };
      assert.equal(waiting.state, 'appointment');
      const expected = await hugo.page.evaluate(() => new Date('2030-03-04T10:30').toISOString());
      assert.equal(waiting.pendingUntil, expected, 'the local date and time went out as an ISO instant');

      assert.deepEqual([...eva.cspViolations, ...hugo.cspViolations], []);
      assert.deepEqual([...eva.pageErrors, ...hugo.pageErrors], []);
    }),
  );
});
