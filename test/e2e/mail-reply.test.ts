// The demo mailbox's "Reply as the requester": a visitor tries the whole mail
// cycle on the real server. A sample thank-you (nothing typed) keeps the closed
// request closed; typed words about the problem reopen it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { onDemo, openMailInViewer, sharedServerAndBrowser, submitViaApi, ticketWithToken } from './support.ts';

const e2e = sharedServerAndBrowser();

test('replying as the requester from the demo mailbox: a thank-you keeps the request closed, a problem reopens it', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'mail-reply', { person: 'alice' }, async ({ page, cspViolations }) => {
    const { number, accessToken } = await submitViaApi(e2e.server, 'alice', 'it-help', {
      subject: 'Imprimante P-2041 bloquée',
      category: 'printing',
      description: 'L’imprimante du 2e étage bourre à chaque page depuis ce matin.',
    });
    const closed = await fetch(`${e2e.server.url}/api/agent/tickets/${number}/state?lang=fr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Guichet-Dev-User': 'felix' },
      body: JSON.stringify({ state: 'closed' }),
    });
    assert.equal(closed.status, 200);

    await page.goto('/mail.html');
    await openMailInViewer(page, number, 'Demande traitée');
    const reply = page.getByRole('form', { name: 'Répondre comme le demandeur' });
    await reply.getByRole('button', { name: 'Répondre comme le demandeur' }).click();
    await reply.getByRole('status').filter({ hasText: `Remerciement enregistré\u202f: la demande ${number} reste clôturée.` }).waitFor();
    assert.equal((await ticketWithToken(e2e.server, number, accessToken)).state, 'closed');

    await reply.getByLabel('Votre réponse').fill('L’imprimante bourre encore, même après le changement de rouleau.');
    await reply.getByRole('button', { name: 'Répondre comme le demandeur' }).click();
    await reply.getByRole('status').filter({ hasText: `Demande ${number} rouverte.` }).waitFor();
    assert.equal((await ticketWithToken(e2e.server, number, accessToken)).state, 'open');
    assert.deepEqual(cspViolations, []);
  }),
);
