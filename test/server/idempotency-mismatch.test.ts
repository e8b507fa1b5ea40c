import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rmSync } from 'node:fs';
import { send, submit, validOrder } from '../support/http.ts';
import { solveFor, testFormsDir, visitorQuestion } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
});
after(() => runtime.close());

test('an Idempotency-Key presented again with another body is refused: 422 idempotency_mismatch, no second ticket', async () => {
  const key = crypto.randomUUID();
  const first = await submit(runtime, 'software-order', validOrder, { as: 'alice', key, lang: 'en' });
  assert.equal(first.status, 201);
  const tickets = await runtime.store.countTickets();
  const other = await submit(runtime, 'software-order', { ...validOrder, licences: 40 }, { as: 'alice', key, lang: 'en' });
  assert.equal(other.status, 422);
  assert.equal(other.body.error.code, 'idempotency_mismatch');
  assert.match(other.body.error.message, /Idempotency-Key was already used for a different request/);
  assert.equal(other.body.accessToken, undefined, 'the first ticket’s token is not handed out');
  assert.equal(await runtime.store.countTickets(), tickets);
});

test('the same body under the same key still replays the first ticket', async () => {
  const key = crypto.randomUUID();
  const first = await submit(runtime, 'software-order', validOrder, { as: 'alice', key, lang: 'en' });
  const again = await submit(runtime, 'software-order', validOrder, { as: 'alice', key, lang: 'en' });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
});

test('an anonymous submission: the same key with another question is refused, the same question replays', async () => {
  const formsDir = testFormsDir({ 'visitor-question.json': visitorQuestion });
  const visitors = await createTestRuntime({ env: { GUICHET_FORMS_DIR: formsDir } });
  try {
    const key = crypto.randomUUID();
    const ask = async (message: string) =>
      send(visitors, 'POST', '/api/forms/visitor-question/submissions', {
        json: { data: { subject: 'Opening hours', message }, requester: { email: 'visitor@example.org' }, altcha: await solveFor(visitors, 'visitor-question'), lang: 'en' },
        headers: { 'idempotency-key': key },
      });
    const first = await ask('When is the IT desk open during the holidays?');
    assert.equal(first.status, 202);
    const other = await ask('Can I borrow a laptop over the weekend?');
    assert.equal(other.status, 422);
    assert.equal(other.body.error.code, 'idempotency_mismatch');
    const again = await ask('When is the IT desk open during the holidays?');
    assert.equal(again.status, 202);
    assert.deepEqual(again.body, first.body);
  } finally {
    await visitors.close();
    rmSync(formsDir, { recursive: true, force: true });
  }
});
