import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { dropTestDatabase } from '../support/postgres.ts';
import { submit } from '../support/http.ts';
import { createTestRuntime, testDatabaseEnv, testDialect } from '../support/runtime.ts';
import { startServerProcess } from '../support/server-process.ts';

const help = { subject: 'Screen flickers', category: 'other', description: 'My second screen flickers all day long.' };

async function submitOver(url: string, key: string): Promise<{ number: string; accessToken: string }> {
  const answer = await fetch(`${url}/api/forms/it-help/submissions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-guichet-dev-user': 'alice', 'idempotency-key': key },
    body: JSON.stringify({ data: help }),
  });
  assert.equal(answer.status, 201);
  const body = (await answer.json()) as { ticket: { number: string }; accessToken: string };
  return { number: body.ticket.number, accessToken: body.accessToken };
}

/**
 * A submission whose body is still being sent: the headers first, with
 * `Expect: 100-continue` so the server says when it holds the request; the
 * body when the test calls `finish`.
 */
function slowSubmission(port: number) {
  const body = JSON.stringify({ data: { ...help, subject: 'Sent while the server stops' } });
  const sending = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/forms/it-help/submissions',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-guichet-dev-user': 'bruno', 'idempotency-key': crypto.randomUUID(), expect: '100-continue' },
  });
  const held = new Promise<void>((resolve) => sending.once('continue', resolve));
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    sending.once('error', reject);
    sending.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.once('end', () => resolve({ status: response.statusCode!, body: text }));
    });
  });
  sending.flushHeaders();
  return { held, answered, finish: () => sending.end(body) };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      response.resume();
      resolve(false);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    probe.end();
  });
}

test('SIGTERM: the request in flight finishes, live streams end, new connections are refused, every ticket is stored, exit 0', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-shutdown-'));
  // systemd's way: the process started, then SIGTERM; at info level, so each step of the shutdown is logged.
  const server = await startServerProcess(dataDir, { GUICHET_MODE: 'dev', LOG_LEVEL: 'info', ...(await testDatabaseEnv(dataDir)) });
  const { url } = server;
  const port = Number(new URL(url).port);
  try {
    const before = [await submitOver(url, crypto.randomUUID()), await submitOver(url, crypto.randomUUID())];

    const live = await fetch(`${url}/api/tickets/${before[0]!.number}/live`, { headers: { authorization: `Bearer ${before[0]!.accessToken}` } });
    assert.equal(live.status, 200);
    const stream = live.body!.pipeThrough(new TextDecoderStream()).getReader();
    let streamed = '';
    while (!streamed.includes('event: ticket')) streamed += (await stream.read()).value ?? '';

    const slow = slowSubmission(port);
    await slow.held;
    server.signal('SIGTERM');
    await server.waitFor(/"msg":"shutdown: refusing new connections/);

    for (;;) {
      const { done } = await stream.read();
      if (done) break;
    }
    assert.equal(await connectionRefused(port), true, 'a new connection is refused while the last request finishes');
    slow.finish();
    const answer = await slow.answered;
    assert.equal(answer.status, 201, answer.body);
    const late = JSON.parse(answer.body) as { ticket: { number: string } };

    assert.equal(await server.exited(), 0, server.output());
    const steps = ['shutdown: refusing new connections', 'shutdown: HTTP server closed', 'shutdown: stopping mail delivery', 'shutdown: closing the store', 'shutdown: done'];
    // By time: a pipe that was full for a moment may deliver a line late.
    const entries = server.output().split('\n').flatMap((line) => (line.startsWith('{') ? [JSON.parse(line) as { msg: string; time: number }] : []));
    // Lines of the same millisecond carry no order of their own: the order of the steps breaks the tie.
    const rank = (msg: string) => steps.findIndex((step) => msg.startsWith(step));
    const logged = entries.sort((a, b) => a.time - b.time || rank(a.msg) - rank(b.msg)).map((entry) => entry.msg);
    assert.ok(!logged.some((msg) => msg.includes('closing their connections')), 'nothing was cut: the last request ended the wait');
    assert.deepEqual(logged.filter((msg) => msg.startsWith('shutdown:')).map((msg) => steps.find((step) => msg.startsWith(step))), steps, 'each step is logged, in order');

    const reopened = await createTestRuntime({ dataDir });
    try {
      for (const number of [...before.map((t) => t.number), late.ticket.number]) {
        const ticket = await reopened.store.findTicketByNumber(number);
        assert.equal(ticket?.state, 'new', `ticket ${number} is stored`);
        assert.equal((await reopened.store.mailsOf(ticket.id)).length, 2, `ticket ${number}: its mails are queued with it`);
      }
      assert.equal(await reopened.store.countTickets(), 3);
    } finally {
      await reopened.close();
    }
  } finally {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
    if (testDialect === 'postgres') await dropTestDatabase(process.env.GUICHET_TEST_POSTGRES_URL!, dataDir);
  }
});

test('stopping while the sweep runs lets it finish: every due ticket closed with its mail, none half-done', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-shutdown-'));
  try {
    const runtime = await createTestRuntime({ dataDir });
    const numbers: string[] = [];
    for (let i = 0; i < 12; i++) {
      const answer = await submit(runtime, 'it-help', help, { as: 'alice' });
      numbers.push(answer.body.ticket.number);
    }
    await runtime.delivery.deliverDue();
    runtime.clock.advance(8 * 86_400_000);
    let swept = false;
    const sweeping = runtime.sweep().finally(() => (swept = true));
    await runtime.stop();
    assert.ok(swept, 'the store closed only after the sweep ended');
    assert.equal((await sweeping).closed.length, numbers.length);

    const reopened = await createTestRuntime({ dataDir });
    try {
      for (const number of numbers) {
        const ticket = (await reopened.store.findTicketByNumber(number))!;
        assert.equal(ticket.state, 'closed', number);
        assert.deepEqual((await reopened.store.mailsOf(ticket.id)).map((m) => m.kind).sort(), ['closure', 'confirmation', 'queue_new_ticket'], number);
      }
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (testDialect === 'postgres') await dropTestDatabase(process.env.GUICHET_TEST_POSTGRES_URL!, dataDir);
  }
});
