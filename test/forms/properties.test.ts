import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileForm, validate } from '../../forms/compile.ts';
import { languages } from '../../forms/lang.ts';
import { junkData, validSubmission } from '../support/arbitraries.ts';
import { shippedForm } from '../support/forms.ts';

for (const id of ['software-order', 'it-help', 'guest-wifi'] as const) {
  describe(`${id}: properties`, () => {
    const form = shippedForm(id);
    const compiled = compileForm(form);

    test('whatever a careful person types is accepted, and hidden fields are dropped', () => {
      fc.assert(
        fc.property(validSubmission(form), fc.constantFrom(...languages), ({ input, kept }, lang) => {
          const result = validate(compiled, input, lang);
          assert.deepEqual(result, { ok: true, values: kept });
        }),
        { numRuns: 300 },
      );
    });

    test('junk never throws; every refusal names fields with readable messages', () => {
      const fieldIds = new Set(form.fields.map((f) => f.id));
      fc.assert(
        fc.property(junkData, fc.constantFrom(...languages), (data, lang) => {
          const result = validate(compiled, data, lang);
          if (result.ok) return;
          const keys = Object.keys(result.errors);
          assert.ok(keys.length > 0);
          for (const key of keys) {
            assert.ok(key === '' || fieldIds.has(key) || (typeof data === 'object' && data !== null && key in data), `unexpected key ${key}`);
            for (const message of result.errors[key]!) assert.match(message, /\p{L}{2,}.*[.)]$/u);
          }
        }),
        { numRuns: 500 },
      );
    });
  });
}
