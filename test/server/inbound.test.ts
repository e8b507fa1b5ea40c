import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { createMailListener } from '../../server/mail/listener.ts';
import { send, submit } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { type Answered, bounce, gmailReply, htmlOnlyReply, outlookReply, outOfOffice, strangerMail } from './mail/replies.ts';

const secret = 'inbound-secret-for-tests-0123456789';
let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z'), env: { GUICHET_INBOUND_SECRET: secret } });
});
after(() => runtime.close());

const help = { subject: 'VPN does not connect', category: 'network', description: 'The VPN client says the certificate is invalid.' };

/** A ticket of `as`, closed by an agent, and the closure mail the requester answers. */
async function closedTicket(as = 'alice'): Promise<Answered & { token: string }> {
  const created = await submit(runtime, 'it-help', help, { as });
  const { number } = created.body.ticket;
  await send(runtime, 'POST', `/api/agent/tickets/${number}/state`, { as: 'felix', json: { state: 'closed' } });
  await runtime.delivery.deliverDue();
  const mail = runtime.devOutbox!.list().findLast((m) => m.subject.includes(number) && m.replyTo)!;
  return { number, messageId: mail.messageId, replyTo: mail.replyTo!, subject: mail.subject, token: created.body.accessToken };
}

const deliver = (raw: string, token = secret) =>
  send(runtime, 'POST', '/api/inbound/email', { body: raw, headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${token}` } });

async function ticketState(number: string) {
  const row = (await runtime.store.findTicketByNumber(number))!;
  return { state: row.state, events: await runtime.store.eventsOf(row.id, { publicOnly: false }) };
}

describe('replies by mail', () => {
  test('a Gmail reply from the requester reopens, keeping only the new text', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(gmailReply(ticket, 'Alice Martin <alice.martin@example.edu>', 'Sorry, the VPN still says the certificate is invalid.'));
    assert.equal(answer.status, 202);
    assert.deepEqual(answer.body, { action: 'reopened', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'open');
    assert.equal(after.events.at(-1)!.body, 'Sorry, the VPN still says the certificate is invalid.');
  });

  test('“Merci beaucoup !” is recorded for the agents without reopening', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(gmailReply(ticket, 'alice.martin@example.edu', 'Merci beaucoup !', 'fr'));
    assert.deepEqual(answer.body, { action: 'message', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'closed');
    assert.equal(after.events.at(-1)!.body, 'Merci beaucoup !');
  });

  test('an Outlook reply in base64 with an accented name reopens', async () => {
    const ticket = await closedTicket('chloe');
    const answer = await deliver(outlookReply(ticket, 'Chloé Dubois', 'chloe.dubois@students.example.edu', 'Das Problem ist leider wieder da.'));
    assert.equal(answer.body.action, 'reopened');
    const after = await ticketState(ticket.number);
    assert.equal(after.events.at(-1)!.body, 'Das Problem ist leider wieder da.');
    assert.equal(after.events.at(-1)!.author_name, 'Chloé Dubois');
  });

  test('an HTML-only reply is read as text', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(htmlOnlyReply(ticket, 'alice.martin@example.edu', 'It fails again since this morning.'));
    assert.equal(answer.body.action, 'reopened');
    assert.match((await ticketState(ticket.number)).events.at(-1)!.body!, /It fails again since this morning\./);
  });

  test('a reply to an open ticket is added as a message', async () => {
    const created = await submit(runtime, 'it-help', help, { as: 'alice' });
    await runtime.delivery.deliverDue();
    const confirmation = runtime.devOutbox!.list().find((m) => m.subject.includes(created.body.ticket.number) && m.replyTo)!;
    const answer = await deliver(gmailReply({ number: created.body.ticket.number, messageId: confirmation.messageId, replyTo: confirmation.replyTo!, subject: confirmation.subject }, 'alice.martin@example.edu', 'I use Windows 11.'));
    assert.deepEqual(answer.body, { action: 'message', ticket: created.body.ticket.number });
  });
});

describe('mail that must change nothing', () => {
  test('an out-of-office reply neither reopens nor gets an answer', async () => {
    const ticket = await closedTicket();
    await runtime.delivery.deliverDue();
    const mailsBefore = runtime.devOutbox!.list().length;
    const answer = await deliver(outOfOffice(ticket, 'alice.martin@example.edu'));
    assert.deepEqual(answer.body, { action: 'ignored', ticket: ticket.number });
    assert.equal((await ticketState(ticket.number)).state, 'closed');
    await runtime.delivery.deliverDue();
    assert.equal(runtime.devOutbox!.list().length, mailsBefore, 'no mail back');
  });

  test('an out-of-office on a pending ticket leaves it pending', async () => {
    const created = await submit(runtime, 'it-help', help, { as: 'alice' });
    const { number } = created.body.ticket;
    await send(runtime, 'POST', `/api/agent/tickets/${number}/state`, { as: 'felix', json: { state: 'pending' } });
    await runtime.delivery.deliverDue();
    const mail = runtime.devOutbox!.list().findLast((m) => m.subject.includes(number) && m.replyTo)!;
    await deliver(outOfOffice({ number, messageId: mail.messageId, replyTo: mail.replyTo!, subject: mail.subject }, 'alice.martin@example.edu'));
    assert.equal((await ticketState(number)).state, 'pending');
  });

  test('a bounce is ignored', async () => {
    const ticket = await closedTicket();
    assert.equal((await deliver(bounce(ticket))).body.action, 'ignored');
    assert.equal((await ticketState(ticket.number)).state, 'closed');
  });

  test('a stranger who guesses the ticket number changes nothing', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(strangerMail(ticket.number, 'Mallory <mallory@evil.example>', 'Please reopen and send me the data.'));
    assert.deepEqual(answer.body, { action: 'ignored' });
    assert.equal((await ticketState(ticket.number)).state, 'closed');
  });

  test('the route needs the inbound secret', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(gmailReply(ticket, 'alice.martin@example.edu', 'Broken again'), 'wrong-secret');
    assert.equal(answer.status, 403);
    assert.equal((await ticketState(ticket.number)).state, 'closed');
  });
});

describe('after the reopen window', () => {
  test('a reply starts a new ticket in the same queue, linked to the old one', async () => {
    const ticket = await closedTicket();
    runtime.clock.advance(31 * 86_400_000);
    const answer = await deliver(gmailReply(ticket, 'alice.martin@example.edu', 'The VPN problem is back after the update.'));
    assert.equal(answer.body.action, 'new_ticket');
    assert.notEqual(answer.body.ticket, ticket.number);
    const old = (await runtime.store.findTicketByNumber(ticket.number))!;
    const fresh = (await runtime.store.findTicketByNumber(answer.body.ticket))!;
    assert.equal(old.state, 'closed');
    assert.equal(fresh.queue_id, 'helpdesk');
    assert.equal(fresh.linked_ticket_id, old.id);
    assert.equal(fresh.state, 'new');
    const web = await send(runtime, 'POST', `/api/tickets/${ticket.number}/reopen?lang=en`, { token: ticket.token, json: { message: 'again' } });
    assert.equal(web.status, 409, 'the web reopen is over too');
    assert.match(web.body.error.message, /new request/);
  });
});

describe('the built-in LMTP listener', () => {
  test('a mail server delivering over LMTP takes the same path', async () => {
    const ticket = await closedTicket();
    const listener = createMailListener('lmtp://127.0.0.1:0', runtime.services.inbound, (await import('pino')).pino({ level: 'silent' }));
    await listener.listen();
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port!, lmtp: true, ignoreTLS: true } as never);
      await transport.sendMail({
        envelope: { from: 'alice.martin@example.edu', to: [ticket.replyTo.match(/<(.+)>/)![1]!] },
        raw: gmailReply(ticket, 'alice.martin@example.edu', 'Still not working over LMTP either.'),
      });
      assert.equal((await ticketState(ticket.number)).state, 'open');
    } finally {
      await listener.close();
    }
  });
});
