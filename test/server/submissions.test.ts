import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { send, submit, validOrder } from '../support/http.ts';

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
});
after(() => runtime.close());

describe('who may order software', () => {
  test('a student is refused with a readable reason, in their language', async () => {
    const answer = await submit(runtime, 'software-order', validOrder, { as: 'chloe', lang: 'en' });
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error.code, 'not_eligible');
    assert.equal(answer.body.error.reason, 'affiliation');
    assert.equal(answer.body.error.message, 'This form is reserved for staff and faculty. Your profile does not allow you to use it. If you think this is a mistake, contact Purchasing (purchasing@example.edu).');
  });

  test('the eligibility route tells the student before they type anything, and says yes to staff and faculty', async () => {
    const student = await send(runtime, 'GET', '/api/forms/software-order/eligibility?lang=fr', { as: 'chloe' });
    assert.equal(student.status, 200);
    assert.deepEqual(student.body, {
      eligible: false,
      reason: 'affiliation',
      message: 'Ce formulaire est réservé au personnel et au corps enseignant. Votre profil ne vous permet pas de l’utiliser. Si vous pensez que c’est une erreur, contactez le service des achats (purchasing@example.edu).',
    });
    for (const person of ['alice', 'bruno']) {
      assert.deepEqual((await send(runtime, 'GET', '/api/forms/software-order/eligibility', { as: person })).body, { eligible: true });
    }
    assert.equal((await send(runtime, 'GET', '/api/forms/software-order/eligibility', { as: 'david' })).body.eligible, false);
  });

  test('nobody signed in gets 401 unauthenticated', async () => {
    const answer = await submit(runtime, 'software-order', validOrder);
    assert.equal(answer.status, 401);
    assert.equal(answer.body.error.code, 'unauthenticated');
    assert.equal((await send(runtime, 'GET', '/api/forms/software-order/eligibility')).status, 401);
  });

  test('students may ask the helpdesk', async () => {
    const answer = await submit(runtime, 'it-help', { subject: 'Wi-Fi drops', category: 'network', description: 'Eduroam drops every ten minutes in room B12.' }, { as: 'chloe' });
    assert.equal(answer.status, 201);
  });
});

describe('a valid order', () => {
  test('creates a ticket with a readable number and an access token that shows it as new', async () => {
    const answer = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
    assert.equal(answer.status, 201);
    assert.match(answer.body.ticket.number, /^2026-\d{6}$/);
    assert.equal(answer.body.ticket.state, 'new');
    assert.equal(answer.body.ticket.formId, 'software-order');
    assert.ok(answer.body.accessToken.length >= 43, 'at least 256 bits, base64url');

    const ticket = await send(runtime, 'GET', `/api/tickets/${answer.body.ticket.number}?lang=en`, { token: answer.body.accessToken });
    assert.equal(ticket.status, 200);
    assert.equal(ticket.body.state, 'new');
    assert.equal(ticket.body.stateLabel, 'Received');
    assert.equal(ticket.body.title, 'Software order');
    assert.deepEqual(ticket.body.data, validOrder);
    assert.deepEqual(ticket.body.events, [{ at: '2026-03-10T09:00:00.000Z', type: 'submitted', label: 'Request sent', author: 'Alice Martin' }]);
    const inGerman = await send(runtime, 'GET', `/api/tickets/${answer.body.ticket.number}?lang=de`, { token: answer.body.accessToken });
    assert.equal(inGerman.body.events[0].label, 'Anfrage gesendet', 'each event is named in the reader’s language, like the state');
  });

  test('a wrong token and an unknown number both answer 404, so numbers cannot be probed', async () => {
    const answer = await submit(runtime, 'software-order', validOrder, { as: 'alice' });
    const { number } = answer.body.ticket;
    const wrong = await send(runtime, 'GET', `/api/tickets/${number}`, { token: answer.body.accessToken.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')) });
    const unknown = await send(runtime, 'GET', '/api/tickets/2026-999999', { token: answer.body.accessToken });
    assert.equal(wrong.status, 404);
    assert.equal(unknown.status, 404);
    assert.deepEqual(wrong.body, unknown.body);
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`)).status, 401);
  });

  test('the signed-in owner reads the ticket without a token; someone else cannot', async () => {
    const { number } = (await submit(runtime, 'software-order', validOrder, { as: 'bruno' })).body.ticket;
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { as: 'bruno' })).status, 200);
    assert.equal((await send(runtime, 'GET', `/api/tickets/${number}`, { as: 'alice' })).status, 404);
    const mine = await send(runtime, 'GET', '/api/me/tickets', { as: 'bruno' });
    assert.equal(mine.body.tickets[0].number, number);
  });

  test('numbers follow each other and never repeat', async () => {
    const numbers = [];
    for (let i = 0; i < 5; i++) numbers.push((await submit(runtime, 'software-order', validOrder, { as: 'alice' })).body.ticket.number);
    const counters = numbers.map((n: string) => Number(n.slice(5)));
    assert.deepEqual(counters, counters.map((_, i) => counters[0]! + i));
  });

  test('a confirmation mail with the number and the magic link reaches the dev outbox', async () => {
    const answer = await submit(runtime, 'software-order', { ...validOrder, comment: '<script>alert(1)</script>' }, { as: 'alice', lang: 'fr' });
    const { number } = answer.body.ticket;
    await runtime.delivery.deliverDue();
    const mail = runtime.devOutbox!.list().find((m) => m.subject.includes(number) && m.to.includes('alice'))!;
    assert.ok(mail, 'the mail was delivered');
    assert.equal(mail.to, 'Alice Martin <alice.martin@example.edu>');
    assert.equal(mail.subject, `[${number}] Demande reçue\u202f: Commande de logiciel`);
    assert.ok(mail.text.includes(`http://localhost:8787/pages/status#ticket=${number}&token=${answer.body.accessToken}`));
    assert.ok(mail.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'user values are escaped in HTML');
    assert.ok(!mail.html.includes('<script>'));
    assert.equal(mail.headers['Auto-Submitted'], 'auto-generated');
    const listed = await send(runtime, 'GET', '/api/dev/mail');
    assert.ok(listed.body.some((m: { messageId: string }) => m.messageId === mail.messageId));
  });
});

describe('an order with mistakes', () => {
  test('a malformed inventory number gets 422 with a message for that field', async () => {
    const answer = await submit(runtime, 'software-order', { ...validOrder, inventoryNumber: 'inv 42' }, { as: 'alice', lang: 'de' });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.error.code, 'validation');
    assert.deepEqual(answer.body.error.fields, { inventoryNumber: ['Format: INV- gefolgt von 6 Ziffern, zum Beispiel INV-123456.'] });
  });

  test('keys that are not fields are refused by name; a hidden field is dropped', async () => {
    const unknown = await submit(runtime, 'software-order', { ...validOrder, discount: 100 }, { as: 'alice', lang: 'en' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.body.error.fields.discount[0], /unknown field/);
    const hidden = await submit(runtime, 'it-help', { subject: 'Mail full', category: 'email', description: 'My mailbox says it is full.', phone: '12' }, { as: 'alice' });
    assert.equal(hidden.status, 201);
    const ticket = await send(runtime, 'GET', `/api/tickets/${hidden.body.ticket.number}`, { token: hidden.body.accessToken });
    assert.equal(ticket.body.data.phone, undefined);
  });

  test('a one-line text field with a line break gets 422 in the requester’s language; a textarea keeps its lines', async () => {
    for (const subject of ['Printer offline\r\nBcc: everyone@example.edu', 'Printer\noffline', 'Printer\roffline']) {
      const answer = await submit(runtime, 'it-help', { subject, category: 'printing', description: 'The printer in B12 is offline.' }, { as: 'alice', lang: 'en' });
      assert.equal(answer.status, 422, JSON.stringify(subject));
      assert.deepEqual(answer.body.error.fields, { subject: ['Enter this on one line, without line breaks.'] });
    }
    const french = await submit(runtime, 'it-help', { subject: 'Imprimante\nhors ligne', category: 'printing', description: 'L’imprimante est hors ligne.' }, { as: 'alice', lang: 'fr' });
    assert.deepEqual(french.body.error.fields.subject, ['Saisissez cette valeur sur une seule ligne, sans retour à la ligne.']);
    const lines = await submit(runtime, 'it-help', { subject: 'Printer offline', category: 'printing', description: 'Since Monday.\nTried a restart.' }, { as: 'alice' });
    assert.equal(lines.status, 201);
  });

  test('nothing is stored for a refused submission', async () => {
    const before = await runtime.store.countTickets();
    await submit(runtime, 'software-order', { ...validOrder, licences: 50 }, { as: 'alice' });
    await submit(runtime, 'software-order', validOrder, { as: 'chloe' });
    assert.equal(await runtime.store.countTickets(), before);
  });
});

describe('the same submit twice', () => {
  test('the same Idempotency-Key returns the same ticket and token, and no second ticket exists', async () => {
    const key = crypto.randomUUID();
    const first = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    const count = await runtime.store.countTickets();
    const again = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, first.body);
    assert.equal(await runtime.store.countTickets(), count);
  });

  test('records read alike by this version and earlier ones: the row keeps 201 for a created ticket, and such a row replays as 200', async () => {
    const key = crypto.randomUUID();
    const first = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    const ticket = (await runtime.store.findTicketByNumber(first.body.ticket.number))!;
    const rows = await runtime.db.selectFrom('idempotency_keys').select('status').where('ticket_id', '=', ticket.id).execute();
    assert.deepEqual(rows, [{ status: 201 }]);
    const again = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    assert.equal(again.status, 200);
    assert.equal(again.body.ticket.number, first.body.ticket.number);
  });

  test('a double click sending both at once creates one ticket', async () => {
    const key = crypto.randomUUID();
    const count = await runtime.store.countTickets();
    const answers = await Promise.all(Array.from({ length: 6 }, () => submit(runtime, 'software-order', validOrder, { as: 'alice', key })));
    assert.equal(new Set(answers.map((a) => a.body.ticket.number)).size, 1);
    assert.equal(await runtime.store.countTickets(), count + 1);
  });

  test('the record keeps the answer for 24 hours, then the key may be used again', async () => {
    const key = crypto.randomUUID();
    const first = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    runtime.clock.advance(23 * 3_600_000);
    assert.equal((await submit(runtime, 'software-order', validOrder, { as: 'alice', key })).body.ticket.number, first.body.ticket.number);
    runtime.clock.advance(2 * 3_600_000);
    assert.notEqual((await submit(runtime, 'software-order', validOrder, { as: 'alice', key })).body.ticket.number, first.body.ticket.number);
  });

  test('another person’s identical key never returns their ticket', async () => {
    const key = crypto.randomUUID();
    const alice = await submit(runtime, 'software-order', validOrder, { as: 'alice', key });
    const bruno = await submit(runtime, 'software-order', validOrder, { as: 'bruno', key });
    assert.notEqual(bruno.body.ticket.number, alice.body.ticket.number);
  });

  test('a submission without an Idempotency-Key is refused with a clear 400', async () => {
    const answer = await send(runtime, 'POST', '/api/forms/software-order/submissions', { as: 'alice', json: { data: validOrder } });
    assert.equal(answer.status, 400);
    assert.match(answer.body.error.message, /idempotency-key/i);
  });
});
