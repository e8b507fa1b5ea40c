import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// A multipart submission is parsed as it streams in and refused at the first part past what the form allows:
// a flood of parts costs the sender, and the server keeps answering everyone else meanwhile.
let server: TestServer;
before(async () => {
  server = await startTestServer({ now: new Date('2026-03-10T09:00:00Z') });
  // The first fetch of a process loads the HTTP client: not the server's time.
  await (await fetch(`${server.url}/healthz`)).text();
});
after(() => server.close());

const problem = { subject: 'Printer jams', category: 'printing', description: 'The printer in B12 jams on every second page.' };

/** A multipart body written by hand: the payload, then `count` one-byte file parts named `field`. */
function flood(field: string, count: number): { body: Buffer; contentType: string } {
  const boundary = '----guichet-flood-7f3a';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="payload"\r\n\r\n${JSON.stringify({ data: problem, lang: 'en' })}\r\n`;
  const part = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nx\r\n`;
  return { body: Buffer.from(head + part.repeat(count) + `--${boundary}--\r\n`), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends the flood while /healthz is asked every 50 ms; the slowest health answer and the flood's answer. */
async function floodWhileHealthChecked(field: string, count: number) {
  const { body, contentType } = flood(field, count);
  const healthTimes: number[] = [];
  let flooding = true;
  const health = (async () => {
    while (flooding) {
      const started = performance.now();
      const answer = await fetch(`${server.url}/healthz`);
      await answer.text();
      healthTimes.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  // node:http writes the prepared bytes as they are: the sender's own work stays out of the server's time.
  const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers = { 'content-type': contentType, 'content-length': String(body.byteLength), 'idempotency-key': crypto.randomUUID(), 'x-guichet-dev-user': 'alice', 'x-guichet-request': '1' };
    const sent = request(`${server.url}/api/forms/it-help/submissions`, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
  const elapsed = performance.now() - started;
  flooding = false;
  await health;
  return { status: answer.status, json: JSON.parse(answer.text), elapsed, slowestHealth: Math.max(...healthTimes) };
}

test('30,000 file parts named after the file field: a 4xx within 1 s, /healthz answering within 200 ms throughout', async (t) => {
  const before = await server.runtime.store.countTickets();
  const result = await floodWhileHealthChecked('screenshot', 30_000);
  t.diagnostic(`answered in ${Math.round(result.elapsed)} ms; slowest /healthz ${Math.round(result.slowestHealth)} ms`);
  assert.equal(result.status, 422);
  assert.deepEqual(result.json.error.fields, { screenshot: ['At most 3 files.'] });
  assert.ok(result.elapsed < 1000, `answered in ${Math.round(result.elapsed)} ms`);
  assert.ok(result.slowestHealth < 200, `slowest /healthz: ${Math.round(result.slowestHealth)} ms`);
  assert.equal(await server.runtime.store.countTickets(), before);
});

test('30,000 parts under other names: refused at the cap on all parts, within 1 s', async (t) => {
  const result = await floodWhileHealthChecked('extra', 30_000);
  t.diagnostic(`answered in ${Math.round(result.elapsed)} ms; slowest /healthz ${Math.round(result.slowestHealth)} ms`);
  assert.equal(result.status, 413);
  assert.equal(result.json.error.code, 'too_large');
  assert.ok(result.elapsed < 1000, `answered in ${Math.round(result.elapsed)} ms`);
  assert.ok(result.slowestHealth < 200, `slowest /healthz: ${Math.round(result.slowestHealth)} ms`);
});
