import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addressKey, createClientAddress } from '../../server/middleware/client-address/index.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { peerFromHeader, testFormsDir, visitorQuestion } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

// What docs/configuration.md gives as defaults: 10 per person, 20 per address, per minute.
const limits = { GUICHET_RATE_LIMIT_PERSON: '10/1m', GUICHET_RATE_LIMIT_ADDRESS: '20/1m' };
// Ten seconds into a minute: a refusal must say "retry in 50 seconds".
const now = new Date('2026-03-10T09:00:10Z');
const itHelp = { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 says offline.' };
// Everyone the it-help form accepts (staff, faculty, students).
const people = ['alice', 'bruno', 'chloe', 'eva', 'hugo', 'felix', 'gina'];

function from(address: string) {
  return { 'x-test-peer': address };
}

describe('30 submissions in a few seconds from one address, across two processes sharing the store', () => {
  let dataDir: string;
  let first: TestRuntime;
  let second: TestRuntime;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'guichet-limits-'));
    // Two runtimes on one data folder stand for two server processes on one store.
    first = await createTestRuntime({ now, dataDir, env: limits, remoteAddress: peerFromHeader });
    second = await createTestRuntime({ now, dataDir, env: limits, remoteAddress: peerFromHeader });
  });
  after(async () => {
    await first.close();
    await second.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the first 20 create tickets, the rest get 429 with Retry-After until the window ends', async () => {
    const before = await first.store.countTickets();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const runtime = i % 2 === 0 ? first : second;
      const answer = await submit(runtime, 'it-help', itHelp, { as: people[i % people.length], headers: from('203.0.113.7') });
      statuses.push(answer.status);
      if (answer.status === 429) {
        assert.equal(answer.body.error.code, 'rate_limited');
        assert.equal(answer.headers.get('retry-after'), '50');
      }
    }
    assert.deepEqual(statuses, [...Array(20).fill(201), ...Array(10).fill(429)]);
    assert.equal((await second.store.countTickets()) - before, 20, 'no ticket past the limit, in either process');

    const elsewhere = await submit(second, 'it-help', itHelp, { as: 'alice', headers: from('198.51.100.4') });
    assert.equal(elsewhere.status, 201, 'another address is not held back');

    first.clock.advance(50_000);
    second.clock.advance(50_000);
    const nextWindow = await submit(first, 'it-help', itHelp, { as: 'bruno', headers: from('203.0.113.7') });
    assert.equal(nextWindow.status, 201, 'a new window, a new allowance');
  });
});

describe('per person, per ticket and per address', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ now, env: limits, remoteAddress: peerFromHeader });
  });
  after(() => runtime.close());

  test('one person gets 10 submissions a minute, from however many addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await submit(runtime, 'software-order', validOrder, { as: 'hugo', headers: from(`192.0.2.${i + 1}`) })).status);
    assert.deepEqual(statuses, [...Array(10).fill(201), 429, 429]);
  });

  test('requester messages count against the ticket’s token; reads do not count at all', async () => {
    const created = await submit(runtime, 'it-help', itHelp, { as: 'chloe', headers: from('192.0.2.50') });
    const { number } = created.body.ticket;
    const token = created.body.accessToken;
    for (let i = 0; i < 40; i++) {
      const read = await send(runtime, 'GET', `/api/tickets/${number}`, { token, headers: from('192.0.2.51') });
      assert.equal(read.status, 200, 'successful reads are never limited');
    }
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await send(runtime, 'POST', `/api/tickets/${number}/messages`, { token, json: { body: `Still broken, attempt ${i}` }, headers: from(`192.0.2.${60 + i}`) });
      statuses.push(answer.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(201), 429]);
    const feedback = await send(runtime, 'POST', `/api/tickets/${number}/feedback`, { token, json: { rating: 1 }, headers: from('192.0.2.90') });
    assert.equal(feedback.status, 429, 'feedback shares the ticket’s allowance');
    const reopen = await send(runtime, 'POST', `/api/tickets/${number}/reopen`, { token, json: {}, headers: from('192.0.2.91') });
    assert.equal(reopen.status, 429, 'so does a reopen');
  });

  test('wrong tokens: 404 until the address has failed 20 times, then 429; a right token from that address still opens its ticket', async () => {
    const created = await submit(runtime, 'it-help', itHelp, { as: 'gina', headers: from('192.0.2.100') });
    const { number } = created.body.ticket;
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await send(runtime, 'GET', `/api/tickets/${number}`, { token: `guess-${i}`, headers: from('198.51.100.66') })).status);
    assert.deepEqual(statuses, [...Array(20).fill(404), 429, 429]);
    const blocked = await send(runtime, 'GET', `/api/tickets/${number}`, { token: `guess-again`, headers: from('198.51.100.66') });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    // Behind one NAT address, a neighbour's mistakes do not lock the requester out of their own ticket.
    const neighbour = await send(runtime, 'GET', `/api/tickets/${number}`, { token: created.body.accessToken, headers: from('198.51.100.66') });
    assert.equal(neighbour.status, 200);
    const probing = await send(runtime, 'POST', '/api/tickets/2026-999999/messages', { token: 'guess', json: { body: 'hello' }, headers: from('198.51.100.66') });
    assert.equal(probing.status, 429, 'writes with a token are look-ups too');
    const owner = await send(runtime, 'GET', `/api/tickets/${number}`, { token: created.body.accessToken, headers: from('192.0.2.101') });
    assert.equal(owner.status, 200, 'the requester elsewhere is not affected');
  });
});

describe('anonymous submissions', () => {
  test('count against the address they would mail: nobody can flood a stranger with confirmation mails', async () => {
    const formsDir = testFormsDir({ 'visitor-question.json': visitorQuestion });
    const runtime = await createTestRuntime({ now, env: { ...limits, GUICHET_FORMS_DIR: formsDir }, remoteAddress: peerFromHeader });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const answer = await send(runtime, 'POST', '/api/forms/visitor-question/submissions', {
          json: { data: { subject: 'Opening hours', message: 'When is the IT desk open?' }, requester: { email: i % 2 ? 'Victim@Example.org' : 'victim@example.org' } },
          headers: { 'idempotency-key': crypto.randomUUID(), ...from(`192.0.2.${i + 1}`) },
        });
        statuses.push(answer.status);
      }
      // Refused attempts (no ALTCHA solution: 422) count too, before any solution is checked or any mail queued.
      assert.deepEqual(statuses, [...Array(10).fill(422), 429]);
    } finally {
      await runtime.close();
      rmSync(formsDir, { recursive: true, force: true });
    }
  });
});

describe('the client address', () => {
  test('is the peer, unless the peer is a trusted proxy: then X-Forwarded-For from the right', () => {
    const address = createClientAddress(['10.0.0.0/8']);
    assert.equal(address('203.0.113.9', '198.51.100.1'), '203.0.113.9', 'a forwarded-for from an untrusted peer is ignored');
    assert.equal(address('10.1.2.3', '198.51.100.1'), '198.51.100.1');
    assert.equal(address('10.1.2.3', '6.6.6.6, 198.51.100.1'), '198.51.100.1', 'what the client wrote itself (left) is not believed');
    assert.equal(address('10.1.2.3', '198.51.100.1, 10.9.9.9'), '198.51.100.1', 'a chain of trusted proxies is skipped');
    assert.equal(address('::ffff:10.1.2.3', '198.51.100.1:4711'), '198.51.100.1');
    assert.equal(address('10.1.2.3', undefined), '10.1.2.3');
    assert.equal(address(undefined, '198.51.100.1'), undefined);
  });

  test('an IPv6 client is counted by its /64, so one subscriber cannot rotate through fresh addresses', () => {
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('192.0.2.1'), '192.0.2.1');
  });

  test('behind a trusted proxy, the forwarded client is what is limited', async () => {
    const runtime = await createTestRuntime({ now, env: { ...limits, GUICHET_SSO_PROXIES: '10.0.0.1' }, remoteAddress: peerFromHeader });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        const answer = await submit(runtime, 'it-help', itHelp, { as: people[i % people.length], headers: { ...from('10.0.0.1'), 'x-forwarded-for': `203.0.113.${i}, 198.51.100.200` } });
        statuses.push(answer.status);
      }
      assert.deepEqual(statuses, [...Array(20).fill(201), 429], 'the spoofed left-most entries do not give fresh budgets');
      const other = await submit(runtime, 'it-help', itHelp, { as: 'alice', headers: { ...from('10.0.0.1'), 'x-forwarded-for': '198.51.100.201' } });
      assert.equal(other.status, 201, 'another client behind the same proxy is not held back');
    } finally {
      await runtime.close();
    }
  });
});

describe('windows that are over', () => {
  test('are forgotten once the next minute’s submissions come in, not kept forever', async (t) => {
    const runtime = await createTestRuntime({ now, env: limits, remoteAddress: peerFromHeader });
    t.after(() => runtime.close());
    const windows = async () => (await runtime.db.selectFrom('rate_limits').select(['key', 'window_start']).execute()).length;

    // Seven people from seven addresses: fourteen windows, each person's and each address's.
    for (const [i, person] of people.entries()) assert.equal((await submit(runtime, 'it-help', itHelp, { as: person, headers: from(`198.51.100.${i + 1}`) })).status, 201);
    assert.equal(await windows(), 14);

    // Two minutes later one more submission: the fourteen windows are over and dropped; only its own two remain.
    runtime.clock.advance(120_000);
    assert.equal((await submit(runtime, 'it-help', itHelp, { as: 'alice', headers: from('198.51.100.99') })).status, 201);
    assert.equal(await windows(), 2);
  });
});
