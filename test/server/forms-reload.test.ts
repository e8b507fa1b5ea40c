// Forms without code: a definition dropped into GUICHET_FORMS_DIR is served by
// a running dev server without a restart; a broken one is reported and the
// last good forms stay served.
import assert from 'node:assert/strict';
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { send, submit } from '../support/http.ts';
import { testFormsDir } from '../support/protection.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const text = (s: string) => ({ fr: s, en: s, de: s });
const roomBooking = {
  $schema: '../definition.schema.json',
  id: 'room-booking',
  version: 1,
  title: text('Room booking'),
  description: text('Book a seminar room'),
  queue: 'helpdesk',
  eligibility: { affiliations: ['staff'] },
  origins: ['https://rooms.example.edu'],
  fields: [
    { id: 'room', type: 'text', required: true, label: text('Room') },
    { id: 'kind', type: 'select', label: text('Kind'), options: [{ value: 'seminar', label: text('Seminar') }] },
  ],
};

let runtime: TestRuntime;
let formsDir: string;
const log: string[] = [];
before(async () => {
  formsDir = testFormsDir();
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (log.push(chunk.toString()), done()) });
  runtime = await createTestRuntime({ env: { GUICHET_FORMS_DIR: formsDir }, logger: pino({ level: 'info' }, sink) });
  await runtime.start();
});
after(async () => {
  await runtime.close();
  rmSync(formsDir, { recursive: true, force: true });
});

/** Polls until `probe` holds: the watcher reloads on its own time. */
async function until(probe: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await delay(50);
  }
}

/** The forms served before the test adds its own. */
let shipped: string[] = [];
const listed = async () => ((await send(runtime, 'GET', '/api/forms?lang=en')).body.forms as { id: string }[]).map((f) => f.id);

test('a new definition file is listed, served, allowed for its site and takes submissions, without a restart', async () => {
  shipped = await listed();
  assert.ok(shipped.includes('it-help') && !shipped.includes('room-booking'), 'the shipped forms are served, the new one not yet');
  writeFileSync(join(formsDir, 'room-booking.json'), JSON.stringify(roomBooking, null, 2));
  await until(async () => (await listed()).includes('room-booking'), 'room-booking to be listed');

  const definition = await send(runtime, 'GET', '/api/forms/room-booking', { headers: { origin: 'https://rooms.example.edu' } });
  assert.equal(definition.status, 200);
  assert.equal(definition.body.title.en, 'Room booking');
  assert.equal(definition.headers.get('access-control-allow-origin'), 'https://rooms.example.edu', 'its origins are allowed at once');

  const doc = (await send(runtime, 'GET', '/api/openapi.json')).body;
  assert.deepEqual(Object.keys(doc.components.schemas['FormData_room-booking'].properties), ['room', 'kind'], 'the API document describes its body');

  const created = await submit(runtime, 'room-booking', { room: 'B-204' }, { as: 'alice', headers: { origin: 'https://rooms.example.edu' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.match(created.body.ticket.number, /^\d{4}-\d{6}$/);
});

test('a broken definition is reported precisely and the last good forms stay served', async () => {
  await until(async () => (await listed()).includes('room-booking'), 'room-booking from the previous test');
  const broken = { ...roomBooking, id: 'room-broken', fields: [{ ...roomBooking.fields[0], showIf: { field: 'knd', equals: ['seminar'] } }] };
  writeFileSync(join(formsDir, 'room-broken.json'), JSON.stringify(broken));
  await until(() => log.some((line) => line.includes('not reloaded')), 'the reload error to be logged');
  const report = log.find((line) => line.includes('not reloaded'))!;
  assert.match(report, /Form \\"room-broken\\" .*field \\"room\\": showIf names \\"knd\\", which is not a field/);
  assert.deepEqual(await listed(), [...shipped, 'room-booking'].sort(), 'the previous catalogue is kept');
  assert.equal((await send(runtime, 'GET', '/api/forms/room-broken')).status, 404);

  unlinkSync(join(formsDir, 'room-broken.json'));
  writeFileSync(join(formsDir, 'room-booking.json'), JSON.stringify({ ...roomBooking, title: text('Room booking, fixed') }));
  await until(async () => (await send(runtime, 'GET', '/api/forms/room-booking')).body.title?.en === 'Room booking, fixed', 'the fixed folder to be served');
});
