import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

describe('the agents’ search', () => {
  let runtime: TestRuntime;
  let printer: string;
  let vpn: string;
  let order: string;
  const search = async (as: string, q: string) => {
    const answer = await send(runtime, 'GET', `/api/agent/search?q=${encodeURIComponent(q)}&lang=en`, { as });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return (answer.body.tickets as { number: string }[]).map((t) => t.number);
  };

  before(async () => {
    runtime = await createTestRuntime();
    const ticket = async (form: string, data: Record<string, unknown>, as: string) => (await submit(runtime, form, data, { as })).body.ticket.number as string;
    printer = await ticket('it-help', { subject: 'Printer jams on floor two', category: 'other', description: 'The Kyocera printer jams on every second page.' }, 'alice');
    vpn = await ticket('it-help', { subject: 'VPN drops at night', category: 'other', description: 'The connection drops every hour after 22:00.' }, 'bruno');
    order = await ticket('software-order', validOrder, 'alice');
    await send(runtime, 'POST', `/api/agent/tickets/${vpn}/replies`, { as: 'felix', json: { body: 'Please install the Forticlient update 7.4 and tell us.' } });
  });
  after(() => runtime.close());

  test('finds a request by its number, whole or in part', async () => {
    assert.deepEqual(await search('felix', printer), [printer]);
    assert.deepEqual(await search('felix', printer.slice(-6)), [printer]);
  });

  test('finds by the requester’s name or address, words of the request and of the answers, each typed word as a prefix', async () => {
    assert.deepEqual(await search('felix', 'Bruno'), [vpn]);
    assert.deepEqual(await search('felix', 'alice.mar'), [printer], 'part of an address');
    assert.deepEqual(await search('felix', 'kyoc'), [printer], 'as the agent types');
    assert.deepEqual(await search('felix', 'fortic'), [vpn], 'a word of an agent’s answer');
    assert.deepEqual(await search('felix', 'printer floor'), [printer], 'every word required');
    assert.deepEqual(await search('felix', 'printer vpn'), []);
    assert.deepEqual(await search('felix', 'nothing-like-this'), []);
  });

  test('stays within the queues the agent works', async () => {
    assert.deepEqual(await search('eva', 'alice'), [order], 'purchasing sees its order, not the helpdesk’s request');
    assert.deepEqual(await search('felix', order), [], 'the helpdesk does not see purchasing’s order');
  });

  test('is bounded and needs a signed-in agent', async () => {
    assert.equal((await send(runtime, 'GET', `/api/agent/search?q=${'a'.repeat(201)}`, { as: 'felix' })).status, 400);
    assert.equal((await send(runtime, 'GET', '/api/agent/search?q=alice')).status, 401);
    assert.deepEqual(await search('felix', '" OR * ( NEAR'), [], 'search syntax typed by an agent is only words');
  });
});
