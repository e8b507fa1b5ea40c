import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../server/config.ts';
import { submit, validOrder } from '../support/http.ts';
import { peerFromHeader } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { type ServerProcess, startServerProcess } from '../support/server-process.ts';

/** Configs read without touching a data folder (a dev config without a secret would write one); production also needs a directory and a mail server. */
const secret = { GUICHET_SECRET: 'x'.repeat(32), GUICHET_DIRECTORY: 'file:people.json', GUICHET_SMTP_URL: 'smtp://mail.example.edu' };

describe('live streams per client address', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ remoteAddress: peerFromHeader });
  });
  after(() => runtime.close());

  const open = (number: string, token: string, peer: string) => runtime.app.request(`/api/tickets/${number}/live`, { headers: { authorization: `Bearer ${token}`, 'x-test-peer': peer } });

  test('one address holds at most 20 at once (the default); others are not affected, and a closed stream frees its place', async () => {
    assert.equal(loadConfig(secret).liveStreamsPerAddress, 20);
    const { body } = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
    const streams: Response[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        const stream = await open(body.ticket.number, body.accessToken, '203.0.113.7');
        streams.push(stream);
        assert.equal(stream.status, 200, `stream ${i + 1}`);
      }
      const over = await open(body.ticket.number, body.accessToken, '203.0.113.7');
      assert.equal(over.status, 429);
      assert.equal(((await over.json()) as { error: { code: string } }).error.code, 'rate_limited');
      assert.ok(Number(over.headers.get('retry-after')) > 0);
      const elsewhere = await open(body.ticket.number, body.accessToken, '198.51.100.20');
      streams.push(elsewhere);
      assert.equal(elsewhere.status, 200, 'another address is not affected');

      await streams.shift()!.body!.cancel();
      const again = await open(body.ticket.number, body.accessToken, '203.0.113.7');
      streams.push(again);
      assert.equal(again.status, 200, 'a stream that ended gives its place back');
    } finally {
      await Promise.all(streams.map((s) => s.body?.cancel()));
    }
  });
});

/** Resolves when the server closes `socket`, with what it answered; rejects after `milliseconds`. */
function closedWithin(socket: Socket, milliseconds: number): Promise<string> {
  let answer = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server still held the connection after ${milliseconds} ms`)), milliseconds);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

describe('the HTTP server of a dev process (server/main.ts)', () => {
  let dataDir: string;
  let server: ServerProcess;
  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'guichet-bounds-'));
    server = await startServerProcess(dataDir, { GUICHET_MODE: 'dev', LOG_LEVEL: 'info', GUICHET_HEADERS_TIMEOUT_SECONDS: '2', GUICHET_REQUEST_TIMEOUT_SECONDS: '3' });
  });
  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('header and request times are bounded by default', () => {
    const config = loadConfig(secret);
    assert.equal(config.headersTimeoutSeconds, 20);
    assert.equal(config.requestTimeoutSeconds, 120);
  });

  test('a body trickling in at one byte every 4 s is cut (408) at the request bound', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = closedWithin(socket, 9000);
    socket.write(`POST /api/forms/software-order/submissions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nIdempotency-Key: slow\r\nX-Guichet-Dev-User: alice\r\n\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write('{'), 4000);
    socket.write('{');
    try {
      assert.match(await closed, /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(trickle);
      socket.destroy();
    }
  });

  test('headers that never end are cut (408) at the header bound', async () => {
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    const closed = closedWithin(socket, 8000);
    socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    try {
      assert.match(await closed, /^HTTP\/1\.1 408/);
    } finally {
      socket.destroy();
    }
  });

  test('dev listens on loopback only unless HOST says otherwise: its header identities and mail viewer are not on the network', async () => {
    const { port } = new URL(server.url);
    assert.match(server.output(), new RegExp(`listening on 127\\.0\\.0\\.1:${port}\\b`));
    assert.equal(loadConfig({ ...secret, GUICHET_MODE: 'dev' }).host, '127.0.0.1');
    assert.equal(loadConfig({ ...secret, GUICHET_MODE: 'dev', HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig(secret).host, undefined, 'production: every interface, behind its proxy');
    // From the machine's own network address, when it has one: refused.
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (external) {
      const refused = await fetch(`http://${external}:${port}/api/dev/people`).then(
        () => false,
        () => true,
      );
      assert.ok(refused, `the dev server answered on ${external}`);
    }
  });
});
