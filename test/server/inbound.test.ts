import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { createMailListener } from '../../server/mail/listener.ts';
import { send, submit } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { type Answered, bounce, forgedReply, gmailReply, htmlOnlyReply, notesHtmlReply, outlookReply, outOfOffice, strangerMail } from './mail/replies.ts';

const secret = 'inbound-secret-for-tests-0123456789';
let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z'), env: { GUICHET_INBOUND_SECRET: secret, GUICHET_INBOUND_TRUSTED_AUTHSERV: 'mx.example.edu' } });
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
    assert.deepEqual(answer.body, { action: 'thanks', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'closed');
    assert.equal(after.events.at(-1)!.body, 'Merci beaucoup !');
  });

  test('“Merci beaucoup, tout fonctionne !”, a blank line and “Alice” keeps the ticket closed, recorded as thanks', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(gmailReply(ticket, 'Alice Martin <alice.martin@example.edu>', 'Merci beaucoup, tout fonctionne !\n\nAlice', 'fr'));
    assert.deepEqual(answer.body, { action: 'thanks', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'closed');
    const last = after.events.at(-1)!;
    assert.equal(last.type, 'requester_message');
    assert.equal(last.body, 'Merci beaucoup, tout fonctionne !\n\nAlice');
    assert.deepEqual(JSON.parse(last.data!), { thanks: true, via: 'mail' });
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

  test('a Lotus Notes reply with no text part (HTML inside multipart/related) reopens, its text and link on the ticket', async () => {
    const ticket = await closedTicket();
    const answer = await deliver(notesHtmlReply(ticket, 'alice.martin@example.edu', 'Le VPN refuse encore la connexion depuis ce matin.'));
    assert.deepEqual(answer.body, { action: 'reopened', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'open');
    const body = after.events.at(-1)!.body!;
    assert.match(body, /^Le VPN refuse encore la connexion depuis ce matin\./);
    assert.match(body, /the VPN page \[https:\/\/intranet\.example\.edu\/vpn\]/, 'the link is kept as text');
    assert.doesNotMatch(body, /<|received your request/, 'no markup, no quote');
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
    const listener = createMailListener('lmtp://127.0.0.1:0', runtime.services.inbound, (await import('pino')).pino({ level: 'silent' }), runtime.config.inboundMaxBytes);
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

async function outboxRows(): Promise<number> {
  const row = await runtime.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('a forged reply: the requester’s From and a guessed In-Reply-To, without our signed address', () => {
  test('changes no state and sends no mail; the agents see it held as unverified and can accept it', async () => {
    const ticket = await closedTicket();
    const mailsBefore = await outboxRows();
    const answer = await deliver(forgedReply(ticket.number, 'Alice Martin <alice.martin@example.edu>', 'Please send the licence key to mallory@evil.example'));
    assert.deepEqual(answer.body, { action: 'unverified', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'closed');
    assert.equal(await outboxRows(), mailsBefore, 'nothing queued');

    const requesterView = await send(runtime, 'GET', `/api/tickets/${ticket.number}`, { token: ticket.token });
    assert.doesNotMatch(JSON.stringify(requesterView.body), /licence key/, 'the requester’s page does not show it');
    const agentView = await send(runtime, 'GET', `/api/agent/tickets/${ticket.number}`, { as: 'felix' });
    const held = agentView.body.events.find((e: { type: string }) => e.type === 'mail_held');
    assert.equal(held.public, false);
    assert.equal(held.body, 'Please send the licence key to mallory@evil.example');
    assert.equal(held.data.reason, 'unverified');

    const accepted = await send(runtime, 'POST', `/api/agent/tickets/${ticket.number}/held-mails/${held.id}/accept`, { as: 'felix' });
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.state, 'open', 'accepted, it counts as the requester’s: it reopens');
    assert.equal(accepted.body.events.at(-1).type, 'reopened');
    assert.equal((await send(runtime, 'POST', `/api/agent/tickets/${ticket.number}/held-mails/${held.id}/accept`, { as: 'felix' })).status, 409, 'once');
  });

  test('with the trusted MTA’s dmarc=pass it counts as the requester’s', async () => {
    const ticket = await closedTicket();
    const verdict = 'Authentication-Results: mx.example.edu; spf=pass smtp.mailfrom=example.edu; dkim=pass header.d=example.edu header.s=s1; dmarc=pass (p=reject) header.from=example.edu';
    const answer = await deliver(forgedReply(ticket.number, 'alice.martin@example.edu', 'The VPN fails again.', [verdict]));
    assert.deepEqual(answer.body, { action: 'reopened', ticket: ticket.number });
    assert.equal((await ticketState(ticket.number)).state, 'open');
  });

  test('a pass from an authserv-id the configuration does not trust, or a fail, is held', async () => {
    const ticket = await closedTicket();
    const untrusted = 'Authentication-Results: mx.evil.example; dmarc=pass header.from=example.edu';
    assert.equal((await deliver(forgedReply(ticket.number, 'alice.martin@example.edu', 'Reopen please.', [untrusted]))).body.action, 'unverified');
    const failed = 'Authentication-Results: mx.example.edu; dkim=fail header.d=example.edu; dmarc=fail header.from=example.edu';
    assert.equal((await deliver(forgedReply(ticket.number, 'alice.martin@example.edu', 'Reopen please.', [failed]))).body.action, 'unverified');
    // Below the MTA's own verdict, a pass the sender wrote himself counts for nothing.
    assert.equal((await deliver(forgedReply(ticket.number, 'alice.martin@example.edu', 'Reopen please.', [failed, untrusted.replace('mx.evil.example', 'mx.example.edu')]))).body.action, 'unverified');
    assert.equal((await ticketState(ticket.number)).state, 'closed');
  });

  test('after the reopen window it makes no new ticket and queues no mail', async () => {
    const ticket = await closedTicket();
    runtime.clock.advance(31 * 86_400_000);
    const mailsBefore = await outboxRows();
    for (let i = 0; i < 3; i++) {
      assert.equal((await deliver(forgedReply(ticket.number, 'alice.martin@example.edu', `Forged ${i}`))).body.action, 'unverified');
    }
    assert.equal(await outboxRows(), mailsBefore);
    const { count } = await runtime.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('count')).where('linked_ticket_id', '=', (await runtime.store.findTicketByNumber(ticket.number))!.id).executeTakeFirstOrThrow();
    assert.equal(Number(count), 0);
  });
});

describe('inbound rate limit (10 an hour per sender and ticket by default)', () => {
  test('the 11th mail of an hour from one sender changes nothing and triggers no mail, but is kept for the agents', async () => {
    const created = await submit(runtime, 'it-help', help, { as: 'alice' });
    const { number } = created.body.ticket;
    await runtime.delivery.deliverDue();
    const confirmation = runtime.devOutbox!.list().find((m) => m.subject.includes(number) && m.replyTo)!;
    const answered = { number, messageId: confirmation.messageId, replyTo: confirmation.replyTo!, subject: confirmation.subject };
    for (let i = 1; i <= 10; i++) assert.equal((await deliver(gmailReply(answered, 'alice.martin@example.edu', `Detail number ${i}.`))).body.action, 'message');
    const before = await ticketState(number);
    const mailsBefore = await outboxRows();
    const eleventh = await deliver(gmailReply(answered, 'alice.martin@example.edu', 'Detail number 11.'));
    assert.deepEqual(eleventh.body, { action: 'rate_limited', ticket: number });
    const after = await ticketState(number);
    assert.equal(after.state, before.state);
    assert.equal(await outboxRows(), mailsBefore, 'no mail to the queue');
    assert.equal(after.events.filter((e) => e.type === 'requester_message').length, 10);
    assert.equal(after.events.at(-1)!.type, 'mail_held');
    assert.equal(after.events.at(-1)!.public, 0);
    runtime.clock.advance(3_600_000);
    assert.equal((await deliver(gmailReply(answered, 'alice.martin@example.edu', 'Detail number 12.'))).body.action, 'message', 'the next hour counts afresh');
  });
});

describe('a long mail', () => {
  test('keeps 20,000 characters of text and says the cut on the ticket; its attachments are named as not kept', async () => {
    const ticket = await closedTicket();
    const long = 'The VPN log says: handshake failed. '.repeat(1000);
    const raw = [
      'From: alice.martin@example.edu',
      `To: ${/<(.+)>/.exec(ticket.replyTo)![1]}`,
      `Subject: Re: ${ticket.subject}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mix"',
      '',
      '--mix',
      'Content-Type: text/plain; charset=utf-8',
      '',
      long,
      '--mix',
      'Content-Type: text/plain; name="vpn.log"',
      'Content-Disposition: attachment; filename="vpn.log"',
      '',
      'log line',
      '--mix--',
      '',
    ].join('\r\n');
    assert.equal((await deliver(raw)).body.action, 'reopened');
    const body = (await ticketState(ticket.number)).events.at(-1)!.body!;
    assert.ok(body.startsWith(long.trim().slice(0, 20_000)), 'the first 20,000 characters');
    // Said in the ticket's language (the requester wrote in French).
    assert.match(body, /\[Message coupé\u202f: 20\s000 caractères gardés sur 35\s999\.\]/);
    assert.match(body, /\[Pièces jointes non gardées \(envoyées par courriel\)\u202f: vpn\.log\.\]/);
    assert.ok(body.length < 20_200);
  });
});

describe('the demo’s “Reply as the requester” (dev mode)', () => {
  test('with nothing typed it sends a sample thank-you through the inbound path: recorded, the ticket stays closed', async () => {
    const ticket = await closedTicket();
    const closure = runtime.devOutbox!.list().findLast((m) => m.messageId === ticket.messageId)!;
    const answer = await send(runtime, 'POST', `/api/dev/mail/${closure.id}/reply`, { json: { lang: 'fr' } });
    assert.deepEqual(answer.body, { action: 'thanks', ticket: ticket.number });
    const after = await ticketState(ticket.number);
    assert.equal(after.state, 'closed');
    assert.equal(after.events.at(-1)!.body, 'Merci beaucoup, tout fonctionne\u202f!\n\nAlice');
  });

  test('the typed text reopens, as a reply by mail would', async () => {
    const ticket = await closedTicket();
    const closure = runtime.devOutbox!.list().findLast((m) => m.messageId === ticket.messageId)!;
    const answer = await send(runtime, 'POST', `/api/dev/mail/${closure.id}/reply`, { json: { text: 'The VPN fails again after the update.' } });
    assert.deepEqual(answer.body, { action: 'reopened', ticket: ticket.number });
    assert.equal((await ticketState(ticket.number)).events.at(-1)!.body, 'The VPN fails again after the update.');
  });
});
