import * as z from 'zod/mini';
import { fileKindNames, largestMaxSize } from './file-kinds.ts';
import { languages, type Localized } from './lang.ts';

const localized = z.object({ fr: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)), de: z.string().check(z.minLength(1)) });

const id = z.string().check(z.regex(/^[a-z][a-zA-Z0-9-]*$/, 'must start with a lower-case letter and hold only letters, digits and dashes'));

const option = z.object({
  value: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes')),
  label: localized,
  /** Catalogue details the workflow mails may quote (download location, install help). */
  details: z.optional(z.record(z.string(), z.string())),
});

const bound = z.union([z.number(), z.iso.date()]);

export const fieldTypes = ['text', 'textarea', 'email', 'number', 'date', 'select', 'radio', 'checkbox', 'file'] as const;

const field = z.object({
  id,
  type: z.enum(fieldTypes),
  label: localized,
  help: z.optional(localized),
  required: z._default(z.boolean(), false),
  /** Length for texts, value for numbers, ISO date for dates, count for multi-choice checkboxes. */
  min: z.optional(bound),
  max: z.optional(bound),
  integer: z.optional(z.boolean()),
  pattern: z.optional(z.string()),
  patternMessage: z.optional(localized),
  placeholder: z.optional(z.string()),
  autocomplete: z.optional(z.string()),
  options: z.optional(z.array(option).check(z.minLength(1))),
  showIf: z.optional(z.object({ field: z.string(), equals: z.array(z.string()).check(z.minLength(1)) })),
  /** File fields: the kinds accepted, recognised from the content (forms/file-kinds.ts). */
  accept: z.optional(z.array(z.enum(fileKindNames)).check(z.minLength(1))),
  /** File fields: how many files (1–10, default 1). */
  maxFiles: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(10))),
  /** File fields: the largest file in bytes (default 10 MB, at most 25 MB). */
  maxSize: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(largestMaxSize))),
});

/**
 * Who may submit. Every rule that is set must agree; an empty list sets no rule.
 * Checked by server/identity/eligibility.ts, in the order below: a denied
 * affiliation wins over an allowed one.
 */
const eligibility = z.object({
  /** Affiliations never allowed, whatever else the person has (eduPersonAffiliation values). */
  deniedAffiliations: z._default(z.array(z.string()), []),
  /** Affiliations allowed to submit (eduPersonAffiliation values); empty means any identified person. */
  affiliations: z.array(z.string()),
  /** Email domains allowed: `example.edu` is that domain only, `*.example.edu` any of its subdomains. */
  emailDomains: z._default(z.array(z.string().check(z.regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a lower-case domain such as example.edu or *.example.edu'))), []),
  /** Directory groups (LDAP group names); the person must be in at least one. */
  groups: z._default(z.array(z.string().check(z.minLength(1))), []),
  /**
   * Who a refused person should turn to, named in every refusal: `name` is written to follow
   * "contactez …" / "contact …" / "wenden Sie sich an …" (e.g. "le Support informatique",
   * "the IT helpdesk", "den IT-Support"); an address and a link may follow it.
   */
  contact: z.optional(z.object({ name: localized, email: z.optional(z.email()), url: z.optional(z.url({ protocol: /^https?$/ })) })),
});

/**
 * Who decides an approval step: the queue's agents (`queue: true`), the person whose
 * address the requester typed in an email field (`field`), or the person a directory
 * attribute of the requester names (`directory`, e.g. LDAP `manager`: an address,
 * a directory id or a DN whose first value is the id).
 */
const approver = z.union([
  z.object({ queue: z.literal(true) }),
  z.object({ field: z.string().check(z.minLength(1)) }),
  z.object({ directory: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'must be a directory attribute name such as manager')) }),
]);

const approvalStep = z.object({
  id,
  approver,
  /** Who approves, as "awaiting …" names them: "le ou la responsable du budget", "the budget holder", "die budgetverantwortliche Person". Queue steps default to the queue's name. */
  name: z.optional(localized),
  /** What an approver outside the queue confirms by approving, shown above the buttons of the approval page. */
  confirms: z.optional(localized),
  /** Queue steps: the fields the approving agent must confirm explicitly (docs/api.md, the `approve` body). */
  confirm: z._default(z.array(z.string()), []),
});

const workflow = z.object({
  /** Before approval steps existed: one step, the queue's agents confirming these fields. Kept valid; `steps` says more. */
  approval: z.optional(
    z.object({
      /** Fields the approving agent must confirm explicitly (docs/api.md, the `approve` body). */
      confirm: z.array(z.string()),
    }),
  ),
  /** The approval steps, in order; after the last one the approval mail leaves and the ticket closes at `closeAt`. */
  steps: z.optional(z.array(approvalStep).check(z.minLength(1), z.maxLength(10))),
  /** An approver outside the queue who has not answered is reminded after `afterDays` days, at most `atMost` times; then the queue is told the step is stuck. */
  reminders: z._default(
    z.object({ afterDays: z.number().check(z.int(), z.minimum(1), z.maximum(60)), atMost: z.number().check(z.int(), z.minimum(0), z.maximum(10)) }),
    { afterDays: 3, atMost: 2 },
  ),
  /** How many days an approval link stays valid (a reminder sends one valid as long again). */
  linkDays: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(90)), 14),
  /** After approval the ticket closes at the next occurrence of this wall-clock time. */
  closeAt: z.object({ time: z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')), timeZone: z.string() }),
});

/**
 * The status and reopen pages Guichet serves itself (server/routes/hosted-pages.ts),
 * in production and in dev: where mails link when a form names no page of its own.
 */
/**
 * How long a request's personal data is kept once it is closed: after
 * `anonymiseAfterClosedMonths` the retention job (server/services/privacy.ts)
 * removes the requester, the answers, messages and files, and keeps what the
 * service figures count (form, queue, states and their times, ratings).
 */
const retention = z.object({ anonymiseAfterClosedMonths: z.number().check(z.int(), z.minimum(1), z.maximum(1200)) });

export const hostedPages = { status: '/pages/status', reopen: '/pages/reopen' } as const;

export const formDefinitionSchema = z.object({
  id,
  version: z.number().check(z.int(), z.minimum(1)),
  title: localized,
  description: localized,
  queue: id,
  eligibility,
  workflow: z.optional(workflow),
  /** The department page showing a ticket's status; the magic link adds `#ticket=…&token=…`. Relative to the API's public URL unless absolute. Unset: Guichet's own hosted page. */
  statusPage: z._default(z.string(), hostedPages.status),
  /** The department page where a closure mail's link lets the requester reopen or say thanks. Unset: Guichet's own hosted page. */
  reopenPage: z._default(z.string(), hostedPages.reopen),
  /** Department sites allowed to embed the form (CORS): origins exactly as browsers send them, e.g. `https://it.example.edu`. */
  origins: z._default(
    z.array(
      // A path or a trailing slash would never equal a browser's Origin header: the site would be refused in silence.
      z.string().check(z.regex(/^https?:\/\/(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/, 'must be an origin as browsers send it: scheme://host[:port], lower case, no path and no trailing slash')),
    ),
    [],
  ),
  /**
   * Open to requesters without an identity: they prove they are no robot
   * (ALTCHA) and own their email address (a confirmation link) before the
   * ticket exists. Signed-in people still submit directly, eligibility applied.
   */
  anonymous: z._default(z.boolean(), false),
  /** This form's own retention; unset: its queue's. */
  retention: z.optional(retention),
  fields: z.array(field).check(z.minLength(1)),
});

export const queueDefinitionSchema = z.object({
  id,
  name: localized,
  address: z.email(),
  idleDays: z._default(z.number().check(z.int(), z.minimum(1)), 6),
  /**
   * A request idle past `idleDays` that no agent ever answered: `close` (the default, the founding rule: work
   * is often done by phone or at the desk) closes it, marks it, and names it in the queue's daily list;
   * `keepOpen` leaves it open, flagged overdue, first in the inbox.
   */
  unanswered: z._default(z.enum(['close', 'keepOpen']), 'close'),
  /** How long after closing a reply still reopens the ticket; later it starts a linked new one. */
  reopenDays: z._default(z.number().check(z.int(), z.minimum(0)), 30),
  /** Answers the queue's agents often send: picked in the workspace, then edited before it goes out. */
  cannedAnswers: z._default(z.array(z.object({ id, title: localized, body: localized })), []),
  /** The retention of its forms that set none; unset: their requests are kept until erased by hand. */
  retention: z.optional(retention),
});

export type FormDefinition = z.output<typeof formDefinitionSchema>;
export type FieldDefinition = FormDefinition['fields'][number];
export type FieldOption = NonNullable<FieldDefinition['options']>[number];
export type QueueDefinition = z.output<typeof queueDefinitionSchema>;
export type Workflow = NonNullable<FormDefinition['workflow']>;
export type ApprovalStepDefinition = z.output<typeof approvalStep>;

/** The steps of a workflow in order; a definition written before steps existed has one, the queue's. */
export function approvalSteps(workflow: Workflow): ApprovalStepDefinition[] {
  return workflow.steps ?? [{ id: 'queue', approver: { queue: true }, confirm: workflow.approval?.confirm ?? [] }];
}

/** Whether a step is decided outside the queue, through a mailed link. */
export function decidedOutside(step: ApprovalStepDefinition): boolean {
  return !('queue' in step.approver);
}
export type { Localized };

/** A definition that cannot be used: the message names the form, the field and the problem. */
export class DefinitionError extends Error {
  override name = 'DefinitionError';
}

function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = raw;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(node)) {
      const item = node[key] as { id?: unknown } | undefined;
      parts.push(typeof item?.id === 'string' ? `"${item.id}"` : `#${key + 1}`);
    } else {
      parts.push(String(key));
    }
    node = node == null ? undefined : (node as Record<PropertyKey, unknown>)[key];
  }
  return parts.join(' › ');
}

/** Validates a form definition (plain data from JSON) or throws a DefinitionError. */
export function parseFormDefinition(raw: unknown, source: string): FormDefinition {
  const name = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : source;
  const parsed = formDefinitionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${describePath(raw, issue.path)}: ${issue.message}`);
    throw new DefinitionError(`Form "${name}" (${source}) is invalid:\n  ${problems.join('\n  ')}`);
  }
  const form = parsed.data;
  const problems = form.fields.flatMap((f, index) => fieldProblems(form, f, index).map((p) => `field "${f.id}": ${p}`));
  problems.push(...workflowProblems(form));
  const both = form.eligibility.affiliations.filter((a) => form.eligibility.deniedAffiliations.includes(a));
  if (both.length > 0) problems.push(`eligibility: ${both.join(', ')} both allowed and denied`);
  if (problems.length > 0) throw new DefinitionError(`Form "${name}" (${source}) is invalid:\n  ${problems.join('\n  ')}`);
  return form;
}

function workflowProblems(form: FormDefinition): string[] {
  const workflow = form.workflow;
  if (!workflow) return [];
  const problems: string[] = [];
  if (workflow.approval && workflow.steps) problems.push('workflow: give either approval (one queue step) or steps, not both');
  if (!workflow.approval && !workflow.steps) problems.push('workflow: needs steps (or approval)');
  const steps = approvalSteps(workflow);
  steps.forEach((step, index) => {
    const where = `workflow: step "${step.id}"`;
    if (steps.findIndex((other) => other.id === step.id) !== index) problems.push(`${where}: the id is used twice`);
    for (const confirm of step.confirm) {
      if (!form.fields.some((f) => f.id === confirm)) problems.push(`${where} confirms "${confirm}", which is not a field`);
    }
    if ('field' in step.approver) {
      const named = form.fields.find((f) => f.id === (step.approver as { field: string }).field);
      if (!named) problems.push(`${where}: the approver's field "${step.approver.field}" is not a field`);
      else if (named.type !== 'email' || !named.required || named.showIf) problems.push(`${where}: the approver's field "${step.approver.field}" must be a required email field shown to everyone`);
    }
    if (decidedOutside(step)) {
      if (!step.name) problems.push(`${where}: an approver outside the queue needs a name (who they are, in fr, en and de)`);
      if (step.confirm.length > 0) problems.push(`${where}: only a queue step confirms fields; say what an outside approver confirms in confirms`);
    }
  });
  return problems;
}

function fieldProblems(form: FormDefinition, f: FieldDefinition, index: number): string[] {
  const problems: string[] = [];
  if (form.fields.findIndex((other) => other.id === f.id) !== index) problems.push('the id is used twice');
  const choice = f.type === 'select' || f.type === 'radio';
  if (choice && !f.options) problems.push(`a ${f.type} needs options`);
  if (!choice && f.type !== 'checkbox' && f.options) problems.push(`a ${f.type} takes no options`);
  if (f.type === 'file' && !f.accept) problems.push('a file field needs accept: the kinds of file it takes');
  if (f.type !== 'file' && (f.accept || f.maxFiles !== undefined || f.maxSize !== undefined)) problems.push(`a ${f.type} takes no accept, maxFiles or maxSize`);
  if (f.type === 'file' && (f.min !== undefined || f.max !== undefined)) problems.push('a file field is limited by maxFiles and maxSize, not min and max');
  if (f.pattern !== undefined) {
    if (f.type !== 'text') problems.push('only a text field takes a pattern');
    try {
      new RegExp(f.pattern);
    } catch {
      problems.push(`the pattern ${f.pattern} is not a regular expression`);
    }
    if (!f.patternMessage) problems.push('a pattern needs a patternMessage saying the expected format in fr, en and de');
  }
  const dateBound = (b: unknown) => typeof b === 'string';
  if (f.type === 'date' ? [f.min, f.max].some((b) => b !== undefined && !dateBound(b)) : [f.min, f.max].some(dateBound)) {
    problems.push(f.type === 'date' ? 'min and max of a date are ISO dates' : 'min and max are numbers');
  }
  if (f.min !== undefined && f.max !== undefined && f.min > f.max) problems.push('min is greater than max');
  if (f.showIf) {
    const controller = form.fields.findIndex((other) => other.id === f.showIf!.field);
    if (controller < 0) problems.push(`showIf names "${f.showIf.field}", which is not a field`);
    else if (controller >= index) problems.push(`showIf names "${f.showIf.field}", which must come before this field`);
    else {
      const values = form.fields[controller]!.options?.map((o) => o.value);
      const unknown = values ? f.showIf.equals.filter((v) => !values.includes(v)) : [];
      if (unknown.length > 0) problems.push(`showIf expects ${unknown.join(', ')}, not an option of "${f.showIf.field}"`);
    }
  }
  for (const lang of languages) if (f.help && !f.help[lang]) problems.push(`help has no ${lang} text`);
  return problems;
}
