import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../support/test-server.ts';

// An answer given before the body was read whole must reach a client that sends its whole body first.
let server: TestServer;
before(async () => {
  server = await startTestServer({ now: new Date('2026-03-10T09:00:00Z') });
});
after(() => server.close());

const headers = { 'content-type': 'application/json', 'idempotency-key': 'early-1', 'x-guichet-dev-user': 'alice', 'accept-language': 'en' };

test('a JSON body over the limit: Node’s fetch sees the 413 and its message, and is told the connection closes', async () => {
  const answer = await fetch(`${server.url}/api/forms/software-order/submissions`, { method: 'POST', headers, body: new Uint8Array(2 * 1024 * 1024).fill(32) });
  assert.equal(answer.status, 413);
  assert.deepEqual(await answer.json(), { error: { code: 'too_large', message: 'The request is too large.' } });
  assert.equal(answer.headers.get('connection'), 'close');
});

test('a client that writes its whole body before reading gets the 413 whole', async () => {
  const body = Buffer.alloc(3 * 1024 * 1024, 32);
  const head = [
    `POST /api/forms/software-order/submissions HTTP/1.1`,
    `Host: ${new URL(server.url).host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.byteLength}`,
    '',
    '',
  ].join('\r\n');
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  socket.pause();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.write(head);
    socket.write(body, (error) => (error ? reject(error) : resolve()));
  });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => socket.once('end', resolve).resume());
  const text = Buffer.concat(chunks).toString('utf8');
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.match(text, /\r\nconnection: close\r\n/i);
  assert.match(text, /"message":"The request is too large\."/);
  socket.destroy();
});

test('an answer to a body read whole keeps the connection open for the next request', async () => {
  const answer = await fetch(`${server.url}/api/forms/software-order/submissions`, { method: 'POST', headers: { ...headers, 'idempotency-key': 'early-2' }, body: JSON.stringify({ data: {} }) });
  assert.equal(answer.status, 422);
  assert.notEqual(answer.headers.get('connection'), 'close');
});
