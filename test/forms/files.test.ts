import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compileForm, validate } from '../../forms/compile.ts';
import { fileErrors } from '../../forms/files.ts';
import { DefinitionError, parseFormDefinition } from '../../forms/definition.ts';

const text = (s: string) => ({ fr: s, en: s, de: s });
const form = (fields: unknown[]) => ({
  id: 'scan-request',
  version: 1,
  title: text('Scan'),
  description: text('Send scans'),
  queue: 'helpdesk',
  eligibility: { affiliations: [] },
  fields: [{ id: 'kind', type: 'select', label: text('Kind'), options: [{ value: 'scan', label: text('Scan') }, { value: 'none', label: text('None') }] }, ...fields],
});
const scans = { id: 'scans', type: 'file', label: text('Scans'), required: true, accept: ['pdf', 'png'], maxFiles: 2, maxSize: 1048576, showIf: { field: 'kind', equals: ['scan'] } };

function problem(definition: unknown): string {
  try {
    parseFormDefinition(definition, 'scan-request.json');
  } catch (error) {
    assert.ok(error instanceof DefinitionError);
    return error.message;
  }
  assert.fail('the definition was accepted');
}

describe('a file field in a definition', () => {
  test('names the kinds it accepts, from the known list, within the limits', () => {
    assert.match(problem(form([{ ...scans, accept: undefined }])), /field "scans": a file field needs accept/);
    assert.match(problem(form([{ ...scans, accept: ['exe'] }])), /"scans" › accept/);
    assert.match(problem(form([{ ...scans, maxFiles: 11 }])), /"scans" › maxFiles/);
    assert.match(problem(form([{ ...scans, maxSize: 26214401 }])), /"scans" › maxSize/);
    assert.match(problem(form([{ id: 'note', type: 'text', label: text('Note'), accept: ['pdf'] }])), /field "note": a text takes no accept/);
  });

  test('is not part of the JSON data: a value there is an unknown field, and a missing one is no error', () => {
    const compiled = compileForm(parseFormDefinition(form([scans]), 'scan-request.json'));
    assert.deepEqual(validate(compiled, { kind: 'scan' }, 'en'), { ok: true, values: { kind: 'scan' } });
    const sent = validate(compiled, { kind: 'scan', scans: 'a.pdf' }, 'en');
    assert.deepEqual(sent.ok ? {} : sent.errors, { scans: ['This form has no such field (unknown field).'] });
  });

  test('is required, counted and sized against the files chosen, in the requester’s language', () => {
    const definition = parseFormDefinition(form([scans]), 'scan-request.json');
    assert.deepEqual(fileErrors(definition, { kind: 'scan' }, new Map(), 'en'), { scans: ['This field is required.'] });
    assert.deepEqual(fileErrors(definition, { kind: 'none' }, new Map(), 'en'), {}, 'hidden by showIf: not required');
    assert.deepEqual(fileErrors(definition, { kind: 'scan' }, new Map([['scans', [{ size: 10 }, { size: 10 }, { size: 10 }]]]), 'fr'), { scans: ['Au plus 2 fichiers.'] });
    assert.deepEqual(fileErrors(definition, { kind: 'scan' }, new Map([['scans', [{ size: 1048577 }]]]), 'de'), { scans: ['Jede Datei darf höchstens 1 MB gross sein.'] });
    assert.deepEqual(fileErrors(definition, { kind: 'scan' }, new Map([['scans', [{ size: 1048576 }]], ['kind', [{ size: 1 }]]]), 'en'), { kind: ['This form has no such field (unknown field).'] });
  });
});
