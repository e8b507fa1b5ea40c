// `npx guichet forms check`: spawned as an editor runs it, through the package's bin.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).bin.guichet as string);
const shipped = join(root, 'forms/definitions');
const work = mkdtempSync(join(tmpdir(), 'guichet-forms-check-'));
after(() => rmSync(work, { recursive: true, force: true }));

function guichet(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

test('the shipped forms pass: exit 0 and a short OK line', () => {
  const { code, out, err } = guichet('forms', 'check', 'forms/definitions/it-help.json', 'forms/definitions/software-order.json', 'forms/definitions/queues.json');
  assert.equal(code, 0, err);
  assert.match(out, /OK .*2 form\(s\) \(it-help, software-order\), 2 queue\(s\)/);
  assert.equal(out.trim().split('\n').length, 1);
});

test('a folder stands for its definitions', () => {
  const { code, out, err } = guichet('forms', 'check', shipped);
  assert.equal(code, 0, err);
  assert.match(out, /OK/);
});

test('a broken definition: exit 1, and the message names the file, the form, the field and the rule — every problem, not the first', () => {
  const dir = mkdtempSync(join(work, 'broken-'));
  copyFileSync(join(shipped, 'queues.json'), join(dir, 'queues.json'));
  const form = JSON.parse(readFileSync(join(shipped, 'it-help.json'), 'utf8')) as { queue: string; fields: { id: string; showIf?: { field: string } }[] };
  form.fields.find((f) => f.id === 'phone')!.showIf!.field = 'categry';
  form.queue = 'helpdsk';
  const file = join(dir, 'it-help.json');
  writeFileSync(file, JSON.stringify(form, null, 2));

  const { code, out, err } = guichet('forms', 'check', file);
  assert.equal(code, 1);
  assert.equal(out, '');
  assert.match(err, new RegExp(`Form "it-help" \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) is invalid:\\n  field "phone": showIf names "categry", which is not a field`));
  assert.match(err, /Form "it-help" .* is invalid:\n {2}queue: "helpdsk" is not declared in .*queues\.json/);
  assert.match(err, /2 problems in 1 file/);
});

test('a structural error names the field and the property, and a second form with the same id is refused', () => {
  const dir = mkdtempSync(join(work, 'structure-'));
  copyFileSync(join(shipped, 'queues.json'), join(dir, 'queues.json'));
  const form = JSON.parse(readFileSync(join(shipped, 'it-help.json'), 'utf8')) as { fields: { id: string; type: string }[] };
  form.fields.find((f) => f.id === 'category')!.type = 'dropdown';
  writeFileSync(join(dir, 'it-help.json'), JSON.stringify(form));
  copyFileSync(join(shipped, 'software-order.json'), join(dir, 'software-order.json'));
  copyFileSync(join(shipped, 'software-order.json'), join(dir, 'software-order-copy.json'));

  const { code, err } = guichet('forms', 'check', dir);
  assert.equal(code, 1);
  assert.match(err, /Form "it-help" .* is invalid:\n {2}fields › "category" › type: Invalid option: expected one of "text"/);
  assert.match(err, /Form "software-order" \(.*software-order\.json\) is defined twice: also in .*software-order-copy\.json/);
});

test('an origin with a path or a trailing slash, which a browser would never send, is refused', () => {
  const dir = mkdtempSync(join(work, 'origins-'));
  copyFileSync(join(shipped, 'queues.json'), join(dir, 'queues.json'));
  const form = JSON.parse(readFileSync(join(shipped, 'it-help.json'), 'utf8')) as { origins: string[] };
  form.origins = ['https://it.example.edu', 'https://physics.example.edu/', 'https://Chem.example.edu/it/help.html'];
  writeFileSync(join(dir, 'it-help.json'), JSON.stringify(form));

  const { code, err } = guichet('forms', 'check', dir);
  assert.equal(code, 1);
  assert.match(err, /origins › #2: must be an origin as browsers send it: scheme:\/\/host\[:port\], lower case, no path and no trailing slash/);
  assert.match(err, /origins › #3: must be an origin/);
  assert.doesNotMatch(err, /origins › #1/);
});

test('a file that is not JSON, or does not exist, is named', () => {
  const dir = mkdtempSync(join(work, 'json-'));
  writeFileSync(join(dir, 'queues.json'), '[');
  const { code, err } = guichet('forms', 'check', join(dir, 'queues.json'), join(dir, 'missing.json'));
  assert.equal(code, 1);
  assert.match(err, /queues\.json is not valid JSON/);
  assert.match(err, /missing\.json: no such file or folder/);
});

test('without files it prints its usage and exits 2', () => {
  const { code, err } = guichet('forms', 'check');
  assert.equal(code, 2);
  assert.match(err, /usage: guichet forms check <files or folders…>/);
});
