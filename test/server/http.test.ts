import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { languages } from '../../forms/lang.ts';
import { shippedForm } from '../support/forms.ts';
import { junkData, validSubmission } from '../support/arbitraries.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime();
});
after(() => runtime.close());

describe('bad requests get the one error shape, never a 500', () => {
  test('a form post that is not JSON (a CORS-simple request) is refused', async () => {
    const answer = await send(runtime, 'POST', '/api/forms/it-help/submissions', {
      as: 'alice',
      body: 'data=1',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'k' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'bad_request');
  });

  test('malformed JSON is a 400, in the language asked for', async () => {
    const answer = await send(runtime, 'POST', '/api/forms/it-help/submissions?lang=de', {
      as: 'alice',
      body: '{"data": {',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.message, 'Die Anfrage ist fehlerhaft.');
  });

  test('a body over the limit is 413 too_large', async () => {
    const answer = await submit(runtime, 'it-help', { subject: 'x'.repeat(300_000) }, { as: 'alice' });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'too_large');
  });

  test('an unknown form, ticket or route is a 404 in JSON', async () => {
    for (const path of ['/api/forms/nope', '/api/forms/nope/eligibility', '/api/nothing-here']) {
      const answer = await send(runtime, 'GET', path, { as: 'alice' });
      assert.equal(answer.status, 404, path);
      assert.equal(answer.body.error.code, 'not_found');
    }
    assert.equal((await submit(runtime, 'nope', {}, { as: 'alice' })).status, 404);
  });

  test('the language follows ?lang, then the body, then Accept-Language', async () => {
    const wrong = { ...validOrder, licences: 0 };
    const byHeader = await submit(runtime, 'software-order', wrong, { as: 'alice', headers: { 'accept-language': 'de-CH,de;q=0.9' } });
    assert.deepEqual(byHeader.body.error.fields.licences, ['Der kleinste erlaubte Wert ist 1.']);
    const byBody = await submit(runtime, 'software-order', wrong, { as: 'alice', lang: 'en', headers: { 'accept-language': 'de' } });
    assert.deepEqual(byBody.body.error.fields.licences, ['The smallest allowed value is 1.']);
    const byQuery = await send(runtime, 'POST', '/api/forms/software-order/submissions?lang=fr', {
      as: 'alice',
      json: { data: wrong, lang: 'en' },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    assert.deepEqual(byQuery.body.error.fields.licences, ['La valeur minimale est 1.']);
  });

  for (const id of ['software-order', 'it-help', 'guest-wifi'] as const) {
    test(`${id}: whatever the compiled schema accepts the server accepts; junk gets 422 with field messages`, async () => {
      const form = shippedForm(id);
      await fc.assert(
        fc.asyncProperty(validSubmission(form), fc.constantFrom(...languages), async ({ input, kept }, lang) => {
          const answer = await submit(runtime, id, input, { as: 'alice', lang });
          assert.equal(answer.status, 201, JSON.stringify(answer.body));
          const ticket = await send(runtime, 'GET', `/api/tickets/${answer.body.ticket.number}`, { token: answer.body.accessToken });
          assert.deepEqual(ticket.body.data, kept);
        }),
        { numRuns: 25 },
      );
      await fc.assert(
        fc.asyncProperty(junkData, async (data) => {
          const answer = await send(runtime, 'POST', `/api/forms/${id}/submissions`, { as: 'alice', json: { data }, headers: { 'idempotency-key': crypto.randomUUID() } });
          assert.ok([201, 400, 422].includes(answer.status), `status ${answer.status}: ${JSON.stringify(answer.body)}`);
          if (answer.status === 422) assert.ok(Object.keys(answer.body.error.fields).length > 0);
          if (answer.status !== 201) assert.equal(typeof answer.body.error.message, 'string');
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('cross-origin embedding', () => {
  test('a listed department site gets CORS with credentials; another origin gets no CORS headers', async () => {
    const allowed = await send(runtime, 'GET', '/api/forms/software-order', { headers: { origin: 'http://localhost:8787' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://localhost:8787');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), 'true');
    const foreign = await send(runtime, 'GET', '/api/forms/software-order', { headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  test('every response carries the secure headers', async () => {
    const answer = await send(runtime, 'GET', '/healthz');
    assert.deepEqual(answer.body, { ok: true });
    assert.equal(answer.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(answer.headers.get('x-frame-options'), 'DENY');
  });
});

describe('the published contract', () => {
  test('OpenAPI lists the routes and each form’s body generated from its definition', async () => {
    const doc = (await send(runtime, 'GET', '/api/openapi.json')).body;
    for (const path of ['/api/forms', '/api/forms/{formId}', '/api/forms/{formId}/eligibility', '/api/forms/{formId}/submissions', '/api/tickets/{number}']) {
      assert.ok(doc.paths[path], path);
    }
    const order = doc.components.schemas['FormData_software-order'];
    assert.deepEqual(order.required.sort(), ['budgetHolderEmail', 'inventoryNumber', 'licences', 'os', 'software']);
    assert.equal(order.properties.inventoryNumber.pattern, '^INV-\\d{6}$');
    assert.deepEqual(order.properties.software.enum, ['matlab', 'office', 'spss', 'endnote', 'adobe-cc']);
  });

  test('GET /api/forms lists the shipped forms in the asked language; a definition is served whole', async () => {
    const list = await send(runtime, 'GET', '/api/forms?lang=de');
    assert.deepEqual(
      list.body.forms.map((f: { id: string; title: string }) => [f.id, f.title]),
      [
        ['guest-wifi', 'Gast-WLAN-Zugang'],
        ['it-help', 'IT-Hilfeanfrage'],
        ['software-order', 'Softwarebestellung'],
      ],
    );
    const definition = await send(runtime, 'GET', '/api/forms/software-order');
    assert.equal(definition.body.fields.length, 6);
    assert.deepEqual(Object.keys(definition.body.title), ['fr', 'en', 'de']);
  });
});
