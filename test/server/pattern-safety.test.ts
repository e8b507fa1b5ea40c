import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compileForm, validate } from '../../forms/compile.ts';
import { parseFormDefinition } from '../../forms/definition.ts';
import { shippedFormsDir } from '../../server/config.ts';
import { checkForms } from '../../server/forms-check.ts';
import { createTestRuntime } from '../support/runtime.ts';

const work = mkdtempSync(join(tmpdir(), 'guichet-patterns-'));
after(() => rmSync(work, { recursive: true, force: true }));

const text = (s: string) => ({ fr: s, en: s, de: s });
const formWith = (pattern: string, max?: number) => ({
  id: 'badge',
  version: 1,
  title: text('Badge'),
  description: text('Order a badge'),
  queue: 'helpdesk',
  eligibility: { affiliations: [] },
  fields: [{ id: 'code', type: 'text', required: true, pattern, patternMessage: text('Letters a only.'), ...(max === undefined ? {} : { max }), label: text('Code') }],
});

function folderWith(pattern: string): string {
  const dir = mkdtempSync(join(work, 'forms-'));
  copyFileSync(join(shippedFormsDir, 'queues.json'), join(dir, 'queues.json'));
  writeFileSync(join(dir, 'badge.json'), JSON.stringify(formWith(pattern)));
  return dir;
}

for (const pattern of ['^(a+)+$', '(a|a)*$', '^(\\w+\\s?)*$']) {
  test(`forms check refuses the pattern ${pattern}, naming the form and the field`, () => {
    const { ok, report } = checkForms([folderWith(pattern)]);
    assert.equal(ok, false);
    assert.match(report, /Form "badge"/);
    assert.match(report, /field "code": the pattern .* (can backtrack catastrophically|could not be proven free of catastrophic backtracking)/);
  });
}

test('start-up stops on a catastrophic pattern', async () => {
  await assert.rejects(createTestRuntime({ env: { GUICHET_FORMS_DIR: folderWith('^(a+)+$') } }), /field "code": the pattern \^\(a\+\)\+\$ can backtrack catastrophically/);
});

test('a plain pattern passes the check', () => {
  const { ok, report } = checkForms([folderWith('^[A-Z]{2}-\\d{4}$')]);
  assert.equal(ok, true, report);
});

test('a pattern runs only on text within the field’s max: a long value costs nothing, whatever the pattern', () => {
  // Compiled directly, past the checker: the bound must hold on its own.
  const compiled = compileForm(parseFormDefinition(formWith('^(a+)+$', 10), 'test'));
  const started = performance.now();
  const result = validate(compiled, { code: `${'a'.repeat(22)}!` }, 'en');
  const elapsed = performance.now() - started;
  assert.equal(result.ok, false);
  assert.ok(elapsed < 100, `validated in ${Math.round(elapsed)} ms`);
  assert.deepEqual(!result.ok && result.errors.code, ['At most 10 characters.', 'Letters a only.']);
});

test('without a max, a value longer than 1000 characters does not match the pattern', () => {
  const compiled = compileForm(parseFormDefinition(formWith('^b+$'), 'test'));
  assert.equal(validate(compiled, { code: 'b'.repeat(1000) }, 'en').ok, true);
  const long = validate(compiled, { code: 'b'.repeat(1001) }, 'en');
  assert.deepEqual(!long.ok && long.errors.code, ['Letters a only.']);
});
