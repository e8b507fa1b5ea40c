// File fields' limits and checks, apart from compile.ts: the embed loads them
// in its attachment chunk, only for a form with a file field (components/internal/attachments.ts).
import type { FieldDefinition, FormDefinition } from './definition.ts';
import { isShown, type FieldErrors } from './compile.ts';
import { defaultMaxFiles, defaultMaxSize } from './file-kinds.ts';
import type { Lang } from './lang.ts';
import { fileMessages } from './locales/files.ts';
import { validationMessages } from './locales/index.ts';

/** The limits of a file field, its definition's or the defaults. */
export function fileLimits(field: FieldDefinition): { maxFiles: number; maxSize: number } {
  return { maxFiles: field.maxFiles ?? defaultMaxFiles, maxSize: field.maxSize ?? defaultMaxSize };
}

/** The accepted kinds as a person reads them: "PNG, JPEG, PDF". */
export const acceptedKinds = (field: FieldDefinition): string => (field.accept ?? []).map((kind) => kind.toUpperCase()).join(', ');

/**
 * Checks the files chosen for each file field against the definition: a
 * required field shown by `values` needs one, no more than maxFiles, none
 * over maxSize, no part for a field that does not take files. The browser and
 * the server run it alike; the server also checks each file's content.
 * Files of a field that showIf hides are ignored, like its values.
 */
export function fileErrors(form: FormDefinition, values: Record<string, unknown>, files: ReadonlyMap<string, readonly { size: number }[]>, lang: Lang): FieldErrors {
  const t = validationMessages[lang];
  // Part names are the sender's: a Map, so "__proto__" or "toString" is just a name.
  const errors = new Map<string, string[]>();
  for (const id of files.keys()) {
    if (!form.fields.some((f) => f.id === id && f.type === 'file')) errors.set(id, [t.unknownField]);
  }
  for (const field of form.fields) {
    if (field.type !== 'file' || !isShown(form, field, values)) continue;
    const chosen = files.get(field.id) ?? [];
    const { maxFiles, maxSize } = fileLimits(field);
    const messages: string[] = [];
    if (field.required && chosen.length === 0) messages.push(t.required);
    if (chosen.length > maxFiles) messages.push(fileMessages[lang].tooManyFiles(maxFiles));
    if (chosen.some((f) => f.size > maxSize)) messages.push(fileMessages[lang].fileTooLarge(Math.round((maxSize / 1048576) * 10) / 10));
    if (messages.length > 0) errors.set(field.id, messages);
  }
  return Object.fromEntries(errors);
}
