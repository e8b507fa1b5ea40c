// No forgotten ticket, as a person lives it on the demo site against the real
// server: Alice asks for IT help, the tester moves the server's clock a week
// ahead with the demo bar's clock control (which runs the sweep), the closure
// mail arrives in the demo mailbox, and its link opens the department's reopen
// page — where Alice reopens with a message, or says it is solved and rates
// it, or, a month later, is offered a new request instead.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { fr } from '../../components/locales/fr.ts';
import {
  advanceClockInBar,
  askItHelpInForm,
  axeViolations,
  devMails,
  formDefinition,
  linkFragment,
  onDemo,
  openMailInViewer,
  sharedServerAndBrowser,
  submitViaApi,
  ticketWithToken,
} from './support.ts';

const CONFIRMATION_SUBJECT = 'Demande reçue';
const CLOSURE_SUBJECT = 'Demande traitée et clôturée';

const e2e = sharedServerAndBrowser();

const printerProblem = {
  subject: 'Imprimante P-2041 bloquée',
  category: 'printing',
  description: 'L’imprimante du 2e étage bourre à chaque page depuis ce matin.',
};

/** The link of the open mail's text that leads to `page` for `number`, with its token. */
async function mailLink(text: Locator, page: string, number: string): Promise<{ link: Locator; token: string }> {
  const link = text.locator(`a[href*="/${page}#ticket=${number}&token="]`);
  const href = await link.getAttribute('href');
  assert.ok(href && href.startsWith(`${e2e.server.url}/${page}#`), `the mail links to the demo’s ${page}: ${href}`);
  const { token } = linkFragment(href);
  assert.ok(token, `the link to ${page} carries a token`);
  return { link, token };
}

/** Clicks a mail's link; like a mail client, the mailbox opens it in a new tab. */
async function follow(context: BrowserContext, link: Locator): Promise<Page> {
  const [opened] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await opened.waitForLoadState();
  return opened;
}

test('Alice’s IT request closes by itself after a quiet week; the closure mail’s link opens the reopen page, she reopens with a message, and the request is open again', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'closure-story-reopen', {}, async ({ page, context, cspViolations }) => {
    const itHelp = await formDefinition('it-help');

    // Alice asks for help through the department's form.
    await page.goto('/help.html');
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    const number = await askItHelpInForm(page, printerProblem);

    // A week goes by in one click: the sweep closes her idle request and says so.
    const announced = await advanceClockInBar(page, 7);
    assert.match(announced, new RegExp(`demandes? clôturées?\u202f: .*${number}`), announced);
    await page.getByRole('group', { name: /^Horloge du serveur/ }).getByText('en avance de 7 jours').waitFor();

    // The closure mail is in the demo mailbox; its link opens the reopen page.
    const closure = await openMailInViewer(page, number, CLOSURE_SUBJECT);
    const { link, token: reopenToken } = await mailLink(closure, 'pages/reopen', number);
    const closed = await ticketWithToken(e2e.server, number, reopenToken);
    assert.equal(closed.state, 'closed');
    assert.equal(closed.closeReason, 'idle');

    const reopenPage = await follow(context, link);
    const reopen = reopenPage.locator('guichet-reopen');
    await reopen.getByRole('heading', { name: itHelp.title.fr }).waitFor();
    await reopen.getByText(number).first().waitFor();
    assert.equal((await ticketWithToken(e2e.server, number, reopenToken)).state, 'closed', 'opening the page changed nothing');

    await reopenPage.evaluate(() => {
      const w = window as unknown as { reopenedNumber: Promise<string> };
      w.reopenedNumber = new Promise((resolve) =>
        document.addEventListener('guichet-reopened', (e) => resolve((e as CustomEvent<{ number: string }>).detail.number), { once: true }),
      );
    });
    await reopen.getByLabel(fr.reopenLabel).fill('Ça ne marche toujours pas');
    await reopen.getByRole('button', { name: fr.reopenButton }).click();
    await reopen.getByRole('status').filter({ hasText: fr.reopened }).waitFor();
    assert.equal(await reopenPage.evaluate(() => (window as unknown as { reopenedNumber: Promise<string> }).reopenedNumber), number, 'guichet-reopened carries the number');

    // Open again, with her words in the history — on the status page the confirmation mail leads to.
    await page.bringToFront();
    const confirmation = await openMailInViewer(page, number, CONFIRMATION_SUBJECT);
    const { link: statusLink, token: accessToken } = await mailLink(confirmation, 'pages/status', number);
    const reopened = await ticketWithToken(e2e.server, number, accessToken);
    assert.equal(reopened.state, 'open');
    assert.ok(reopened.events.some((e) => e.body === 'Ça ne marche toujours pas'), `her message is in the public history: ${JSON.stringify(reopened.events)}`);
    const statusPage = await follow(context, statusLink);
    const status = statusPage.locator('guichet-ticket-status');
    await status.getByText(number).first().waitFor();
    await status.getByText(reopened.stateLabel, { exact: true }).first().waitFor();
    await status.getByText('Ça ne marche toujours pas').first().waitFor();

    // The helpdesk was told.
    const mails = await devMails(e2e.server);
    assert.ok(mails.some((m) => m.subject.startsWith(`[${number}] Demande rouverte`)), 'the queue is mailed that the request was reopened');

    assert.deepEqual(cspViolations, []);
  }),
);

test('a requester whose problem is solved answers the closure mail with “solved, thank you” and a 5: the request stays closed and the page thanks her', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'closure-story-solved', { person: 'alice' }, async ({ page, context, cspViolations }) => {
    const { number } = await submitViaApi(e2e.server, 'alice', 'it-help', {
      subject: 'Pas de Wi-Fi en salle B-204',
      category: 'network',
      description: 'eduroam ne se connecte pas en salle B-204 depuis lundi.',
    });

    await page.goto('/');
    const announced = await advanceClockInBar(page, 7);
    assert.match(announced, new RegExp(number), announced);

    const closure = await openMailInViewer(page, number, CLOSURE_SUBJECT);
    const { link, token } = await mailLink(closure, 'pages/reopen', number);
    const reopenPage = await follow(context, link);
    const reopen = reopenPage.locator('guichet-reopen');
    await reopen.getByText(number).first().waitFor();

    await reopen.getByRole('group', { name: fr.ratingLegend }).getByRole('radio', { name: '5', exact: true }).check();
    await reopen.getByRole('button', { name: fr.solvedButton }).click();
    const thanks = reopen.getByRole('status').filter({ hasText: fr.thanks });
    await thanks.waitFor();
    assert.equal(await reopen.getByRole('button', { name: fr.reopenButton }).count(), 0, 'nothing left to reopen');

    const ticket = await ticketWithToken(e2e.server, number, token);
    assert.equal(ticket.state, 'closed', 'thanking does not reopen');
    assert.ok(ticket.events.some((e) => e.type === 'feedback'), `the rating is recorded: ${JSON.stringify(ticket.events)}`);

    assert.deepEqual(cspViolations, []);
  }),
);

test('a month after the closure the reopen page no longer reopens: it offers a new request', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'closure-story-window-over', { person: 'alice' }, async ({ page, context, cspViolations }) => {
    const itHelp = await formDefinition('it-help');
    const { number } = await submitViaApi(e2e.server, 'alice', 'it-help', {
      subject: 'Messagerie inaccessible',
      category: 'email',
      description: 'Le webmail affiche une erreur 500 à chaque connexion.',
    });

    await page.goto('/');
    await advanceClockInBar(page, 7);
    const closure = await openMailInViewer(page, number, CLOSURE_SUBJECT);
    const { link, token } = await mailLink(closure, 'pages/reopen', number);
    const reopenPage = await follow(context, link);
    const reopen = reopenPage.locator('guichet-reopen');
    await reopen.getByRole('button', { name: fr.reopenButton }).waitFor();

    // 31 more days, pressed on the reopen page itself: past the 30-day window, it shows the way forward.
    await advanceClockInBar(reopenPage, 31);
    await reopen.getByText(fr.windowOver).waitFor();
    assert.equal(await reopen.getByRole('button', { name: fr.reopenButton }).count(), 0, 'no reopen button any more');
    assert.equal((await ticketWithToken(e2e.server, number, token)).canReopen, false);
    const refused = await fetch(`${e2e.server.url}/api/tickets/${number}/reopen?lang=fr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: 'Toujours en panne' }),
    });
    assert.equal(refused.status, 409, await refused.text());

    await reopen.getByRole('link', { name: fr.newRequest }).click();
    await reopenPage.waitForURL(/\/help\.html/);
    await reopenPage.locator('guichet-request-form').getByText(itHelp.title.fr).first().waitFor();

    // "Remettre à l’heure" brings the server back to the real time.
    const clock = reopenPage.getByRole('group', { name: /^Horloge du serveur/ });
    await clock.getByRole('button', { name: 'Remettre à l’heure' }).click();
    await clock.getByRole('status').filter({ hasText: 'Horloge remise à l’heure.' }).waitFor();
    await clock.getByText('à l’heure', { exact: false }).first().waitFor();
    const now = (await (await fetch(`${e2e.server.url}/api/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: 'PT0S' }) })).json()) as { now: string };
    assert.ok(Math.abs(Date.parse(now.now) - Date.now()) < 60_000, `the server's clock is back to the real time: ${now.now}`);

    assert.deepEqual(cspViolations, []);
  }),
);

test('the reopen and “Mes demandes” pages run under the strict CSP with no axe-core violation, and her requests lead to their status pages', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'closure-story-pages', { person: 'alice' }, async ({ page, context, cspViolations }) => {
    const { number } = await submitViaApi(e2e.server, 'alice', 'it-help', {
      subject: 'Écran qui clignote',
      category: 'other',
      description: 'L’écran du poste 12 de la salle info clignote sans arrêt.',
    });

    // "Mes demandes", from the site's navigation: her requests, newest first.
    await page.goto('/');
    await page.getByRole('navigation').getByRole('link', { name: 'Mes demandes', exact: true }).click();
    await page.waitForURL(/\/requests\.html$/);
    const mine = page.locator('guichet-my-requests');
    const entry = mine.getByRole('link').filter({ hasText: number });
    await entry.waitFor();
    assert.equal(await page.getByRole('navigation').getByRole('link', { name: 'Mes demandes' }).getAttribute('aria-current'), 'page');
    const requestsViolations = await axeViolations(page);

    // A week later it is closed: the reopen page, reached from the closure mail, shows both answers.
    await advanceClockInBar(page, 7);
    const closure = await openMailInViewer(page, number, CLOSURE_SUBJECT);
    const { link } = await mailLink(closure, 'pages/reopen', number);
    const reopenPage = await follow(context, link);
    const reopen = reopenPage.locator('guichet-reopen');
    await reopen.getByRole('button', { name: fr.reopenButton }).waitFor();
    await reopen.getByRole('button', { name: fr.solvedButton }).waitFor();
    await reopenPage.getByRole('group', { name: /^Horloge du serveur/ }).waitFor();
    const reopenViolations = await axeViolations(reopenPage);
    assert.deepEqual({ requests: requestsViolations, reopen: reopenViolations }, { requests: [], reopen: [] });

    // Her list shows the new state, and each entry opens its status page with her own sign-in.
    const listed = (await (await fetch(`${e2e.server.url}/api/me/tickets?lang=fr`, { headers: { 'X-Guichet-Dev-User': 'alice' } })).json()) as {
      tickets: { number: string; stateLabel: string }[];
    };
    const closedLabel = listed.tickets.find((t) => t.number === number)?.stateLabel;
    assert.ok(closedLabel, `${number} is among her tickets`);
    await page.goto('/requests.html');
    await mine.getByRole('listitem').filter({ hasText: number }).filter({ hasText: closedLabel }).waitFor();
    await entry.click();
    await page.waitForURL(new RegExp(`/status\\.html#ticket=${number}$`));
    await page.locator('guichet-ticket-status').getByText(number).first().waitFor();

    assert.deepEqual(cspViolations, []);
  }),
);
