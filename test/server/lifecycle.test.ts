import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ticketOfReplyAddress } from '../../server/mail/addresses.ts';
import { transitions } from '../../server/services/states.ts';
import { budgetHolderApproves } from '../support/approvals.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

// A Tuesday morning in Zurich (10:00 CET).
const tuesdayMorning = new Date('2026-03-10T09:00:00Z');

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: tuesdayMorning });
});
// Each test starts on Tuesday morning, whatever time the one before it left: none depends on another's clock.
beforeEach(() => runtime.clock.set(tuesdayMorning));
after(() => runtime.close());

/** A software order its budget holder approved: the queue's step is next. */
async function order(lang = 'fr', as = 'alice') {
  const answer = await submit(runtime, 'software-order', validOrder, { as, lang });
  assert.equal(answer.status, 201);
  const number = answer.body.ticket.number as string;
  await budgetHolderApproves(runtime, number);
  return { number, token: answer.body.accessToken as string };
}

async function mailsTo(number: string, address: string) {
  await runtime.delivery.deliverDue();
  return runtime.devOutbox!.list().filter((m) => m.subject.includes(number) && m.to.includes(address));
}

const agent = (as: string, number: string, action: string, json: unknown = {}) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as, json });

describe('the software order runs its four steps', () => {
  test('an approval mails the download and install help and schedules the closing at 18:00 Zurich', async () => {
    const { number, token } = await order('en');
    const approved = await agent('eva', number, 'approve', { confirm: { inventoryNumber: true } });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.state, 'pending_auto_close');
    assert.equal(approved.body.autoCloseAt, '2026-03-10T17:00:00.000Z', '18:00 CET');
    const mail = (await mailsTo(number, 'alice')).find((m) => m.subject.startsWith(`[${number}] Order approved`));
    assert.ok(mail, 'the approval mail was sent in the submission’s language');
    assert.match(mail.text, /https:\/\/software\.example\.edu\/matlab/);
    assert.match(mail.text, /https:\/\/help\.example\.edu\/software\/matlab/);
    assert.match(mail.text, /Tuesday, 10 March 2026 at 18:00/);
    const seen = await send(runtime, 'GET', `/api/tickets/${number}`, { token });
    assert.equal(seen.body.state, 'pending_auto_close');
    assert.equal(seen.body.autoCloseAt, '2026-03-10T17:00:00.000Z');
  });

  test('approving needs the inventory number confirmed', async () => {
    const { number } = await order();
    const answer = await agent('eva', number, 'approve', { confirm: {} });
    assert.equal(answer.status, 422);
    assert.ok(answer.body.error.fields['confirm.inventoryNumber']);
  });

  test('after 18:00 the closing is tomorrow at 18:00, across the switch to summer time', async () => {
    runtime.clock.set(new Date('2026-03-28T18:30:00Z')); // Saturday 19:30 CET; Sunday is the DST change
    const { number } = await order();
    const approved = await agent('hugo', number, 'approve', { confirm: { inventoryNumber: true } });
    assert.equal(approved.body.autoCloseAt, '2026-03-29T16:00:00.000Z', '18:00 CEST');
  });

  test('a rejection mails the reason and closes the ticket', async () => {
    const { number, token } = await order('de');
    const rejected = await agent('eva', number, 'reject', { reason: 'Diese Inventarnummer gehört zu einem privaten Gerät.' });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.state, 'closed');
    assert.equal(rejected.body.closeReason, 'rejected');
    const mail = (await mailsTo(number, 'alice')).find((m) => m.subject === `[${number}] Anfrage abgelehnt: Softwarebestellung`);
    assert.ok(mail);
    assert.match(mail.text, /privaten Gerät/);
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { token })).body.state, 'closed');
  });
});

describe('agents and their queues', () => {
  test('a helpdesk agent can neither read nor act on a purchasing ticket', async () => {
    const { number } = await order();
    assert.equal((await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'felix' })).status, 403);
    for (const [action, body] of [
      ['replies', { body: 'Hi' }],
      ['notes', { body: 'x' }],
      ['state', { state: 'pending' }],
      ['approve', { confirm: { inventoryNumber: true } }],
      ['reject', { reason: 'no' }],
      ['lock', {}],
      ['move', { queueId: 'helpdesk' }],
    ] as const) {
      assert.equal((await agent('felix', number, action, body)).status, 403, action);
    }
    assert.equal((await send(runtime, 'GET', '/api/agent/queues/purchasing/tickets', { as: 'felix' })).status, 403);
    assert.equal((await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'alice' })).status, 403);
    assert.equal((await send(runtime, 'GET', `/api/agent/tickets/${number}`)).status, 401);
  });

  test('the queue lists its tickets and their counts', async () => {
    const { number } = await order();
    const list = await send(runtime, 'GET', '/api/agent/queues/purchasing/tickets?state=new', { as: 'eva' });
    assert.ok(list.body.tickets.some((t: { number: string }) => t.number === number));
    assert.ok(list.body.tickets.every((t: { state: string }) => t.state === 'new'));
    const queues = await send(runtime, 'GET', '/api/agent/queues?lang=en', { as: 'eva' });
    assert.equal(queues.body.queues[0].name, 'Purchasing');
    assert.ok(queues.body.queues[0].counts.new >= 1);
  });

  test('each queue carries its canned answers in French, English and German', async () => {
    const queues = await send(runtime, 'GET', '/api/agent/queues?lang=de', { as: 'eva' });
    const answers = queues.body.queues[0].cannedAnswers as { id: string; title: Record<string, string>; body: Record<string, string> }[];
    assert.ok(answers.length > 0, 'purchasing declares canned answers');
    for (const answer of answers) for (const lang of ['fr', 'en', 'de']) assert.ok(answer.title[lang] && answer.body[lang], `${answer.id} in ${lang}`);
    assert.equal(queues.body.agent.id, 'eva', 'the list says who asks');
    const helpdesk = await send(runtime, 'GET', '/api/agent/queues', { as: 'felix' });
    assert.deepEqual(helpdesk.body.queues.map((q: { id: string }) => q.id), ['helpdesk']);
    assert.ok(!helpdesk.body.queues[0].cannedAnswers.some((a: { id: string }) => answers.some((b) => b.id === a.id)), 'only the helpdesk’s own answers');
  });

  test('a requester’s token never shows internal notes; the agent sees everything', async () => {
    const { number, token } = await order();
    await agent('eva', number, 'notes', { body: 'Budget line 4711 is nearly empty' });
    await agent('eva', number, 'replies', { body: 'We are checking your order.' });
    const requester = await send(runtime, 'GET', `/api/tickets/${number}`, { token });
    assert.deepEqual(requester.body.events.map((e: { type: string }) => e.type), ['submitted', 'step_approved', 'agent_reply']);
    assert.ok(!JSON.stringify(requester.body).includes('4711'));
    const staff = await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'eva' });
    assert.deepEqual(staff.body.events.map((e: { type: string }) => e.type), ['submitted', 'step_approved', 'note', 'agent_reply']);
    const mails = await mailsTo(number, 'alice');
    assert.ok(!mails.some((m) => m.text.includes('4711')), 'notes are never mailed to the requester');
  });

  test('a reply opens a new ticket, mails the requester and counts as activity', async () => {
    const { number } = await order();
    runtime.clock.advance(3_600_000);
    const replied = await agent('eva', number, 'replies', { body: 'Which version of MATLAB do you need?' });
    assert.equal(replied.status, 201);
    assert.equal(replied.body.state, 'open');
    assert.equal(replied.body.lastActivityAt, runtime.clock.now().toISOString());
    const mail = (await mailsTo(number, 'alice')).find((m) => m.subject.includes('Réponse'));
    assert.ok(mail);
    assert.match(mail.text, /Which version of MATLAB/);
  });

  test('a transition outside the table is a 409 naming both states', async () => {
    const { number } = await order();
    await agent('eva', number, 'reject', { reason: 'Duplicate' });
    const answer = await send(runtime, 'POST', `/api/agent/tickets/${number}/state?lang=en`, { as: 'eva', json: { state: 'pending' } });
    assert.equal(answer.status, 409);
    assert.match(answer.body.error.message, /"closed" to "pending"/);
    assert.equal((await agent('eva', number, 'approve', { confirm: { inventoryNumber: true } })).status, 409);
  });

  test('pending and appointment tell the requester and keep the date', async () => {
    const { number } = await order('en');
    const pending = await agent('eva', number, 'state', { state: 'appointment', until: '2026-03-20T13:00:00Z' });
    assert.equal(pending.body.state, 'appointment');
    assert.equal(pending.body.pendingUntil, '2026-03-20T13:00:00.000Z');
    const mail = (await mailsTo(number, 'alice')).find((m) => m.subject.startsWith(`[${number}] Appointment set`));
    assert.ok(mail);
    assert.match(mail.text, /Friday, 20 March 2026 at 14:00/);
    assert.equal((await agent('eva', number, 'state', { state: 'appointment' })).status, 422, 'an appointment needs its date');
  });

  test('an agent’s lock stops another’s reply until a take-over, which is recorded', async () => {
    const { number } = await order();
    assert.equal((await agent('eva', number, 'lock')).body.lockedBy.name, 'Eva Rossi');
    const refused = await agent('hugo', number, 'replies', { body: 'I will do it' });
    assert.equal(refused.status, 409);
    assert.deepEqual(refused.body.error.lockedBy, { id: 'eva', name: 'Eva Rossi' });
    assert.equal((await agent('hugo', number, 'lock')).status, 409);
    assert.equal((await agent('hugo', number, 'unlock')).status, 409);
    const taken = await agent('hugo', number, 'lock', { takeOver: true });
    assert.equal(taken.body.lockedBy.id, 'hugo');
    assert.deepEqual(taken.body.events.at(-1).data, { from: { id: 'eva', name: 'Eva Rossi' } });
    assert.equal((await agent('hugo', number, 'replies', { body: 'Taking this one' })).status, 201);
    assert.equal((await agent('hugo', number, 'unlock')).body.lockedBy, null);
  });

  test('moving a ticket hands it to the other queue and its agents', async () => {
    const { number } = await order();
    const moved = await agent('eva', number, 'move', { queueId: 'helpdesk' });
    assert.equal(moved.body.queueId, 'helpdesk');
    assert.equal((await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'felix' })).status, 200);
    assert.equal((await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'eva' })).status, 403);
    assert.equal((await agent('felix', number, 'move', { queueId: 'nowhere' })).status, 422);
  });

  test('the transition table has no way out of closed but reopening', () => {
    assert.deepEqual(transitions.closed, ['open']);
    for (const [from, targets] of Object.entries(transitions)) assert.ok(!targets.includes(from as never), `${from} → itself`);
  });
});

describe('mails thread and identify the ticket', () => {
  test('later mails reference the first one and reply to an address only this ticket accepts', async () => {
    const { number } = await order();
    await agent('eva', number, 'replies', { body: 'Noted.' });
    const [confirmation, reply] = await mailsTo(number, 'alice');
    assert.ok(confirmation && reply);
    assert.equal(reply.headers['In-Reply-To'], confirmation.messageId);
    assert.equal(reply.headers.References, confirmation.messageId);
    assert.equal(ticketOfReplyAddress(reply.replyTo!, runtime.config.secret), number);
    // Another ticket's number in this ticket's address (the next one: this test may have made ticket 1).
    const another = number.replace(/\d+$/, (n) => String(Number(n) + 1).padStart(n.length, '0'));
    assert.equal(ticketOfReplyAddress(reply.replyTo!.replace(number, another), runtime.config.secret), undefined);
    assert.equal(reply.headers['Auto-Submitted'], undefined, 'a person’s reply is not automatic mail');
  });

  test('the queue is told of new tickets and of requester messages', async () => {
    const { number, token } = await order();
    const message = await send(runtime, 'POST', `/api/tickets/${number}/messages`, { token, json: { body: 'I also need the Simulink toolbox.' } });
    assert.equal(message.status, 201);
    const queueMails = await mailsTo(number, 'purchasing@example.edu');
    assert.deepEqual(
      queueMails.map((m) => m.subject),
      [`[${number}] Nouvelle demande\u202f: Commande de logiciel — Alice Martin`, `[${number}] Message du demandeur\u202f: Commande de logiciel`],
    );
    assert.match(queueMails[1]!.text, /Simulink/);
  });

  test('a link in a later mail opens the status page; a tampered one does not', async () => {
    const { number } = await order();
    await agent('eva', number, 'replies', { body: 'Done soon.' });
    const reply = (await mailsTo(number, 'alice')).at(-1)!;
    const link = /#ticket=([\d-]+)&token=(\S+)/.exec(reply.text)!;
    assert.equal(link[1], number);
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { token: link[2] })).status, 200);
    // One fully significant character of the signature changed (the last one carries bits base64url ignores).
    const token = link[2]!;
    const at = token.length - 5;
    const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { token: tampered })).status, 404);
  });
});

describe('the requester writes back', () => {
  test('a message on an approved ticket brings it back to the agents', async () => {
    const { number, token } = await order();
    await agent('eva', number, 'approve', { confirm: { inventoryNumber: true } });
    const answer = await send(runtime, 'POST', `/api/tickets/${number}/messages`, { token, json: { body: 'The licence key is refused.' } });
    assert.equal(answer.body.state, 'open');
    assert.equal(answer.body.autoCloseAt, undefined);
    assert.equal(answer.body.events.at(-1).body, 'The licence key is refused.');
  });

  test('feedback takes a rating, a comment, or both — not nothing', async () => {
    const { number, token } = await order();
    const rated = await send(runtime, 'POST', `/api/tickets/${number}/feedback`, { token, json: { rating: 5 } });
    assert.equal(rated.status, 201);
    const said = await send(runtime, 'POST', `/api/tickets/${number}/feedback`, { token, json: { comment: 'Quick and friendly.' } });
    assert.equal(said.status, 201);
    assert.deepEqual(said.body.events.filter((e: { type: string }) => e.type === 'feedback').map((e: { body?: string }) => e.body), [undefined, 'Quick and friendly.']);
    assert.equal((await send(runtime, 'POST', `/api/tickets/${number}/feedback`, { token, json: {} })).status, 400);
  });
});

describe('after an approval', () => {
  test('a request can no longer be declined; moved back to open, it can', async () => {
    const runtime = await createTestRuntime();
    try {
      const number = (await submit(runtime, 'software-order', validOrder, { as: 'alice' })).body.ticket.number as string;
      await budgetHolderApproves(runtime, number);
      const act = (action: string, json: unknown) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as: 'eva', json });
      assert.equal((await act('approve', { confirm: { inventoryNumber: true } })).status, 200);
      const refused = await act('reject', { reason: 'Budget cut.' });
      assert.equal(refused.status, 409);
      assert.match(refused.body.error.message, /can no longer be declined|ne peut plus être refusée/);
      assert.equal((await act('state', { state: 'open' })).status, 200);
      assert.equal((await act('reject', { reason: 'Budget cut.' })).status, 200);
    } finally {
      await runtime.close();
    }
  });
});
