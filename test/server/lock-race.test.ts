import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Two agents of one queue pressing "lock" on the same ticket at the same moment: one gets it, the other is told who has it.
let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
});
after(() => runtime.close());

const agent = (as: string, number: string, action: string, json: unknown = {}) => send(runtime, 'POST', `/api/agent/tickets/${number}/${action}`, { as, json });

test('30 concurrent pairs of lock requests: exactly one agent holds each ticket, and the other hears who', async () => {
  const numbers: string[] = [];
  for (let i = 0; i < 30; i++) {
    const answer = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
    assert.equal(answer.status, 201);
    numbers.push(answer.body.ticket.number);
  }
  const pairs = await Promise.all(numbers.map((number) => Promise.all([agent('eva', number, 'lock'), agent('hugo', number, 'lock')])));
  for (const [i, [eva, hugo]] of pairs.entries()) {
    const statuses = [eva.status, hugo.status].sort();
    assert.deepEqual(statuses, [200, 409], `ticket ${numbers[i]}: one lock granted, one refused`);
    const winner = eva.status === 200 ? 'eva' : 'hugo';
    const loser = winner === 'eva' ? hugo : eva;
    assert.equal(loser.body.error.lockedBy.id, winner, 'the refused agent is told who holds the lock');
    const seen = await send(runtime, 'GET', `/api/agent/tickets/${numbers[i]}`, { as: 'eva' });
    assert.equal(seen.body.lockedBy.id, winner, 'the ticket shows the winner as its holder');
    const locks = seen.body.events.filter((e: { type: string }) => e.type === 'locked' || e.type === 'lock_taken_over');
    assert.equal(locks.length, 1, 'one lock event, no silent take-over');
  }
});

test('30 concurrent lock and reply pairs: a reply from another agent never lands after the lock was granted', async () => {
  const numbers: string[] = [];
  for (let i = 0; i < 30; i++) numbers.push((await submit(runtime, 'software-order', validOrder, { as: 'alice' })).body.ticket.number);
  const pairs = await Promise.all(numbers.map((number) => Promise.all([agent('eva', number, 'lock'), agent('hugo', number, 'replies', { body: 'I am on it' })])));
  for (const [i, [lock, reply]] of pairs.entries()) {
    assert.equal(lock.status, 200);
    const seen = await send(runtime, 'GET', `/api/agent/tickets/${numbers[i]}`, { as: 'eva' });
    const order = seen.body.events.map((e: { type: string }) => e.type);
    if (reply.status === 201) assert.ok(order.indexOf('agent_reply') < order.indexOf('locked'), `ticket ${numbers[i]}: the reply committed before the lock`);
    else {
      assert.equal(reply.status, 409);
      assert.ok(!order.includes('agent_reply'));
    }
  }
});
