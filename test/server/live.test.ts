import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { validOrder } from '../support/http.ts';
import { ticketEvents } from '../support/live-events.ts';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(() => server.close());

const post = (path: string, as: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-guichet-dev-user': as, ...headers }, body: JSON.stringify(body) });

describe('live status', () => {
  test('the requester’s stream shows an agent’s reply within two seconds, without polling', async () => {
    const created = await (await post('/api/forms/software-order/submissions', 'alice', { data: validOrder }, { 'idempotency-key': crypto.randomUUID() })).json();
    const abort = new AbortController();
    const response = await fetch(`${server.url}/api/tickets/${created.ticket.number}/live?lang=en`, {
      headers: { authorization: `Bearer ${created.accessToken}` },
      signal: abort.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /text\/event-stream/);
    const stream = ticketEvents(response);
    const first = (await stream.next()).value;
    assert.equal(first.state, 'new');

    const started = Date.now();
    await post(`/api/agent/tickets/${created.ticket.number}/replies`, 'eva', { body: 'On its way.' });
    const next = (await stream.next()).value;
    assert.ok(Date.now() - started < 2000);
    assert.equal(next.state, 'open');
    assert.equal(next.events.at(-1).body, 'On its way.');
    abort.abort();
  });

  test('a wrong token gets the 404 JSON error, not a stream', async () => {
    const response = await fetch(`${server.url}/api/tickets/2026-000001/live`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(response.status, 404);
    assert.equal((await response.json()).error.code, 'not_found');
  });

  test('an agent’s queue stream announces new and changed tickets', async () => {
    const abort = new AbortController();
    const response = await fetch(`${server.url}/api/agent/queues/purchasing/live`, { headers: { 'x-guichet-dev-user': 'hugo' }, signal: abort.signal });
    const stream = ticketEvents(response);
    assert.ok(Array.isArray((await stream.next()).value.tickets));
    const created = await (await post('/api/forms/software-order/submissions', 'bruno', { data: validOrder }, { 'idempotency-key': crypto.randomUUID() })).json();
    let seen;
    do seen = (await stream.next()).value;
    while (seen.number !== created.ticket.number);
    assert.equal(seen.state, 'new', 'a new ticket shows up by itself');
    await post(`/api/agent/tickets/${created.ticket.number}/lock`, 'eva', {});
    do seen = (await stream.next()).value;
    while (seen.number !== created.ticket.number || !seen.lockedBy);
    assert.deepEqual(seen.lockedBy, { id: 'eva', name: 'Eva Rossi' });
    abort.abort();
  });
});
