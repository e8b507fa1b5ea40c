import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { type Answer, send } from '../support/http.ts';

let runtime: TestRuntime;
/** A service whose one form takes a medical certificate as a PDF, and nothing else. */
let certificates: TestRuntime;
const formsDir = mkdtempSync(join(tmpdir(), 'guichet-forms-'));
before(async () => {
  runtime = await createTestRuntime({ now: new Date('2026-03-10T09:00:00Z') });
  copyFileSync(join(runtime.config.formsDir, 'queues.json'), join(formsDir, 'queues.json'));
  const text = (s: string) => ({ fr: s, en: s, de: s });
  const sickNote = {
    id: 'sick-note',
    version: 1,
    title: text('Sick note'),
    description: text('Send your medical certificate'),
    queue: 'helpdesk',
    eligibility: { affiliations: [] },
    fields: [{ id: 'certificate', type: 'file', required: true, accept: ['pdf'], label: text('Certificate') }],
  };
  writeFileSync(join(formsDir, 'sick-note.json'), JSON.stringify(sickNote));
  certificates = await createTestRuntime({ env: { GUICHET_FORMS_DIR: formsDir } });
});
after(async () => {
  await runtime.close();
  await certificates.close();
  rmSync(formsDir, { recursive: true, force: true });
});

/** A valid 1×1 PNG, as any screenshot tool would write it (signature, IHDR, IDAT, IEND). */
const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
/** A minimal one-page PDF. */
const pdf = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 3 3]>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);
const script = new TextEncoder().encode('#!/bin/sh\nrm -rf ~\n<script>alert(1)</script>\n');

const problem = { subject: 'Printer jams', category: 'printing', description: 'The printer in B12 jams on every second page.' };

interface Part {
  field: string;
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/** A submission as the request form sends it with files: the JSON body in `payload`, one part per file. */
function submitWithFiles(formId: string, data: unknown, parts: Part[], options: { as?: string; key?: string; lang?: string; payload?: string; to?: TestRuntime } = {}): Promise<Answer> {
  const body = new FormData();
  body.append('payload', options.payload ?? JSON.stringify({ data, lang: options.lang ?? 'en' }));
  for (const part of parts) body.append(part.field, new Blob([part.bytes as Uint8Array<ArrayBuffer>], { type: part.type ?? 'application/octet-stream' }), part.name);
  return sendRaw(options.to ?? runtime, `/api/forms/${formId}/submissions`, body, { 'idempotency-key': options.key ?? crypto.randomUUID(), ...(options.as ? { 'x-guichet-dev-user': options.as } : {}) });
}

async function sendRaw(to: TestRuntime, path: string, body: FormData, headers: Record<string, string>): Promise<Answer> {
  const response = await to.app.request(path, { method: 'POST', headers: { 'x-guichet-request': '1', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

async function download(path: string, options: { token?: string; as?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.as) headers['x-guichet-dev-user'] = options.as;
  const response = await runtime.app.request(path, { headers });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

/** The files in the data folder's attachments (none before the first is stored). */
const storedFiles = () => (existsSync(join(runtime.dataDir, 'attachments')) ? readdirSync(join(runtime.dataDir, 'attachments')) : []);

describe('files are judged by their content, not their name', () => {
  test('a PNG renamed .pdf, sent to a field that takes PDF only, is refused naming the accepted types', async () => {
    const answer = await submitWithFiles('sick-note', {}, [{ field: 'certificate', name: 'certificate.pdf', bytes: png, type: 'application/pdf' }], { as: 'alice', lang: 'fr', to: certificates });
    assert.equal(answer.status, 422);
    assert.equal(answer.body.error.code, 'validation');
    assert.deepEqual(answer.body.error.fields, { certificate: ['Ce type de fichier n’est pas accepté. Types acceptés\u202f: PDF.'] });
    const good = await submitWithFiles('sick-note', {}, [{ field: 'certificate', name: 'certificate.pdf', bytes: pdf }], { as: 'alice', to: certificates });
    assert.equal(good.status, 201, JSON.stringify(good.body));
  });

  test('a required file field without a file is refused, in JSON and in multipart alike', async () => {
    const json = await send(certificates, 'POST', '/api/forms/sick-note/submissions', { as: 'alice', json: { data: {}, lang: 'en' }, headers: { 'idempotency-key': crypto.randomUUID() } });
    assert.equal(json.status, 422);
    assert.deepEqual(json.body.error.fields, { certificate: ['This field is required.'] });
    const multipart = await submitWithFiles('sick-note', {}, [], { as: 'alice', to: certificates });
    assert.deepEqual(multipart.body.error.fields, { certificate: ['This field is required.'] });
  });

  test('a script renamed .png is refused, whatever Content-Type it claims', async () => {
    const before = await runtime.store.countTickets();
    const answer = await submitWithFiles('it-help', problem, [{ field: 'screenshot', name: 'screen.png', bytes: script, type: 'image/png' }], { as: 'alice' });
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body.error.fields, { screenshot: ['This type of file is not accepted. Accepted types: PNG, JPEG, PDF.'] });
    assert.equal(await runtime.store.countTickets(), before);
  });

  test('data and file problems are reported together; files for a field that does not exist are named', async () => {
    const answer = await submitWithFiles('it-help', { ...problem, subject: 'x' }, [{ field: 'invoice', name: 'a.png', bytes: png }], { as: 'alice' });
    assert.equal(answer.status, 422);
    assert.deepEqual(Object.keys(answer.body.error.fields).sort(), ['invoice', 'subject']);
    assert.match(answer.body.error.fields.invoice[0], /unknown field/);
  });
});

describe('limits from the definition', () => {
  test('a file over maxSize gets 413 too_large: no ticket, no file left on disk', async () => {
    const tickets = await runtime.store.countTickets();
    const files = storedFiles().length;
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(png);
    const answer = await submitWithFiles('it-help', problem, [{ field: 'screenshot', name: 'big.png', bytes: big }], { as: 'alice', lang: 'de' });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'too_large');
    assert.deepEqual(answer.body.error.fields, { screenshot: ['Jede Datei darf höchstens 5 MB gross sein.'] });
    assert.equal(await runtime.store.countTickets(), tickets);
    assert.equal(storedFiles().length, files);
  });

  test('a body larger than every file the form allows is cut off while it streams in (413)', async () => {
    const parts = Array.from({ length: 4 }, (_, i) => ({ field: 'screenshot', name: `${i}.png`, bytes: new Uint8Array(5 * 1024 * 1024) }));
    const answer = await submitWithFiles('it-help', problem, parts, { as: 'alice' });
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error.code, 'too_large');
  });

  test('a form without file fields keeps the JSON limit for multipart bodies', async () => {
    const answer = await submitWithFiles('software-order', {}, [{ field: 'quote', name: 'q.pdf', bytes: new Uint8Array(300 * 1024) }], { as: 'alice' });
    assert.equal(answer.status, 413);
  });

  test('more files than maxFiles gets 422 with the limit in the requester’s language', async () => {
    const parts = Array.from({ length: 4 }, (_, i) => ({ field: 'screenshot', name: `${i}.png`, bytes: png }));
    const answer = await submitWithFiles('it-help', problem, parts, { as: 'alice', lang: 'en' });
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body.error.fields, { screenshot: ['At most 3 files.'] });
  });

  test('a payload that is not the JSON body is a 400 in the one error shape', async () => {
    const answer = await submitWithFiles('it-help', problem, [{ field: 'screenshot', name: 'a.png', bytes: png }], { as: 'alice', payload: '{"data":' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error.code, 'bad_request');
  });
});

describe('a good file', () => {
  let number: string;
  let accessToken: string;
  let attachments: { id: string; fieldId: string; name: string; type: string; size: number }[];

  before(async () => {
    const answer = await submitWithFiles(
      'it-help',
      problem,
      [
        { field: 'screenshot', name: 'écran <1>.png', bytes: png, type: 'image/png' },
        { field: 'screenshot', name: '../../etc/report\r\n.pdf', bytes: pdf, type: 'text/html' },
        { field: 'screenshot', name: 'run.exe', bytes: png },
      ],
      { as: 'alice' },
    );
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    ({ number } = answer.body.ticket);
    accessToken = answer.body.accessToken;
    attachments = (await send(runtime, 'GET', `/api/tickets/${number}`, { token: accessToken })).body.attachments;
  });

  test('is listed on the ticket with its detected type and a name that is no path and ends in its type', () => {
    assert.deepEqual(
      attachments.map(({ id: _, ...a }) => a),
      [
        { fieldId: 'screenshot', name: 'écran <1>.png', type: 'image/png', size: png.byteLength },
        { fieldId: 'screenshot', name: 'report.pdf', type: 'application/pdf', size: pdf.byteLength },
        { fieldId: 'screenshot', name: 'run.exe.png', type: 'image/png', size: png.byteLength },
      ],
    );
    assert.ok(attachments.every((a) => /^[A-Za-z0-9_-]{22}$/.test(a.id)));
    assert.ok(storedFiles().every((name) => /^[0-9a-f-]{36}$/.test(name)), 'stored under server-chosen names only');
  });

  test('round-trips byte for byte through the requester’s download, as a download that runs nothing', async () => {
    const image = await download(`/api/tickets/${number}/attachments/${attachments[0]!.id}`, { token: accessToken });
    assert.equal(image.status, 200);
    assert.deepEqual(image.bytes, png);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.equal(image.headers.get('content-disposition'), "attachment; filename*=UTF-8''%C3%A9cran%20%3C1%3E.png");
    assert.equal(image.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(image.headers.get('content-security-policy'), 'sandbox');
    assert.equal(image.headers.get('cache-control'), 'private, no-store');
    const document = await download(`/api/tickets/${number}/attachments/${attachments[1]!.id}`, { as: 'alice' });
    assert.equal(document.status, 200, 'the signed-in owner needs no token');
    assert.deepEqual(document.bytes, pdf);
    assert.equal(document.headers.get('content-type'), 'application/pdf');
  });

  test('round-trips through the agent download for an agent of the ticket’s queue only', async () => {
    const agent = await send(runtime, 'GET', `/api/agent/tickets/${number}`, { as: 'felix' });
    assert.deepEqual(agent.body.attachments, attachments);
    const document = await download(`/api/agent/tickets/${number}/attachments/${attachments[1]!.id}`, { as: 'felix' });
    assert.equal(document.status, 200);
    assert.deepEqual(document.bytes, pdf);
    assert.equal(document.headers.get('content-disposition'), "attachment; filename*=UTF-8''report.pdf");
    assert.equal((await download(`/api/agent/tickets/${number}/attachments/${attachments[1]!.id}`, { as: 'eva' })).status, 403);
  });

  test('a wrong token, another person, or another ticket’s attachment id is not found', async () => {
    const path = `/api/tickets/${number}/attachments/${attachments[0]!.id}`;
    assert.equal((await download(path, { token: accessToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).status, 404);
    assert.equal((await download(path, { as: 'bruno' })).status, 404);
    assert.equal((await download(path)).status, 401);
    const other = await submitWithFiles('it-help', problem, [], { as: 'alice' });
    assert.equal(other.status, 201);
    assert.equal((await download(`/api/tickets/${other.body.ticket.number}/attachments/${attachments[0]!.id}`, { token: other.body.accessToken })).status, 404);
    assert.equal((await download(`/api/tickets/${number}/attachments/unknown`, { token: accessToken })).status, 404);
  });

  test('the queue’s mail lists the names and sizes, escaped, without the files', async () => {
    await runtime.delivery.deliverDue();
    const mail = runtime.devOutbox!.list().find((m) => m.subject.startsWith(`[${number}] Nouvelle demande`))!;
    assert.ok(mail, 'the queue was told (in the service language)');
    assert.ok(mail.text.includes(`Pièces jointes\u202f:\n  écran <1>.png\u202f: ${png.byteLength} B\n  report.pdf\u202f: ${pdf.byteLength} B`), mail.text);
    assert.ok(mail.text.includes('report.pdf'));
    assert.ok(mail.html.includes('écran &lt;1&gt;.png'));
    assert.ok(!mail.html.includes('<1>'));
  });
});

test('an idempotent replay answers the first ticket and stores no second copy of its files', async () => {
  const key = crypto.randomUUID();
  const parts = [{ field: 'screenshot', name: 'a.png', bytes: png }];
  const files = storedFiles().length;
  const first = await submitWithFiles('it-help', problem, parts, { as: 'alice', key });
  const again = await submitWithFiles('it-help', problem, parts, { as: 'alice', key });
  assert.equal(first.status, 201);
  assert.equal(again.status, 200);
  assert.equal(again.body.ticket.number, first.body.ticket.number);
  assert.equal(storedFiles().length, files + 1);
  const ticket = await send(runtime, 'GET', `/api/tickets/${first.body.ticket.number}`, { token: first.body.accessToken });
  assert.equal(ticket.body.attachments.length, 1);
});

test('OpenAPI documents the multipart submission and both downloads', async () => {
  const doc = (await send(runtime, 'GET', '/api/openapi.json')).body;
  const multipart = doc.paths['/api/forms/{formId}/submissions'].post.requestBody.content['multipart/form-data'].schema;
  assert.equal(multipart.properties.payload.type, 'string');
  assert.ok(doc.paths['/api/forms/{formId}/submissions'].post.requestBody.content['application/json']);
  for (const path of ['/api/tickets/{number}/attachments/{attachmentId}', '/api/agent/tickets/{number}/attachments/{attachmentId}']) {
    assert.deepEqual(doc.paths[path].get.responses['200'].content['application/octet-stream'].schema, { type: 'string', format: 'binary' }, path);
  }
  assert.ok(doc.components.schemas.RequesterTicket.properties.attachments);
  assert.ok(doc.components.schemas.AgentTicket.properties.attachments);
});
