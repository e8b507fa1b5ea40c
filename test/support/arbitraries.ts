import fc from 'fast-check';
import { isShown } from '../../forms/compile.ts';
import type { FieldDefinition, FormDefinition } from '../../forms/definition.ts';

const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
const email = fc.tuple(word, word, fc.constantFrom('ch', 'org', 'edu')).map(([local, domain, tld]) => `${local}@${domain}.${tld}`);

const printable = (min: number, max: number) =>
  fc
    .string({ unit: fc.constantFrom(...'abcdefghij KLMNOPQRST 0123456789 éàüöçß-,.!?’'.split('')), minLength: min, maxLength: max })
    .filter((s) => s.trim() === s && s.length >= min);

/** A value the field must accept, as a careful person would type it. */
function validValue(field: FieldDefinition): fc.Arbitrary<unknown> {
  const min = typeof field.min === 'number' ? field.min : undefined;
  const max = typeof field.max === 'number' ? field.max : undefined;
  const values = field.options?.map((o) => o.value) ?? [];
  switch (field.type) {
    case 'text':
    case 'textarea':
      if (field.pattern) {
        return fc.stringMatching(new RegExp(field.pattern)).filter((s) => s.trim() === s && s.length >= (min ?? 1) && s.length <= (max ?? Infinity));
      }
      return printable(Math.max(min ?? 1, 1), Math.min(max ?? 200, 200));
    case 'email':
      return email;
    case 'number':
      return field.integer ? fc.integer({ min: min ?? -1e6, max: max ?? 1e6 }) : fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true });
    case 'date':
      return fc.date({ min: new Date(String(field.min ?? '2000-01-01')), max: new Date(String(field.max ?? '2099-12-31')), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'select':
    case 'radio':
      return fc.constantFrom(...values);
    case 'checkbox':
      return field.options ? fc.subarray(values, { minLength: Math.max(min ?? 1, 1), maxLength: max ?? values.length }) : fc.constant(true);
    case 'file':
      // Files travel as multipart parts beside `data`, never inside it.
      return fc.constant(undefined);
  }
}

/**
 * A payload the form must accept, and what the form keeps of it: a field that
 * showIf hides carries junk, which must be dropped rather than refused.
 */
export function validSubmission(form: FormDefinition): fc.Arbitrary<{ input: Record<string, unknown>; kept: Record<string, unknown> }> {
  const entries = form.fields.map((field) => {
    const value = validValue(field);
    return fc.record({ valid: field.required ? value : fc.option(value, { nil: undefined }), junk: fc.string({ maxLength: 30 }) });
  });
  return fc.tuple(...entries).map((generated) => {
    const input: Record<string, unknown> = {};
    const kept: Record<string, unknown> = {};
    form.fields.forEach((field, i) => {
      const { valid, junk } = generated[i]!;
      if (isShown(form, field, input)) {
        if (valid !== undefined) input[field.id] = kept[field.id] = valid;
      } else {
        input[field.id] = junk;
      }
    });
    return { input, kept };
  });
}

/** Anything a hostile or broken client may send as `data`. */
export const junkData = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), fc.anything({ maxDepth: 2 }), { maxKeys: 8 }),
  fc.anything({ maxDepth: 2 }),
);
