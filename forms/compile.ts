import * as z from 'zod/mini';
import type { FieldDefinition, FormDefinition } from './definition.ts';
import type { Lang } from './lang.ts';
import { validationMessages } from './locales/index.ts';

/** Submitted values after pruning: hidden and empty fields are absent. */
export type FormValues = Record<string, string | number | boolean | string[]>;

/** Marks the issue of a required field left empty (zod reports it as invalid_type). */
const REQUIRED = 'required';
const requiredError = (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED : undefined);
/** Marks a fraction given where a whole number is expected (issues do not carry their input). */
const NOT_INTEGER = 'not_integer';
const integerError = (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED : typeof issue.input === 'number' ? NOT_INTEGER : undefined);

type DataField = FieldDefinition & { type: Exclude<FieldDefinition['type'], 'file'> };

/** Files travel as multipart parts beside the JSON `data`, never inside it. */
const carriesData = (field: FieldDefinition): field is DataField => field.type !== 'file';

function fieldSchema(field: DataField): z.ZodMiniType {
  const { min, max } = field;
  const values = field.options?.map((o) => o.value) ?? [];
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const checks = [];
      if (typeof min === 'number') checks.push(z.minLength(min));
      if (typeof max === 'number') checks.push(z.maxLength(max));
      if (field.pattern !== undefined) checks.push(z.regex(new RegExp(field.pattern)));
      return z.string({ error: requiredError }).check(...checks);
    }
    case 'email':
      return z.email({ error: requiredError }).check(z.maxLength(typeof max === 'number' ? max : 254));
    case 'number': {
      const checks = [];
      if (typeof min === 'number') checks.push(z.gte(min));
      if (typeof max === 'number') checks.push(z.lte(max));
      return (field.integer ? z.int({ error: integerError }) : z.number({ error: requiredError })).check(...checks);
    }
    case 'date':
      // Its bounds are checked beside the schema (ruleIssues).
      return z.iso.date({ error: requiredError });
    case 'select':
    case 'radio':
      return z.enum(values as [string, ...string[]], { error: requiredError });
    case 'checkbox': {
      if (field.options) {
        const checks = [];
        if (typeof min === 'number') checks.push(z.minLength(min));
        if (typeof max === 'number') checks.push(z.maxLength(max));
        return z.array(z.enum(values as [string, ...string[]])).check(...checks);
      }
      return field.required ? z.literal(true, { error: requiredError }) : z.boolean();
    }
  }
}

/** Whether a field is shown for these values: its showIf holds and its controller is shown. */
export function isShown(form: FormDefinition, field: FieldDefinition, values: Record<string, unknown>): boolean {
  if (!field.showIf) return true;
  const controller = form.fields.find((f) => f.id === field.showIf!.field);
  if (!controller || !isShown(form, controller, values)) return false;
  const value = Object.hasOwn(values, controller.id) ? values[controller.id] : undefined;
  const chosen = Array.isArray(value) ? value : [value];
  return chosen.some((v) => typeof v === 'string' && field.showIf!.equals.includes(v));
}

function normalise(field: FieldDefinition, value: unknown): unknown {
  if (typeof value === 'string') {
    const trimmed = field.type === 'textarea' ? value.replace(/^\s*\n|\s+$/g, '') : value.trim();
    if (trimmed === '') return undefined;
    if (field.type === 'number' && /^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
    return trimmed;
  }
  if (value === null) return undefined;
  if (field.type === 'checkbox' && (value === false || (Array.isArray(value) && value.length === 0))) return undefined;
  return value;
}

/**
 * Empties and hidden fields leave the payload before validation, so a field that
 * showIf hides is neither required nor kept (docs/contract.md: dropped, not refused).
 */
export function prune(form: FormDefinition, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const raw = input as Record<string, unknown>;
  const known = new Set(form.fields.map((f) => f.id));
  // Entries, not assignments: a key such as "__proto__" must stay a plain (unknown) key.
  const kept: [string, unknown][] = Object.entries(raw).filter(([key]) => !known.has(key));
  const normalised = new Map(form.fields.map((field) => [field.id, normalise(field, Object.hasOwn(raw, field.id) ? raw[field.id] : undefined)]));
  const values = Object.fromEntries(normalised);
  for (const field of form.fields) {
    const value = normalised.get(field.id);
    if (value !== undefined && isShown(form, field, values)) kept.push([field.id, value]);
  }
  return Object.fromEntries(kept);
}

export interface CompiledForm {
  readonly form: FormDefinition;
  /** The payload's shape, for OpenAPI (z.toJSONSchema), and what `validate` checks once pruned. */
  readonly body: z.ZodMiniObject;
}

/** Compiles a definition into the zod schema the component and the server both check with (see `validate`). */
export function compileForm(form: FormDefinition): CompiledForm {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const field of form.fields.filter(carriesData)) {
    const schema = fieldSchema(field);
    shape[field.id] = field.required && !field.showIf ? schema : z.optional(schema);
  }
  return { form, body: z.strictObject(shape) };
}

/**
 * The rules JSON Schema cannot say, checked beside the schema on the pruned
 * values rather than as zod refinements: a date's bounds (ISO dates compare
 * correctly as strings), a text field's single line (beside its own
 * pattern), and a field that showIf makes required — reported
 * even when other fields failed, so every missing field shows at once. The
 * issues are the ones refinements gave; the browser's bundle then carries no
 * custom schema or refinement (about 0.2 KB gzip).
 */
function ruleIssues(form: FormDefinition, values: unknown): z.core.$ZodIssue[] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return [];
  const record = values as Record<string, unknown>;
  const issues: z.core.$ZodIssue[] = [];
  const add = (field: FieldDefinition, params: Record<string, string>, message = '') =>
    issues.push({ code: 'custom', path: [field.id], params, input: undefined, message });
  for (const field of form.fields) {
    const value = record[field.id];
    const { min, max } = field;
    if (carriesData(field) && field.required && field.showIf && value === undefined && isShown(form, field, record)) add(field, { rule: REQUIRED }, REQUIRED);
    // A text field is one line: a CR or LF could start a new header or a forged line wherever the value is quoted.
    if (field.type === 'text' && typeof value === 'string' && /[\r\n]/.test(value)) add(field, { rule: 'oneLine' });
    if (field.type === 'date' && typeof value === 'string') {
      if (typeof min === 'string' && !(value >= min)) add(field, { rule: 'dateMin', min });
      if (typeof max === 'string' && !(value <= max)) add(field, { rule: 'dateMax', max });
    }
  }
  return issues;
}

/** Field id → messages in `lang`; a problem with the payload as a whole is under "". */
export type FieldErrors = Record<string, string[]>;

/** Renders zod issues in the requester's language, with the form's own pattern messages. */
export function fieldErrors(form: FormDefinition, issues: readonly z.core.$ZodIssue[], lang: Lang): FieldErrors {
  const t = validationMessages[lang];
  const errors = new Map<string, string[]>();
  const add = (key: string, message: string) => {
    const list = errors.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    errors.set(key, list);
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add(key, t.unknownField);
      continue;
    }
    const key = String(issue.path[0] ?? '');
    const field = form.fields.find((f) => f.id === key);
    add(key, describeIssue(issue, field, lang));
  }
  return Object.fromEntries(errors);
}

function describeIssue(issue: z.core.$ZodIssue, field: FieldDefinition | undefined, lang: Lang): string {
  const t = validationMessages[lang];
  const choices = field?.type === 'checkbox' && field.options !== undefined;
  if (issue.message === REQUIRED) return field?.type === 'checkbox' && !choices ? t.mustBeChecked : t.required;
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array') return t.tooFewChoices(min);
      return issue.origin === 'string' ? t.tooShort(min) : t.belowMin(min);
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'array') return t.tooManyChoices(max);
      return issue.origin === 'string' ? t.tooLong(max) : t.aboveMax(max);
    }
    case 'invalid_format':
      if (issue.format === 'email') return t.email;
      if (issue.format === 'date') return t.invalidDate;
      return field?.patternMessage?.[lang] ?? t.pattern;
    case 'invalid_type':
      if (field?.type === 'number') return issue.message === NOT_INTEGER ? t.notInteger : t.notANumber;
      if (field?.type === 'date') return t.invalidDate;
      if (field?.type === 'checkbox' && !choices) return t.mustBeChecked;
      return choices || field?.type === 'select' || field?.type === 'radio' ? t.invalidOption : t.invalid;
    case 'invalid_value':
      return field?.type === 'checkbox' && !choices ? t.mustBeChecked : t.invalidOption;
    case 'custom': {
      const params = issue.params as { rule?: string; min?: string; max?: string } | undefined;
      if (params?.rule === 'dateMin') return t.dateBefore(params.min!);
      if (params?.rule === 'dateMax') return t.dateAfter(params.max!);
      if (params?.rule === 'oneLine') return t.oneLine;
      return t.invalid;
    }
    default:
      return t.invalid;
  }
}

export type Validation = { ok: true; values: FormValues } | { ok: false; errors: FieldErrors };

/**
 * Prunes, then checks: the one validation both browser and server run; any
 * errors rendered in `lang`. Pruning is a plain call rather than a zod
 * transform piped into the body: the same result, and the browser's bundle
 * carries no pipe or transform schema (about 0.3 KB gzip).
 */
export function validate(compiled: CompiledForm, input: unknown, lang: Lang): Validation {
  const values = prune(compiled.form, input);
  const result = compiled.body.safeParse(values);
  const issues = [...(result.error?.issues ?? []), ...ruleIssues(compiled.form, values)];
  if (issues.length === 0) return { ok: true, values: result.data as FormValues };
  return { ok: false, errors: fieldErrors(compiled.form, issues, lang) };
}

