import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { send, submit } from '../support/http.ts';
import { testFormsDir } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

// Each department embeds its own form: IT support its help form, purchasing the software order.
const helpdesk = 'https://it.example.edu';
const purchasing = 'https://purchasing.example.edu';
const itHelp = { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 says offline.' };

let runtime: TestRuntime;
let formsDir: string;
before(async () => {
  formsDir = testFormsDir({}, (definition) => ({ ...definition, origins: [definition.id === 'it-help' ? helpdesk : purchasing] }));
  runtime = await createTestRuntime({ env: { GUICHET_FORMS_DIR: formsDir } });
});
after(async () => {
  await runtime.close();
  rmSync(formsDir, { recursive: true, force: true });
});

const preflight = (path: string, origin: string) =>
  send(runtime, 'OPTIONS', path, {
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
  });

describe('CORS per form', () => {
  test('a form’s routes grant CORS to its own sites only', async () => {
    for (const path of ['/api/forms/it-help', '/api/forms/it-help/eligibility']) {
      const own = await send(runtime, 'GET', path, { as: 'alice', headers: { origin: helpdesk } });
      assert.equal(own.headers.get('access-control-allow-origin'), helpdesk, path);
      assert.equal(own.headers.get('access-control-allow-credentials'), 'true');
      const other = await send(runtime, 'GET', path, { as: 'alice', headers: { origin: purchasing } });
      assert.equal(other.headers.get('access-control-allow-origin'), null, `${path}: another form’s site gets nothing`);
    }
    assert.equal((await preflight('/api/forms/it-help/submissions', helpdesk)).headers.get('access-control-allow-origin'), helpdesk);
    assert.equal((await preflight('/api/forms/it-help/submissions', purchasing)).headers.get('access-control-allow-origin'), null);
    assert.equal((await preflight('/api/forms/software-order/submissions', purchasing)).headers.get('access-control-allow-origin'), purchasing);
  });

  test('a submission from an origin not on the form’s list: no CORS grant, 403, no ticket', async () => {
    const before = await runtime.store.countTickets();
    for (const origin of [purchasing, 'https://evil.example', 'null']) {
      const answer = await submit(runtime, 'it-help', itHelp, { as: 'alice', headers: { origin } });
      assert.equal(answer.status, 403, origin);
      assert.equal(answer.body.error.code, 'forbidden');
      assert.equal(answer.headers.get('access-control-allow-origin'), null);
    }
    assert.equal(await runtime.store.countTickets(), before);
    const listed = await submit(runtime, 'it-help', itHelp, { as: 'alice', headers: { origin: helpdesk } });
    assert.equal(listed.status, 201);
    assert.equal(listed.headers.get('access-control-allow-origin'), helpdesk);
  });

  test('the server’s own origin and, in dev mode, loopback origins are always allowed', async () => {
    for (const origin of [new URL(runtime.config.publicUrl).origin, 'http://127.0.0.1:5173']) {
      const answer = await submit(runtime, 'it-help', itHelp, { as: 'alice', headers: { origin } });
      assert.equal(answer.status, 201, origin);
      assert.equal(answer.headers.get('access-control-allow-origin'), origin);
    }
  });

  test('ticket routes serve every form’s sites (the status page is embedded where the form was)', async () => {
    const created = await submit(runtime, 'it-help', itHelp, { as: 'alice' });
    const path = `/api/tickets/${created.body.ticket.number}`;
    for (const origin of [helpdesk, purchasing]) {
      const answer = await send(runtime, 'GET', path, { token: created.body.accessToken, headers: { origin } });
      assert.equal(answer.headers.get('access-control-allow-origin'), origin);
    }
    const foreign = await send(runtime, 'POST', `${path}/messages`, { token: created.body.accessToken, json: { body: 'hi' }, headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
  });
});

describe('forgery', () => {
  test('a form-encoded cross-site POST is refused, and creates nothing', async () => {
    const before = await runtime.store.countTickets();
    const crossSite = await send(runtime, 'POST', '/api/forms/it-help/submissions', {
      as: 'alice',
      body: new URLSearchParams({ 'data[subject]': 'Printer offline' }).toString(),
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(crossSite.status, 403);
    const sameSite = await send(runtime, 'POST', '/api/forms/it-help/submissions', {
      as: 'alice',
      body: 'data=1',
      headers: { origin: helpdesk, 'content-type': 'text/plain', 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(sameSite.status, 400, 'even from a listed site, a CORS-simple POST is refused');
    assert.equal(await runtime.store.countTickets(), before);
  });

  test('a body carrying U+0000 is a 400 on every dialect, not a 500 from the store', async () => {
    const answer = await send(runtime, 'POST', '/api/forms/it-help/submissions', {
      as: 'alice',
      body: JSON.stringify({ data: { ...itHelp, description: 'nul \u0000 inside the description' } }),
      headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(answer.status, 400);
    const escapedBackslash = await submit(runtime, 'it-help', { ...itHelp, description: 'a path C:\\u0000\\temp is text' }, { as: 'alice' });
    assert.equal(escapedBackslash.status, 201, 'a backslash followed by "u0000" is ordinary text');
  });
});
