import { z } from 'zod';
import { type FieldErrors, validate } from '../../forms/compile.ts';
import type { Lang } from '../../forms/lang.ts';
import { validationMessages } from '../../forms/locales/index.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import { addressCheckMail } from '../mail/address-check.ts';
import { summarise } from '../mail/summary.ts';
import type { Store } from '../store/store.ts';
import type { Altcha } from './altcha.ts';
import { formatInstant } from './format.ts';
import type { createSubmissions, SubmissionResult } from './submission.ts';
import { hashToken, newAccessToken } from './tokens.ts';
import { everyLanguage } from '../words/index.ts';
import type { Pending } from '../wire/forms.ts';

export interface AnonymousDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  altcha: Altcha;
  submit: ReturnType<typeof createSubmissions>;
  publicUrl: string;
  timeZone: string;
  mailQueued(): void;
}

export interface AnonymousRequest {
  formId: string;
  data: unknown;
  lang: Lang;
  idempotencyKey: string;
  /** `requester` of the body: who to write to, since there is no identity. */
  requester: { email?: unknown; name?: unknown } | undefined;
  /** The ALTCHA widget's payload (`altcha` of the body). */
  altcha: unknown;
}

/** The submission waits for its address's confirmation: a mail with the link went to `email`. */
export interface PendingResult {
  outcome: 'pending';
  confirmation: Pending['confirmation'];
}

/** The confirmation link works this long; the idempotency record of the ticket it creates outlives it (24 h after). */
const confirmHours = 24;

/** Keys of `error.fields` for what is not a form field: dotted, so no field id (letters, digits, dashes) can clash. */
export const anonymousFieldKeys = { email: 'requester.email', name: 'requester.name', altcha: 'altcha' } as const;

const words = everyLanguage('anonymous');

const email = z.email().max(254);
// Control characters would end up in a mail header (To); a name is one line of text.
const name = z
  .string()
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f\u0085\u2028\u2029]*$/);

/**
 * Anonymous requesters (forms with `anonymous: true`, no identity): the
 * submission is checked like any other, then kept as pending and a mail asks
 * the address's owner to confirm; the confirmation creates the ticket through
 * the ordinary submission, so the ticket, its event and its mails are one
 * transaction as always, and a repeated confirmation returns the same ticket.
 */
export function createAnonymousSubmissions(deps: AnonymousDeps) {
  const { store, clock, catalogue } = deps;
  const domain = new URL(deps.publicUrl).hostname;

  function anonymousForm(formId: string) {
    const compiled = catalogue.form(formId);
    if (!compiled) throw new GuichetError('not_found');
    return compiled;
  }

  function confirmLink(statusPage: string, formId: string, token: string): string {
    return `${new URL(statusPage, deps.publicUrl + '/').href}#confirm=${token}&form=${encodeURIComponent(formId)}`;
  }

  return {
    /** Checks everything, uses the ALTCHA solution up, stores the submission as pending and mails the link. */
    async pend(request: AnonymousRequest): Promise<PendingResult> {
      const compiled = anonymousForm(request.formId);
      const { form } = compiled;
      if (!form.anonymous) throw new GuichetError('unauthenticated');
      const t = validationMessages[request.lang];

      const errors: FieldErrors = {};
      const address = email.safeParse(typeof request.requester?.email === 'string' ? request.requester.email.trim() : request.requester?.email);
      if (!address.success) errors[anonymousFieldKeys.email] = [request.requester?.email === undefined || request.requester.email === '' ? t.required : t.email];
      const rawName = typeof request.requester?.name === 'string' ? request.requester.name.trim() : request.requester?.name;
      const given = rawName === undefined || rawName === null || rawName === '' ? undefined : name.safeParse(rawName);
      if (given && !given.success) errors[anonymousFieldKeys.name] = [typeof rawName === 'string' && rawName.length > 200 ? words.nameTooLong[request.lang] : t.invalid];
      const validation = validate(compiled, request.data, request.lang);
      if (!validation.ok) Object.assign(errors, validation.errors);
      if (request.altcha === undefined || request.altcha === null || request.altcha === '') errors[anonymousFieldKeys.altcha] = [words.altchaMissing[request.lang]];
      if (Object.keys(errors).length > 0 || !validation.ok || !address.success) throw new GuichetError('validation', { fields: errors });

      const to = address.data.toLowerCase();
      const requesterName = given?.success ? given.data : undefined;
      const now = clock.now();
      // A retried or double-clicked submit sends one mail; the scope keeps one person's key from revealing another's pending request.
      const scope = `${form.id}:${to}:${request.idempotencyKey}`;
      const replay = (row: { email: string; expires_at: string }): PendingResult => ({ outcome: 'pending', confirmation: { email: row.email, expiresAt: row.expires_at } });
      const earlier = await store.findPendingSubmission({ scope }, now.toISOString());
      // The same key for other data is another request, not a retry (the pending row keeps the checked values).
      if (earlier && earlier.data !== JSON.stringify(validation.values)) throw new GuichetError('idempotency_mismatch');
      if (earlier) return replay(earlier);

      const outcome = await deps.altcha.verify(form.id, request.altcha);
      if (outcome !== 'verified') throw new GuichetError('validation', { fields: { [anonymousFieldKeys.altcha]: [words.altchaFailed[request.lang]] } });

      const token = newAccessToken();
      const at = now.toISOString();
      const expires = new Date(now.getTime() + confirmHours * 3_600_000);
      const queue = catalogue.queues.get(form.queue);
      try {
        const row = await store.transaction(async (tx) => {
          await tx.forgetExpiredPending(at);
          const pending = await tx.insertPendingSubmission({
            token_hash: hashToken(token),
            form_id: form.id,
            idempotency_scope: scope,
            email: to,
            name: requesterName ?? null,
            lang: request.lang,
            data: JSON.stringify(validation.values),
            created_at: at,
            expires_at: expires.toISOString(),
            confirmed_at: null,
          });
          await tx.enqueueMail(
            addressCheckMail(
              {
                formTitle: form.title[request.lang],
                queueName: queue?.name[request.lang] ?? form.queue,
                requesterName,
                email: to,
                confirmLink: confirmLink(form.statusPage, form.id, token),
                validUntil: formatInstant(expires, request.lang, deps.timeZone),
                summary: summarise(form, validation.values, request.lang),
              },
              request.lang,
              now,
              domain,
            ),
          );
          return pending;
        });
        deps.mailQueued();
        return replay(row);
      } catch (error) {
        // Two concurrent attempts with one key: the loser rolled back whole (its ALTCHA solution is spent); answer with the winner's.
        // Read in a transaction: it sees a winner committing at this very moment, and answers once that is durable.
        const winner = await store.transaction((tx) => tx.findPendingSubmission({ scope }, at));
        if (winner) return replay(winner);
        throw error;
      }
    },

    /**
     * The click on the confirmation page: creates the ticket (`created`, with its
     * access token, as a submission answers), or returns the same one again
     * (`replayed`) while the link is valid. A wrong or expired token: not_found.
     */
    async confirm(formId: string, token: string): Promise<SubmissionResult> {
      const { form } = anonymousForm(formId);
      const now = clock.now();
      const pending = form.anonymous ? await store.findPendingSubmission({ tokenHash: hashToken(token) }, now.toISOString()) : undefined;
      if (!pending || pending.form_id !== form.id) throw new GuichetError('not_found');
      const person: Person = {
        // Never equal to an SSO or OIDC id, so a signed-in person cannot read it as theirs by chance.
        id: `anonymous:${pending.email}`,
        name: pending.name ?? pending.email,
        email: pending.email,
        lang: pending.lang as Lang,
        affiliations: [],
        groups: [],
        agentOf: [],
        admin: false,
      };
      const result = await deps.submit({
        formId: form.id,
        person,
        data: JSON.parse(pending.data),
        lang: pending.lang as Lang,
        idempotencyKey: `confirmation:${pending.id}`,
        emailConfirmed: true,
      });
      if (!pending.confirmed_at) await store.markPendingConfirmed(pending.id, now.toISOString());
      return result;
    },
  };
}

export type AnonymousSubmissions = ReturnType<typeof createAnonymousSubmissions>;
