import assert from 'node:assert/strict';
import { budgetHolderApproves } from '../support/approvals.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { shippedPeopleFile } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { type Answer, send, submit, validOrder } from '../support/http.ts';
import { everyFile, everyStoredValue, holding } from '../support/privacy.ts';
import { testFormsDir } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * Personal data kept only as long as needed: a month of requests is exported,
 * then anonymised by the retention job once closed for a year; the month's
 * figures stay the same, and no value of the requester's is left in any
 * table, any file of the data folder, or any line the server logged.
 */
const requester = { id: 'qz-4417-requester', name: 'Quirinus Zweifelhaft', email: 'quirinus.zweifelhaft@example.edu', lang: 'de', affiliations: ['staff'], agentOf: [], admin: false };
const answer = 'Kanalisationsrohr quietscht unablaessig im Serverraum';
const message = 'Der Zebrafink pfeift weiterhin Morsecode';
const comment = 'Xylophonstunde war hilfreich';
const fileSecret = 'Kontoauszug-Wolpertinger-88412';
/** Whole values, and single words as a search index would keep them. */
const personal = [requester.id, requester.name, requester.email, answer, message, comment, fileSecret, 'Quirinus', 'Zweifelhaft', 'Kanalisationsrohr', 'Zebrafink', 'Xylophonstunde', 'Wolpertinger'];

const pdf = new TextEncoder().encode(
  `%PDF-1.4\n% ${fileSecret}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n` +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 3 3]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

const logLines: string[] = [];
let runtime: TestRuntime;

before(async () => {
  const people = join(mkdtempSync(join(tmpdir(), 'guichet-people-')), 'people.json');
  writeFileSync(people, JSON.stringify([...(JSON.parse(readFileSync(shippedPeopleFile, 'utf8')) as unknown[]), requester]));
  runtime = await createTestRuntime({
    now: new Date('2026-03-02T09:00:00Z'),
    env: { GUICHET_DIRECTORY: `file:${people}` },
    // Every line the server writes, down to debug, is kept and searched.
    logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
  });
});
after(() => runtime.close());

async function expectOk(answer: Promise<Answer>, what: string): Promise<Answer> {
  const got = await answer;
  assert.ok(got.status < 300, `${what}: ${got.status} ${JSON.stringify(got.body)}`);
  return got;
}

async function submitWithFile(as: string, data: unknown, file: Uint8Array): Promise<Answer> {
  const body = new FormData();
  body.append('payload', JSON.stringify({ data, lang: 'de' }));
  body.append('screenshot', new Blob([file as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), 'kontoauszug.pdf');
  const response = await runtime.app.request('/api/forms/it-help/submissions', { method: 'POST', headers: { 'x-guichet-request': '1', 'idempotency-key': crypto.randomUUID(), 'x-guichet-dev-user': as }, body });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

const later = (days: number) => runtime.clock.set(new Date(runtime.clock.now().getTime() + days * 86_400_000));
const march = '/api/agent/reports?from=2026-03-01&to=2026-04-01';
const admin = { headers: { 'x-guichet-dev-user': 'gina' } };

test('a month anonymised after its retention: same figures, nothing of the requester left anywhere', async () => {
  // The requester's month: a helpdesk request with a file, answered, discussed, closed and rated; an order nobody answered, closed by the sweep.
  const help = await expectOk(submitWithFile(requester.id, { subject: 'Serverraum', category: 'other', description: answer }, pdf), 'request with a file');
  const helpNumber = help.body.ticket.number as string;
  const token = help.body.accessToken as string;
  const order = await expectOk(submit(runtime, 'software-order', validOrder, { as: requester.id }), 'order');
  const orderNumber = order.body.ticket.number as string;
  // The budget holder approves; then the order waits for purchasing, which never answers.
  await budgetHolderApproves(runtime, orderNumber);
  // Someone else's request in the same month, whose figures count too.
  const other = await expectOk(submit(runtime, 'it-help', { subject: 'VPN drops', category: 'network', description: 'The VPN drops every hour.' }, { as: 'alice' }), 'alice');
  later(1);
  await expectOk(send(runtime, 'POST', `/api/agent/tickets/${helpNumber}/replies`, { as: 'felix', json: { body: 'Which room exactly?' } }), 'reply');
  await expectOk(send(runtime, 'POST', `/api/agent/tickets/${other.body.ticket.number}/replies`, { as: 'felix', json: { body: 'Try the new client.' } }), 'reply to alice');
  later(1);
  await expectOk(send(runtime, 'POST', `/api/tickets/${helpNumber}/messages`, { token, json: { body: message } }), 'message');
  later(1);
  await expectOk(send(runtime, 'POST', `/api/agent/tickets/${helpNumber}/state`, { as: 'felix', json: { state: 'closed' } }), 'close');
  await expectOk(send(runtime, 'POST', `/api/agent/tickets/${other.body.ticket.number}/state`, { as: 'felix', json: { state: 'closed' } }), 'close alice');
  await expectOk(send(runtime, 'POST', `/api/tickets/${helpNumber}/feedback`, { token, json: { rating: 4, comment } }), 'feedback');
  later(7);
  const swept = await runtime.sweep();
  assert.ok(swept.closed.some((c) => c.number === orderNumber && c.unanswered), 'the order closed unanswered');
  later(1);
  await runtime.sweep(); // the next day's list of unanswered closures names the requester
  await runtime.delivery.deliverDue();

  // The export holds every request, message and file of the person.
  const exported = await fetchZip({ person: requester.email });
  const listed = JSON.parse(strFromU8(exported['requests.json']!)) as { requests: { number: string; events: { body: string | null }[]; answers: Record<string, unknown>; attachments: { file: string }[] }[] };
  assert.deepEqual(listed.requests.map((r) => r.number).sort(), [helpNumber, orderNumber].sort());
  const helpExport = listed.requests.find((r) => r.number === helpNumber)!;
  assert.equal(helpExport.answers.description, answer);
  assert.ok(helpExport.events.some((e) => e.body === message), 'the message');
  assert.ok(helpExport.events.some((e) => e.body === 'Which room exactly?'), 'the answer it got');
  assert.deepEqual(exported[helpExport.attachments[0]!.file], pdf);
  // By the stable id, the same requests.
  const byId = JSON.parse(strFromU8((await fetchZip({ person: requester.id }))['requests.json']!)) as { requests: { number: string }[] };
  assert.deepEqual(byId.requests.map((r) => r.number).sort(), [helpNumber, orderNumber].sort());

  // Eleven months after the closures nothing is due; thirteen months after, the month is.
  runtime.clock.set(new Date('2027-02-01T09:00:00Z'));
  assert.deepEqual((await send(runtime, 'POST', '/api/admin/retention?dryRun=1', admin)).body, { dryRun: true, anonymised: [] });
  runtime.clock.set(new Date('2027-04-20T09:00:00Z'));
  const figuresBefore = await expectOk(send(runtime, 'GET', march, { as: 'gina' }), 'report');
  const dry = await expectOk(send(runtime, 'POST', '/api/admin/retention?dryRun=1', admin), 'dry run');
  assert.deepEqual(dry.body.anonymised.map((t: { number: string }) => t.number).sort(), [helpNumber, orderNumber, other.body.ticket.number].sort());
  assert.ok(JSON.stringify((await everyStoredValue(runtime.db)).map((v) => v.text)).includes(requester.email), 'a dry run changes nothing');

  const filesOf = () => everyFile(runtime.dataDir).map((f) => ({ where: f.path, text: f.bytes.toString('latin1') }));
  assert.notDeepEqual(holding(filesOf(), personal), [], 'before, the data folder holds the requester’s file and mails');

  const run = await expectOk(send(runtime, 'POST', '/api/admin/retention', admin), 'retention');
  assert.equal(run.body.anonymised.length, 3);
  const figuresAfter = await expectOk(send(runtime, 'GET', march, { as: 'gina' }), 'report after');
  assert.deepEqual(figuresAfter.body, figuresBefore.body);
  assert.deepEqual((await send(runtime, 'POST', '/api/admin/retention?dryRun=1', admin)).body.anonymised, [], 'done once');

  assert.deepEqual(holding(await everyStoredValue(runtime.db), personal), [], 'no table holds a value of the requester');
  // The budget holder's address was the requester's answer: the approval step that used it forgets it too.
  assert.deepEqual(holding(await everyStoredValue(runtime.db), [validOrder.budgetHolderEmail]), [], 'no table holds the address the requester named');
  const files = filesOf();
  assert.ok(files.some((f) => f.where.endsWith('.sqlite')) || process.env.GUICHET_TEST_DIALECT === 'postgres');
  assert.deepEqual(holding(files, personal), [], 'no file of the data folder holds a value of the requester');
  assert.deepEqual(holding(logLines.map((line, i) => ({ where: `log line ${i}`, text: line })), personal), [], 'no log line holds a value of the requester');

  // What stays: the request as the service counts it, with its kinds of events and its rating.
  const view = await expectOk(send(runtime, 'GET', `/api/agent/tickets/${helpNumber}`, { as: 'felix' }), 'the agent’s view');
  assert.equal(view.body.state, 'closed');
  assert.deepEqual(view.body.attachments, []);
  assert.deepEqual(
    view.body.events.map((e: { type: string }) => e.type),
    ['submitted', 'agent_reply', 'requester_message', 'state_changed', 'feedback', 'anonymised'],
  );
  // The link in the requester's mail opens nothing any more.
  assert.equal((await send(runtime, 'GET', `/api/tickets/${helpNumber}`, { token })).status, 404);

  // The audit: two exports and a retention run, by whom and how many, never about whom.
  const records = await expectOk(send(runtime, 'GET', '/api/admin/privacy-records', { as: 'gina' }), 'records');
  assert.deepEqual(
    records.body.records.map((r: { action: string; actor: string; requests: number }) => [r.action, r.actor, r.requests]),
    [
      ['retention', 'agent:gina', 3],
      ['export', 'agent:gina', 2],
      ['export', 'agent:gina', 2],
    ],
  );
});

async function fetchZip(json: unknown): Promise<Record<string, Uint8Array>> {
  const response = await runtime.app.request('/api/admin/people/export', { method: 'POST', headers: { 'content-type': 'application/json', 'x-guichet-dev-user': 'gina' }, body: JSON.stringify(json) });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/zip');
  return unzipSync(new Uint8Array(await response.arrayBuffer()));
}

test('a form’s own retention wins over its queue’s', async () => {
  // it-help keeps its requests 3 months; its queue (helpdesk) and purchasing keep theirs 12 (queues.json).
  const formsDir = testFormsDir({}, (d) => (d.id === 'it-help' ? { ...d, retention: { anonymiseAfterClosedMonths: 3 } } : d));
  const rules = await createTestRuntime({ now: new Date('2026-03-02T09:00:00Z'), env: { GUICHET_FORMS_DIR: formsDir } });
  try {
    const help = await submit(rules, 'it-help', { subject: 'Mouse broken', category: 'other', description: 'The left button sticks.' }, { as: 'alice' });
    const order = await submit(rules, 'software-order', validOrder, { as: 'alice' });
    for (const number of [help.body.ticket.number, order.body.ticket.number]) {
      const agent = number === help.body.ticket.number ? 'felix' : 'eva';
      assert.equal((await send(rules, 'POST', `/api/agent/tickets/${number}/state`, { as: agent, json: { state: 'closed' } })).status, 200);
    }
    rules.clock.set(new Date('2026-06-03T09:00:00Z'));
    const due = await send(rules, 'POST', '/api/admin/retention?dryRun=1', { as: 'gina' });
    assert.deepEqual(
      due.body.anonymised.map((t: { number: string; form: string }) => [t.number, t.form]),
      [[help.body.ticket.number, 'it-help']],
    );
    // Every serving process runs the job: two runs at once anonymise, and count, the request once.
    const runs = await Promise.all([rules.services.privacy.retention({ actor: 'schedule' }), rules.services.privacy.retention({ actor: 'schedule' })]);
    assert.deepEqual(runs.flatMap((r) => r.anonymised.map((t) => t.number)), [help.body.ticket.number]);
  } finally {
    await rules.close();
    rmSync(formsDir, { recursive: true, force: true });
  }
});
