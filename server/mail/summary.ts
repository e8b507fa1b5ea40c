import type { FormValues } from '../../forms/compile.ts';
import type { FormDefinition } from '../../forms/definition.ts';
import type { Lang } from '../../forms/lang.ts';
import { everyLanguage } from '../words/index.ts';

const { yes } = everyLanguage('requester');

/** Label → readable value of each submitted field, in the requester's language. */
export function summarise(form: FormDefinition, values: FormValues, lang: Lang): [string, string][] {
  const lines: [string, string][] = [];
  for (const field of form.fields) {
    const value = values[field.id];
    if (value === undefined) continue;
    const optionLabel = (v: string) => field.options?.find((o) => o.value === v)?.label[lang] ?? v;
    const readable = Array.isArray(value) ? value.map(optionLabel).join(', ') : value === true ? yes[lang] : optionLabel(String(value));
    lines.push([field.label[lang], readable]);
  }
  return lines;
}
