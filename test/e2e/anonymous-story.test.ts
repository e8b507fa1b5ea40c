// A visitor without a university account asks for guest Wi-Fi on the demo,
// against the real server under the demo's strict CSP: the ALTCHA widget
// loads from the server and its proof of work runs for real, the form says
// to check the mailbox, the mailed link opens the status page, and only the
// button there creates the ticket.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { en } from '../../components/locales/en.ts';
import { eventually, formDefinition, onDemo, sharedServerAndBrowser } from './support.ts';

const e2e = sharedServerAndBrowser();

test('a visitor asks for guest Wi-Fi, solves the anti-robot check, confirms from the mail and sees the ticket', { timeout: 120_000 }, () =>
  onDemo(e2e.browser, e2e.server, 'anonymous-guest-wifi', {}, async ({ page, context, cspViolations }) => {
    const definition = await formDefinition('guest-wifi');
    const address = 'vera.visitor@example.org';
    const label = (id: string) => definition.fields.find((f) => f.id === id)!.label.en;

    await page.goto('/');
    await page.getByRole('link', { name: 'Demander un accès Wi-Fi invité' }).click();
    await page.waitForURL(/\/guest\.html$/);
    const form = page.locator('guichet-request-form');
    const widget = form.locator('altcha-widget');
    // The widget speaks the form's language: French words from the server, then English after the switch.
    await widget.getByText('Je ne suis pas un robot').waitFor();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await form.getByText(definition.title.en).first().waitFor();

    await form.getByLabel(label('host')).fill('Prof. Anna Keller, Physics');
    await form.getByLabel(label('arrival')).fill('2026-12-01');
    await form.getByLabel(label('days')).fill('3');
    await form.getByLabel(en.requesterName).fill('Vera Visitor');
    await form.getByLabel(en.requesterEmail).fill(address);

    // The real widget, its worker and its proof of work, all from the Guichet server.
    await widget.getByText("I'm not a robot").click();
    await eventually(() => form.locator('altcha-widget input[name="altcha"]').inputValue(), { timeout: 60_000, what: 'the ALTCHA check to be solved' });

    await form.locator('button[type="submit"]').click();
    await form.getByRole('heading', { name: en.checkMailboxTitle }).waitFor();
    assert.equal((await form.locator('[part="success"] p').textContent())?.trim(), en.checkMailbox(address));

    const mail = await eventually(
      async () => {
        const mails = (await (await context.request.get('/api/dev/mail')).json()) as { to: string; text: string }[];
        return mails.find((m) => m.to.includes(address));
      },
      { timeout: 15_000, what: `the address check mailed to ${address}` },
    );
    const link = /https?:\/\/\S+#confirm=[^&\s]+&form=guest-wifi/.exec(mail.text)?.[0];
    assert.ok(link, 'the mail holds the confirmation link');

    // Opening the link changes nothing; the button creates the ticket and shows it.
    await page.goto(link);
    const status = page.locator('guichet-ticket-status');
    const confirm = status.locator('button[type="submit"]');
    await confirm.waitFor();
    assert.equal(await status.locator('[part="state"]').count(), 0);
    await confirm.click();
    await status.locator('[part="state"]').waitFor();
    const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
    const number = hash.get('ticket');
    assert.match(number ?? '', /^\d{4}-\d{6}$/);
    await status.getByText(number!).first().waitFor();

    const response = await context.request.get(`/api/tickets/${number}?lang=en`, { headers: { authorization: `Bearer ${hash.get('token')}` } });
    assert.equal(response.status(), 200, await response.text());
    const ticket = (await response.json()) as { title: string; data: Record<string, unknown> };
    assert.equal(ticket.title, definition.title.en);
    assert.deepEqual(ticket.data, { host: 'Prof. Anna Keller, Physics', arrival: '2026-12-01', days: 3 });

    assert.deepEqual(cspViolations, []);
  }),
);
