import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createAltcha } from '../../server/services/altcha.ts';
import { send, submit } from '../support/http.ts';
import { solve, solveFor, testFormsDir, visitorQuestion } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const question = { subject: 'Opening hours', message: 'When is the IT desk open during the holidays?' };
const requester = { email: 'Visitor@Example.org', name: 'Vera Visitor' };

let runtime: TestRuntime;
let formsDir: string;
before(async () => {
  formsDir = testFormsDir({ 'visitor-question.json': visitorQuestion });
  runtime = await createTestRuntime({ env: { GUICHET_FORMS_DIR: formsDir } });
});
after(async () => {
  await runtime.close();
  rmSync(formsDir, { recursive: true, force: true });
});

function ask(body: Record<string, unknown>, options: { key?: string; as?: string; lang?: string } = {}) {
  return send(runtime, 'POST', `/api/forms/visitor-question/submissions${options.lang ? `?lang=${options.lang}` : ''}`, {
    as: options.as,
    json: { data: question, ...body },
    headers: { 'idempotency-key': options.key ?? crypto.randomUUID() },
  });
}

async function mailsTo(address: string) {
  await runtime.delivery.deliverDue();
  return runtime.devOutbox!.list().filter((m) => m.to.toLowerCase().includes(address));
}

describe('a form open to anonymous requesters', () => {
  test('says so: the definition carries anonymous, eligibility answers without an identity, a challenge is served', async () => {
    const definition = await send(runtime, 'GET', '/api/forms/visitor-question');
    assert.equal(definition.body.anonymous, true);
    assert.deepEqual((await send(runtime, 'GET', '/api/forms/visitor-question/eligibility')).body, { eligible: true, anonymous: true });
    assert.equal((await send(runtime, 'GET', '/api/forms/it-help/eligibility')).status, 401, 'other forms still need an identity');
    const challenge = await send(runtime, 'GET', '/api/forms/visitor-question/challenge');
    assert.equal(challenge.status, 200);
    assert.equal(challenge.body.parameters.algorithm, 'PBKDF2/SHA-256');
    assert.equal(challenge.body.parameters.data.form, 'visitor-question');
    assert.ok(challenge.body.parameters.expiresAt * 1000 > Date.now(), 'it expires in the future (real time, as the widget reads it)');
    assert.equal(challenge.headers.get('cache-control'), 'no-store');
    assert.equal((await send(runtime, 'GET', '/api/forms/it-help/challenge')).status, 404, 'no challenge for forms that are not anonymous');
  });

  test('a missing or wrong ALTCHA solution → 422, no pending request, no mail', async () => {
    const missing = await ask({ requester });
    assert.equal(missing.status, 422);
    assert.ok(missing.body.error.fields.altcha, 'the error names the ALTCHA check');
    const garbage = await ask({ requester, altcha: 'bm90IGEgcGF5bG9hZA==' });
    assert.equal(garbage.status, 422);
    assert.ok(garbage.body.error.fields.altcha);

    const payload = JSON.parse(Buffer.from(await solveFor(runtime, 'visitor-question'), 'base64').toString());
    payload.solution.derivedKey = payload.solution.derivedKey.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    const wrong = await ask({ requester, altcha: Buffer.from(JSON.stringify(payload)).toString('base64') });
    assert.equal(wrong.status, 422);
    assert.ok(wrong.body.error.fields.altcha);
    assert.equal((await mailsTo('visitor@example.org')).length, 0);
  });

  test('a missing address and a bad field are reported together, before the ALTCHA solution is spent', async () => {
    const altcha = await solveFor(runtime, 'visitor-question');
    const answer = await send(runtime, 'POST', '/api/forms/visitor-question/submissions?lang=en', {
      json: { data: { subject: 'Hi', message: question.message }, requester: { email: 'not an address' }, altcha },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(answer.status, 422);
    assert.deepEqual(Object.keys(answer.body.error.fields).sort(), ['requester.email', 'subject']);
    assert.equal((await ask({ requester, altcha })).status, 202, 'the solution was not used up by the refused attempt');
  });

  test('the email is confirmed by a link before the ticket exists; the confirmation creates it once', async () => {
    const tickets = await runtime.store.countTickets();
    const key = crypto.randomUUID();
    const altcha = await solveFor(runtime, 'visitor-question');
    const pending = await ask({ requester: { email: 'nora@example.net', name: 'Nora North' }, altcha }, { key, lang: 'en' });
    assert.equal(pending.status, 202);
    assert.equal(pending.body.confirmation.email, 'nora@example.net');
    assert.equal(await runtime.store.countTickets(), tickets, 'no ticket before the confirmation');

    const again = await ask({ requester: { email: 'nora@example.net', name: 'Nora North' }, altcha }, { key, lang: 'en' });
    assert.deepEqual(again.body, pending.body, 'a retried submit answers the same');
    const [check, ...more] = await mailsTo('nora@example.net');
    assert.ok(check);
    assert.equal(more.length, 0, 'and sends no second mail');
    assert.equal(check.to, 'Nora North <nora@example.net>');
    assert.match(check.subject, /^Confirm your request: Visitor question$/);
    const link = /(http\S+#confirm=([\w-]+)&form=visitor-question)/.exec(check.text);
    assert.ok(link, 'the mail carries the link, its token in the fragment');
    const token = link[2]!;

    assert.equal((await send(runtime, 'POST', '/api/forms/visitor-question/confirmations', { json: { token: 'x' + token } })).status, 404);
    assert.equal((await send(runtime, 'POST', '/api/forms/it-help/confirmations', { json: { token } })).status, 404, 'the token belongs to its form');
    const confirmed = await send(runtime, 'POST', '/api/forms/visitor-question/confirmations', { json: { token } });
    assert.equal(confirmed.status, 201);
    const { number } = confirmed.body.ticket;
    assert.equal(await runtime.store.countTickets(), tickets + 1);
    const twice = await send(runtime, 'POST', '/api/forms/visitor-question/confirmations', { json: { token } });
    assert.equal(twice.status, 200, 'a second click shows the same ticket');
    assert.equal(twice.body.ticket.number, number);
    assert.equal(await runtime.store.countTickets(), tickets + 1);

    const ticket = await send(runtime, 'GET', `/api/tickets/${number}?lang=en`, { token: confirmed.body.accessToken });
    assert.equal(ticket.status, 200);
    assert.deepEqual(ticket.body.data, question);
    const row = (await runtime.store.findTicketByNumber(number))!;
    assert.equal(row.requester_email, 'nora@example.net');
    assert.equal(row.requester_id, 'anonymous:nora@example.net');
    assert.equal(row.queue_id, 'helpdesk');
    const received = (await mailsTo('nora@example.net')).find((m) => m.subject.includes(number));
    assert.ok(received, 'the usual confirmation mail with the status link follows');
  });

  test('a solution is accepted once: the same one again is refused', async () => {
    const altcha = await solveFor(runtime, 'visitor-question');
    assert.equal((await ask({ requester, altcha })).status, 202);
    const replay = await ask({ requester: { email: 'someone.else@example.org' }, altcha });
    assert.equal(replay.status, 422);
    assert.ok(replay.body.error.fields.altcha);
  });

  test('an expired challenge, or one made for another form, is refused', async () => {
    const yesterday = createAltcha({ store: runtime.store, secret: runtime.config.secret }, { now: () => Date.now() - 86_400_000 });
    const expired = await ask({ requester, altcha: await solve(await yesterday.challenge('visitor-question')) });
    assert.equal(expired.status, 422);
    assert.ok(expired.body.error.fields.altcha);
    const current = createAltcha({ store: runtime.store, secret: runtime.config.secret });
    const otherForm = await ask({ requester, altcha: await solve(await current.challenge('it-help')) });
    assert.equal(otherForm.status, 422);
    const forged = createAltcha({ store: runtime.store, secret: 'another secret, another server...........' });
    const foreign = await ask({ requester, altcha: await solve(await forged.challenge('visitor-question')) });
    assert.equal(foreign.status, 422, 'a challenge signed with another key');
  });

  test('the confirmation link expires after 24 hours', async () => {
    const altcha = await solveFor(runtime, 'visitor-question');
    assert.equal((await ask({ requester: { email: 'late@example.org' }, altcha })).status, 202);
    const [check] = await mailsTo('late@example.org');
    const token = /#confirm=([\w-]+)/.exec(check!.text)![1]!;
    runtime.clock.advance(24 * 3_600_000 + 1000);
    try {
      assert.equal((await send(runtime, 'POST', '/api/forms/visitor-question/confirmations', { json: { token } })).status, 404);
    } finally {
      runtime.clock.advance(-(24 * 3_600_000 + 1000));
    }
  });

  test('a signed-in person submits directly, without ALTCHA or confirmation', async () => {
    const answer = await ask({}, { as: 'david' });
    assert.equal(answer.status, 201);
    assert.match(answer.body.ticket.number, /^\d{4}-\d{6}$/);
  });
});

describe('the honeypot', () => {
  test('filled → 422 and no ticket, on an ordinary form and on an anonymous one', async () => {
    const before = await runtime.store.countTickets();
    const trapped = await send(runtime, 'POST', '/api/forms/it-help/submissions?lang=en', {
      as: 'alice',
      json: { data: { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 says offline.' }, website: 'http://spam.example' },
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    assert.equal(trapped.status, 422);
    assert.equal(trapped.body.error.code, 'validation');
    assert.match(trapped.body.error.fields[''][0], /could not be sent/);
    const anonymous = await ask({ requester, altcha: 'whatever', website: 'cheap pills' });
    assert.equal(anonymous.status, 422);
    assert.equal(await runtime.store.countTickets(), before);

    const empty = await submit(runtime, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'The printer on floor 2 says offline.' }, { as: 'alice' });
    assert.equal(empty.status, 201, 'an empty honeypot is what people send');
  });
});

describe('the published contract', () => {
  test('OpenAPI lists the challenge and confirmation routes and the anonymous members of a submission', async () => {
    const doc = (await send(runtime, 'GET', '/api/openapi.json')).body;
    assert.ok(doc.paths['/api/forms/{formId}/challenge'].get);
    assert.ok(doc.paths['/api/forms/{formId}/confirmations'].post);
    const submission = doc.paths['/api/forms/{formId}/submissions'].post;
    assert.ok(submission.responses['202']);
    const body = submission.requestBody.content['application/json'].schema.properties;
    assert.deepEqual(Object.keys(body).sort(), ['altcha', 'data', 'lang', 'requester', 'website']);
  });
});

describe('the ALTCHA widget is served beside the embed, not bundled in it', () => {
  for (const [path, type] of [
    ['/embed/altcha.js', 'text/javascript'],
    ['/embed/altcha.css', 'text/css'],
    ['/embed/altcha-worker.js', 'text/javascript'],
  ] as const) {
    test(`${path} is served to any origin, like the embed`, async () => {
      const answer = await send(runtime, 'GET', path, { headers: { origin: 'https://dept.example.edu' } });
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', new RegExp(`^${type}`));
      assert.equal(answer.headers.get('access-control-allow-origin'), '*');
      assert.equal(answer.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.ok(String(answer.body).length > 1000);
    });
  }
});
