// The software order with the budget holder's signature, against the real
// server: Alice orders; her budget holder, who is not an agent, gets a mail in
// the demo mailbox, opens its link, sees the request and approves it (a plain
// HTML form, no script); Eva of purchasing sees "approved by" the budget
// holder and approves the inventory check; Alice gets the download mail; the
// request closes at 18:00 in Zurich when the demo's clock gets there.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { SOFTWARE_ORDER, advanceClockInBar, axeViolations, eventually, onDemo, openMailInViewer, orderSoftwareInForm, sharedServerAndBrowser } from './support.ts';

const e2e = sharedServerAndBrowser();

interface Ticket {
  state: string;
  closeReason: string | null;
  autoCloseAt: string | null;
  approvalSteps: { id: string; state: string; decidedBy: string | null }[];
}

async function agentTicket(number: string): Promise<Ticket> {
  const response = await fetch(`${e2e.server.url}/api/agent/tickets/${number}?lang=fr`, { headers: { 'X-Guichet-Dev-User': 'eva' } });
  const text = await response.text();
  assert.equal(response.status, 200, text);
  return JSON.parse(text) as Ticket;
}

const zurichTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Zurich', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

const inbox = (page: Page) => page.locator('guichet-agent-inbox');

test('the budget holder approves from the mail’s page, purchasing approves the inventory check, Alice gets the download mail, the request closes at 18:00 in Zurich', { timeout: 180_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'approval-story', { timezoneId: 'Europe/Zurich' }, async ({ page, context, cspViolations, pageErrors }) => {
    const holder = SOFTWARE_ORDER.budgetHolderEmail;

    // Alice orders.
    await page.goto('/software.html');
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    const number = await orderSoftwareInForm(page);
    assert.deepEqual(
      (await agentTicket(number)).approvalSteps.map((s) => [s.id, s.state]),
      [
        ['budget-holder', 'current'],
        ['purchasing', 'waiting'],
      ],
    );

    // The budget holder's mail, in the demo mailbox: the request and a link.
    const mail = await openMailInViewer(page, number, /Approbation demandée/);
    const text = (await mail.textContent()) ?? '';
    assert.match(text, /Alice Martin a envoyé la demande «\u202fCommande de logiciel\u202f»/);
    assert.match(text, new RegExp(SOFTWARE_ORDER.inventoryNumber));
    const link = mail.locator('a[href*="/approval?"]').first();
    const [approval] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await approval.getByRole('heading', { level: 1, name: 'Approbation d’une demande' }).waitFor();
    await approval.getByRole('cell', { name: SOFTWARE_ORDER.inventoryNumber }).waitFor();
    // Opening it decided nothing, and the page has no serious or critical axe-core violation.
    assert.equal((await agentTicket(number)).approvalSteps[0]!.state, 'current', 'a GET decides nothing');
    const serious = (await axeViolations(approval)).filter((v) => /\((serious|critical)\)/.test(v));
    assert.deepEqual(serious, [], 'the approval page has no serious or critical axe-core violation');

    // The decline needs a reason (the browser says so, natively); the budget holder approves instead.
    await approval.getByRole('button', { name: 'Refuser la demande' }).click();
    assert.equal(await approval.getByLabel(/Motif du refus/).evaluate((el) => (el as HTMLTextAreaElement).validity.valueMissing), true);
    await approval.getByRole('button', { name: 'Approuver la demande' }).click();
    await approval.getByRole('status').filter({ hasText: 'Merci. Vous avez approuvé cette demande' }).waitFor();
    const afterHolder = await agentTicket(number);
    assert.deepEqual(afterHolder.approvalSteps[0], { ...afterHolder.approvalSteps[0], state: 'approved', decidedBy: holder });
    await approval.close();

    // Purchasing: Eva sees who approved, then confirms the inventory number and approves.
    await page.getByLabel('Personne de démonstration').selectOption('eva');
    await page.goto(`/agent.html#ticket=${number}`);
    await inbox(page).getByRole('heading', { level: 2, name: `${number} — Commande de logiciel` }).waitFor();
    const approvals = inbox(page).locator('[part="approvals"]');
    await approvals.getByText(`approuvée par ${holder}`).waitFor();
    await approvals.getByText('En attente de la décision\u202f: le service des achats').waitFor();
    await inbox(page).getByLabel(`J’ai vérifié « Numéro d’inventaire de l’ordinateur » : ${SOFTWARE_ORDER.inventoryNumber}`).check();
    await inbox(page).getByRole('button', { name: 'Approuver', exact: true }).click();
    await inbox(page).locator('[part="facts"]').filter({ hasText: 'Clôture automatique le' }).waitFor();
    const approved = await agentTicket(number);
    assert.equal(approved.state, 'pending_auto_close');
    assert.ok(approved.autoCloseAt);
    assert.equal(zurichTime(approved.autoCloseAt), '18:00', `closes at 18:00 in Zurich: ${approved.autoCloseAt}`);

    // Alice's download mail.
    await page.getByLabel('Personne de démonstration').selectOption('alice');
    const download = await openMailInViewer(page, number, /Commande approuvée/);
    assert.equal(await download.locator('a[href="https://software.example.edu/matlab"]').count(), 1, 'the mail links the download');
    assert.equal(await download.locator('a[href="https://help.example.edu/software/matlab"]').count(), 1, 'and the install help');

    // The demo's clock passes 18:00: the request closes, as scheduled.
    await advanceClockInBar(page, 1);
    await eventually(async () => (await agentTicket(number)).state === 'closed', { what: `${number} closed by the sweep` });
    assert.equal((await agentTicket(number)).closeReason, 'scheduled');

    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  }),
);
