import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormDefinition, type FormDefinition } from '../../forms/definition.ts';

const dir = join(import.meta.dirname, '../../forms/definitions');

/** A shipped form definition, validated as the server loads it. */
export function shippedForm(id: 'software-order' | 'it-help' | 'guest-wifi'): FormDefinition {
  return parseFormDefinition(JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8')), `${id}.json`);
}
