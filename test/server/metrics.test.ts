import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { shippedPeopleFile } from '../../server/config.ts';
import { send, submit } from '../support/http.ts';
import { freePort } from '../support/ports.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const day = 86_400_000;
const help = { subject: 'Screen flickers', category: 'other', description: 'My second screen flickers all day long.' };

/** The value of one sample of a Prometheus text page, or undefined when the page does not have it. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of page.split('\n')) {
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[3]);
  }
  return undefined;
}

async function scrape(runtime: TestRuntime): Promise<string> {
  const answer = await send(runtime, 'GET', '/metrics');
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.match(answer.headers.get('content-type') ?? '', /^text\/plain/);
  return answer.body as string;
}

describe('GET /metrics', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
  });
  after(() => runtime.close());

  test('counts submissions by form and outcome, and requests by route pattern and status', async () => {
    const key = crypto.randomUUID();
    assert.equal((await submit(runtime, 'it-help', help, { as: 'alice', key })).status, 201);
    assert.equal((await submit(runtime, 'it-help', help, { as: 'alice', key })).status, 200, 'the retry gets the same ticket');
    assert.equal((await submit(runtime, 'it-help', { ...help, description: 'short' }, { as: 'alice' })).status, 422);
    assert.equal((await submit(runtime, 'no-such-form', help, { as: 'alice' })).status, 404);

    const page = await scrape(runtime);
    assert.equal(sample(page, 'guichet_submissions_total', { form: 'it-help', outcome: 'created' }), 1);
    assert.equal(sample(page, 'guichet_submissions_total', { form: 'it-help', outcome: 'replayed' }), 1);
    assert.equal(sample(page, 'guichet_submissions_total', { form: 'it-help', outcome: 'validation' }), 1);
    assert.equal(sample(page, 'guichet_submissions_total', { form: 'unknown', outcome: 'not_found' }), 1, 'an unknown form id is not a label of its own');
    assert.doesNotMatch(page, /no-such-form/);
    const route = '/api/forms/:formId/submissions';
    assert.equal(sample(page, 'guichet_http_requests_total', { method: 'POST', route, status: '201' }), 1);
    assert.equal(sample(page, 'guichet_http_requests_total', { method: 'POST', route, status: '422' }), 1);
    assert.equal(sample(page, 'guichet_http_request_duration_seconds_count', { method: 'POST', route }), 4);
    assert.equal(sample(page, 'guichet_tickets', { queue: 'helpdesk', state: 'new' }), 1);
  });

  test('reflects a sweep: its run, what it closed, and the tickets by state after it', async () => {
    runtime.clock.advance(8 * day);
    const swept = await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
    assert.equal(swept.status, 200);
    assert.equal(swept.body.closed.length, 1);
    await send(runtime, 'POST', '/api/admin/sweep?dryRun=1', { as: 'gina' });

    const page = await scrape(runtime);
    assert.equal(sample(page, 'guichet_sweep_runs_total', { result: 'ok' }), 1, 'a dry run is not a sweep run');
    assert.equal(sample(page, 'guichet_sweep_closed_tickets_total'), 1);
    assert.equal(sample(page, 'guichet_sweep_duration_seconds_count'), 1);
    assert.equal(sample(page, 'guichet_tickets', { queue: 'helpdesk', state: 'closed' }), 1);
    assert.equal(sample(page, 'guichet_tickets', { queue: 'helpdesk', state: 'new' }), undefined, 'a state no ticket is in any more is gone');

    await runtime.delivery.deliverDue();
    const delivered = await scrape(runtime);
    assert.equal(sample(delivered, 'guichet_outbox_pending'), 0);
    assert.equal(sample(delivered, 'guichet_outbox_oldest_pending_age_seconds'), 0);
    // The confirmation, the queue's notice, the closure, and the queue's daily list naming the request nobody answered.
    assert.equal(sample(delivered, 'guichet_mail_sent_total'), 4);
  });
});

describe('GET /metrics when mail cannot leave', () => {
  test('shows the failures, the outbox depth and how long the oldest mail has waited', async () => {
    // A loopback port nothing listens on: every SMTP attempt to it fails at once.
    const runtime = await createTestRuntime({ env: { GUICHET_SMTP_URL: `smtp://127.0.0.1:${await freePort()}` } });
    try {
      assert.equal((await submit(runtime, 'it-help', help, { as: 'alice' })).status, 201);
      await runtime.delivery.deliverDue();
      runtime.clock.advance(90_000);
      const page = await scrape(runtime);
      assert.equal(sample(page, 'guichet_mail_delivery_failures_total'), 2, 'the confirmation and the queue’s notice');
      assert.equal(sample(page, 'guichet_mail_sent_total'), 0);
      assert.equal(sample(page, 'guichet_outbox_pending'), 2, 'a failed mail stays queued for its retry');
      assert.equal(sample(page, 'guichet_outbox_oldest_pending_age_seconds'), 90);
    } finally {
      await runtime.close();
    }
  });
});

describe('who may read /metrics', () => {
  const production = { GUICHET_MODE: 'production', GUICHET_SECRET: 'a-production-secret-of-32-bytes-or-more', GUICHET_IDENTITY: 'header', GUICHET_DIRECTORY: `file:${shippedPeopleFile}`, GUICHET_MAIL: `file:${join(tmpdir(), 'guichet-metrics-mail')}` };

  test('in production without GUICHET_ADMIN_TOKEN: a scraper on the same machine only, not through a proxy', async () => {
    let peer = '127.0.0.1';
    const runtime = await createTestRuntime({ env: production, remoteAddress: () => peer });
    try {
      assert.equal((await send(runtime, 'GET', '/metrics')).status, 200);
      peer = '::ffff:127.0.0.1';
      assert.equal((await send(runtime, 'GET', '/metrics')).status, 200);
      assert.equal((await send(runtime, 'GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status, 403, 'a local proxy forwarding the world');
      peer = '203.0.113.9';
      const outside = await send(runtime, 'GET', '/metrics');
      assert.equal(outside.status, 403);
      assert.equal(outside.body.error.code, 'forbidden');
    } finally {
      await runtime.close();
    }
  });

  test('with GUICHET_ADMIN_TOKEN: its bearer, from anywhere, and nothing else', async () => {
    const runtime = await createTestRuntime({ env: { ...production, GUICHET_ADMIN_TOKEN: 'admin-token-0123456789abcdef' }, remoteAddress: () => '127.0.0.1' });
    try {
      assert.equal((await send(runtime, 'GET', '/metrics')).status, 401, 'even from the machine itself');
      assert.equal((await send(runtime, 'GET', '/metrics', { token: 'not-the-admin-token' })).status, 403);
      const scraped = await send(runtime, 'GET', '/metrics', { token: 'admin-token-0123456789abcdef' });
      assert.equal(scraped.status, 200);
      assert.match(scraped.body, /^# HELP guichet_/m);
    } finally {
      await runtime.close();
    }
  });
});
