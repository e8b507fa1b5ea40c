import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { agentTerms, eventTypes } from '../../components/agent-inbox/terms.ts';
import { languages } from '../../forms/lang.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { forgedReply } from './mail/replies.ts';
import { approvalLink, budgetHolderApproves, postDecision } from '../support/approvals.ts';

/**
 * The agents' history names every event in the agent's language: a ticket's
 * whole life (agents, requester, mail, sweep) is played, and every event type
 * the server stored must have its own words in French, English and German.
 */
const secret = 'inbound-secret-for-tests-0123456789';
let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z'), env: { GUICHET_INBOUND_SECRET: secret } });
});
after(() => runtime.close());

const agent = (as: string, number: string, action: string, json: unknown = {}) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as, json });

test('every event a ticket’s life writes is named in each language of the agents’ workspace', async () => {
  const help = await submit(runtime, 'it-help', { subject: 'VPN does not connect', category: 'network', description: 'The VPN client says the certificate is invalid.' }, { as: 'alice' });
  const number = help.body.ticket.number as string;
  const token = help.body.accessToken as string;
  for (const [as, action, json] of [
    ['felix', 'lock', {}],
    ['felix', 'replies', { body: 'Which system do you use?' }],
    ['felix', 'notes', { body: 'Probably the old client.' }],
    ['felix', 'unlock', {}],
    ['felix', 'state', { state: 'pending' }],
    ['felix', 'state', { state: 'closed' }],
  ] as const) {
    assert.ok((await agent(as, number, action, json)).status < 300, `${action}`);
  }
  assert.equal((await send(runtime, 'POST', `/api/tickets/${number}/reopen`, { token, json: { message: 'Still broken.' } })).status, 200);
  assert.equal((await send(runtime, 'POST', `/api/tickets/${number}/messages`, { token, json: { body: 'It is Windows 11.' } })).status < 300, true);
  assert.equal((await send(runtime, 'POST', `/api/tickets/${number}/feedback`, { token, json: { rating: 5 } })).status < 300, true);
  const held = await send(runtime, 'POST', '/api/inbound/email', {
    body: forgedReply(number, 'alice.martin@example.edu', 'Please also reset my password.'),
    headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${secret}` },
  });
  assert.equal(held.body.action, 'unverified');
  const heldEvent = (await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'felix' })).body.events.find((e: { type: string }) => e.type === 'mail_held');
  assert.equal((await agent('felix', number, `held-mails/${heldEvent.id}/accept`)).status, 200);

  const order = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
  const orderNumber = order.body.ticket.number as string;
  // The budget holder's link sent again, then to a deputy, who approves.
  assert.equal((await agent('eva', orderNumber, 'approval/resend')).status, 200);
  assert.equal((await agent('eva', orderNumber, 'approval/resend', { email: 'deputy@example.edu' })).status, 200);
  assert.equal((await postDecision(runtime, await approvalLink(runtime, orderNumber, 'deputy@example.edu'), 'approve')).status, 200);
  assert.equal((await agent('eva', orderNumber, 'lock')).status, 200);
  assert.equal((await agent('hugo', orderNumber, 'lock', { takeOver: true })).status, 200);
  assert.equal((await agent('hugo', orderNumber, 'approve', { confirm: { inventoryNumber: true } })).status, 200);
  runtime.clock.advance(2 * 86_400_000);
  await runtime.sweep();
  const rejectedOrder = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
  await budgetHolderApproves(runtime, rejectedOrder.body.ticket.number);
  assert.equal((await agent('eva', rejectedOrder.body.ticket.number, 'reject', { reason: 'No budget left this year.' })).status, 200);
  // A budget holder who declines; one who never answers is reminded, then the queue is told.
  const declined = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
  assert.equal((await postDecision(runtime, await approvalLink(runtime, declined.body.ticket.number), 'decline', 'Not on my budget.')).status, 200);
  await submit(runtime, 'software-order', validOrder, { as: 'alice' });
  for (let i = 0; i < 3; i++) {
    runtime.clock.advance(3 * 86_400_000);
    await runtime.sweep();
  }
  const moved = await submit(runtime, 'it-help', { subject: 'Licence', category: 'network', description: 'A licence for MATLAB, please.' }, { as: 'alice' });
  assert.equal((await agent('felix', moved.body.ticket.number, 'move', { queueId: 'purchasing' })).status, 200);
  await submit(runtime, 'it-help', { subject: 'Forget me', category: 'network', description: 'Please erase my data.' }, { as: 'bruno' });
  assert.equal((await send(runtime, 'POST', '/api/admin/people/erase', { as: 'gina', json: { person: 'bruno' } })).body.erased, 1);

  const stored = (await runtime.db.selectFrom('events').select('type').distinct().execute()).map((r) => r.type).sort();
  for (const type of stored) assert.ok((eventTypes as readonly string[]).includes(type), `the server writes “${type}”, which the workspace does not name`);
  const missing = eventTypes.filter((type) => !stored.includes(type));
  assert.deepEqual(missing, [], 'this story plays every event the workspace names');
  for (const lang of languages) {
    const words = agentTerms[lang].eventTypes;
    for (const type of eventTypes) assert.ok(words[type] && words[type] !== type, `${lang}: ${type}`);
  }
  assert.notEqual(agentTerms.fr.eventTypes.reopened, agentTerms.en.eventTypes.reopened, 'in French, “reopened” is said in French');
});
