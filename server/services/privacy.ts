import { randomBytes } from 'node:crypto';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Logger } from 'pino';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { escapeHtml } from '../mail/escape.ts';
import type { AttachmentStore } from '../store/attachment-files.ts';
import type { AnonymisedTicket, RetentionScope } from '../store/privacy.ts';
import { reportEventTypes } from '../store/reports.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { personalRateLimitKeys } from './rate-limits.ts';

/**
 * Who asked for an export, an erasure or a retention run, as the audit keeps it:
 * `cli`, `schedule`, `admin-token`, `agent:<id>` (an admin signed in), or
 * `requester` (one's own export). Never the person the action is about.
 */
export type PrivacyActor = 'cli' | 'schedule' | 'admin-token' | 'requester' | `agent:${string}`;

/** A person as an operator names them: a stable id, or an address. */
export interface PersonRef {
  id?: string;
  email?: string;
}

export interface PrivacyDeps {
  store: Store;
  attachments: AttachmentStore;
  clock: Clock;
  catalogue: Catalogue;
  logger: Logger;
  /** Other copies of sent mails outside the database (the dev outbox's files), removed with the mails. */
  mailCopies?: { forget(messageIds: readonly string[]): void };
}

export interface RetentionResult {
  dryRun: boolean;
  /** What was (or would be) anonymised: nothing personal, only what the figures keep too. */
  anonymised: { number: string; form: string; queue: string; closedAt: string }[];
}

/** Event types whose data stays: what the figures read (auto_closed reasons, state changes, thanks, ratings) and staff-only facts (moves, locks). */
const keptEventData = [...reportEventTypes, 'moved', 'locked', 'lock_taken_over', 'mail_accepted'];

/** Answers that are a pick among the form's own options: not personal, kept. Every other answer (texts, numbers, dates, files) goes. */
const closedChoices = new Set(['select', 'radio', 'checkbox']);

/** What the privacy records say was done. */
export const privacyActions = ['export', 'erasure', 'retention'] as const;
export type PrivacyAction = (typeof privacyActions)[number];
const isPrivacyAction = (action: string): action is PrivacyAction => privacyActions.some((a) => a === action);

/** Tickets anonymised per transaction, and at most this many tickets listed or exported per person. */
const batchSize = 200;
const personLimit = 2000;
/** A dry run lists at most this many per rule. */
const dryRunLimit = 10_000;

/** `now` minus `months` calendar months (UTC). */
function monthsBefore(now: Date, months: number): Date {
  const back = new Date(now);
  back.setUTCMonth(back.getUTCMonth() - months);
  return back;
}

/** An operator's argument: an address when it holds an @, else a stable id. */
export function personRef(given: string): PersonRef {
  const value = given.trim();
  return value.includes('@') ? { email: value.toLowerCase() } : { id: value };
}

/**
 * Personal data kept only as long as needed (docs/operations.md, "Personal
 * data"): the retention job, a person's export and erasure. Anonymising a
 * request removes its requester (name, address, id, affiliations), its free
 * answers, every message body, its files, its mails and every other copy
 * (idempotency records, rate-limit windows, the search index, the queue's
 * daily lists); it keeps the form, the queue, the states and their times, the
 * ratings and the kinds of events, so the service figures do not change.
 */
export function createPrivacy(deps: PrivacyDeps) {
  const { store, attachments, clock, catalogue, logger } = deps;

  function keptAnswers(ticket: TicketRow): string {
    const form = catalogue.form(ticket.form_id)?.form;
    if (!form) return '{}';
    const answers = JSON.parse(ticket.data) as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const field of form.fields) if (closedChoices.has(field.type) && field.id in answers) kept[field.id] = answers[field.id];
    return JSON.stringify(kept);
  }

  /** Rewrites a queue's mails about several tickets (the daily list) without the names and addresses of `tickets`; returns their message ids. */
  async function scrubQueueMails(tx: Store, tickets: readonly TicketRow[]): Promise<string[]> {
    const rewritten: string[] = [];
    const values = [...new Set(tickets.flatMap((t) => [t.requester_name, t.requester_email]).filter((v) => v.length >= 3))];
    for (const value of values) {
      for (const mail of await tx.mailsWithoutTicketHolding(value)) {
        const out = (text: string) => text.replaceAll(value, '—');
        await tx.rewriteMail(mail.id, { subject: out(mail.subject), text: out(mail.text), html: out(mail.html).replaceAll(escapeHtml(value), '—') });
        rewritten.push(mail.message_id);
      }
    }
    return rewritten;
  }

  /**
   * Anonymises `tickets` now; one still open is closed (its requester is gone,
   * nobody can be answered). Returns those it anonymised: another process's
   * run may have taken some meanwhile.
   */
  async function anonymise(tickets: readonly TicketRow[]): Promise<TicketRow[]> {
    const done: TicketRow[] = [];
    for (let i = 0; i < tickets.length; i += batchSize) {
      const candidates = tickets.slice(i, i + batchSize);
      const at = clock.now().toISOString();
      const rows: AnonymisedTicket[] = candidates.map((t) => ({
        id: t.id,
        requester_id: '',
        requester_email: '',
        requester_name: '',
        requester_affiliations: '[]',
        data: keptAnswers(t),
        // No link token opens it any more.
        access_token_hash: randomBytes(32).toString('hex'),
        anonymised_at: at,
        ...(t.state === 'closed' ? {} : { state: 'closed', closed_at: at, close_reason: 'erased', updated_at: at, auto_close_at: null, pending_until: null }),
      }));
      const { removed, part } = await store.transaction(async (tx) => {
        const copies = await tx.anonymiseTickets(rows, keptEventData);
        const taken = new Set(copies.ids);
        const part = candidates.filter((t) => taken.has(t.id));
        await tx.appendEvents(part.map((t) => ({ ticket_id: t.id, at, type: 'anonymised', author_kind: 'system', author_id: null, author_name: null, public: 0, body: null, data: null })));
        const { keys, prefixes } = personalRateLimitKeys([...new Set(part.map((t) => t.requester_id))], part.map((t) => t.number));
        await tx.forgetRateLimitKeys(keys, prefixes);
        for (const email of new Set(part.map((t) => t.requester_email))) await tx.forgetPendingSubmissionsOf(email);
        // The dev outbox's copy of a rewritten list goes: it is a copy, the rewritten row stays.
        copies.messageIds.push(...(await scrubQueueMails(tx, part)));
        return { removed: copies, part };
      });
      done.push(...part);
      // After the commit: a rollback must not have lost the files of tickets that stay as they were.
      for (const key of removed.storageKeys) await attachments.remove(key);
      deps.mailCopies?.forget(removed.messageIds);
    }
    if (done.length > 0) await store.compactAfterErasure();
    return done;
  }

  /** The retention rules of the catalogue: each form's own, then each queue's for its forms without one. */
  function retentionRules(): { scope: RetentionScope; months: number }[] {
    const ownRule = [...catalogue.forms.values()].filter((f) => f.form.retention);
    const rules: { scope: RetentionScope; months: number }[] = ownRule.map((f) => ({ scope: { formId: f.form.id }, months: f.form.retention!.anonymiseAfterClosedMonths }));
    for (const queue of catalogue.queues.values()) {
      if (queue.retention) rules.push({ scope: { queueId: queue.id, exceptForms: ownRule.map((f) => f.form.id) }, months: queue.retention.anonymiseAfterClosedMonths });
    }
    return rules;
  }

  async function record(action: PrivacyAction, actor: PrivacyActor, requests: number): Promise<void> {
    await store.recordPrivacyAction({ at: clock.now().toISOString(), action, actor, requests });
    logger.info({ action, actor, requests }, 'personal data: action recorded');
  }

  return {
    /** Anonymises (or, dry, lists) the closed requests whose retention is over. */
    async retention({ dryRun = false, actor }: { dryRun?: boolean; actor: PrivacyActor }): Promise<RetentionResult> {
      const now = clock.now();
      const anonymised: RetentionResult['anonymised'] = [];
      const listed = (t: TicketRow) => ({ number: t.number, form: t.form_id, queue: t.queue_id, closedAt: t.closed_at! });
      for (const { scope, months } of retentionRules()) {
        const before = monthsBefore(now, months).toISOString();
        if (dryRun) {
          anonymised.push(...(await store.dueForAnonymisation(scope, before, dryRunLimit)).map(listed));
          continue;
        }
        for (;;) {
          const due = await store.dueForAnonymisation(scope, before, batchSize);
          if (due.length === 0) break;
          anonymised.push(...(await anonymise(due)).map(listed));
          if (due.length < batchSize) break;
        }
      }
      if (!dryRun) await record('retention', actor, anonymised.length);
      return { dryRun, anonymised };
    },

    /**
     * Everything stored about one person, as a zip: `requests.json` (each
     * request with its answers, events and the mails sent to them) and each
     * attachment under `attachments/<number>/`. `own`: the requester's own
     * download, with the public timeline only (agents' notes are the
     * service's working papers); an operator's export has every event.
     */
    async exportPerson(person: PersonRef, { actor, own = false }: { actor: PrivacyActor; own?: boolean }): Promise<{ zip: Uint8Array; requests: number }> {
      const tickets = await store.ticketsOfPerson(person, personLimit);
      const files: Zippable = {};
      const requests = [];
      for (const ticket of tickets) {
        const events = await store.eventsOf(ticket.id, { publicOnly: own });
        const mails = (await store.mailsOf(ticket.id)).filter((m) => m.status === 'sent' && m.to_address.includes(ticket.requester_email) && ticket.requester_email !== '');
        const stored = await store.attachmentsOf(ticket.id);
        const listed = [];
        for (const attachment of stored) {
          const path = `attachments/${ticket.number}/${attachment.position + 1}-${attachment.name}`;
          const bytes = await attachments.get(attachment.storage_key);
          if (bytes) files[path] = [bytes, { level: 0 }];
          listed.push({ field: attachment.field_id, name: attachment.name, type: attachment.type, size: attachment.size, file: bytes ? path : null });
        }
        requests.push({
          number: ticket.number,
          form: ticket.form_id,
          queue: ticket.queue_id,
          state: ticket.state,
          lang: ticket.lang,
          createdAt: ticket.created_at,
          closedAt: ticket.closed_at,
          anonymisedAt: ticket.anonymised_at,
          requester: { id: ticket.requester_id, email: ticket.requester_email, name: ticket.requester_name, affiliations: JSON.parse(ticket.requester_affiliations) as unknown },
          answers: JSON.parse(ticket.data) as unknown,
          events: events.map((e) => ({ at: e.at, type: e.type, author: { kind: e.author_kind, name: e.author_name }, public: e.public === 1, body: e.body, data: e.data === null ? null : (JSON.parse(e.data) as unknown) })),
          mails: mails.map((m) => ({ sentAt: m.sent_at, to: m.to_address, subject: m.subject, text: m.text })),
          attachments: listed,
        });
      }
      files['requests.json'] = strToU8(JSON.stringify({ exportedAt: clock.now().toISOString(), person, requests }, null, 2));
      await record('export', actor, tickets.length);
      return { zip: zipSync(files, { level: 6 }), requests: tickets.length };
    },

    /** The audit, most recent first. */
    async records(limit: number): Promise<{ at: string; action: PrivacyAction; actor: string; requests: number }[]> {
      // Only `record` writes the table, so every row names one of its actions.
      return (await store.privacyRecords(limit)).flatMap((r) => (isPrivacyAction(r.action) ? [{ at: r.at, action: r.action, actor: r.actor, requests: r.requests }] : []));
    },

    /** Anonymises every request of one person now, open ones included (they close). */
    async erasePerson(person: PersonRef, { actor }: { actor: PrivacyActor }): Promise<{ erased: number }> {
      const tickets = await anonymise((await store.ticketsOfPerson(person, personLimit)).filter((t) => t.anonymised_at === null));
      if (person.email) await store.forgetPendingSubmissionsOf(person.email);
      if (person.id) await store.forgetRateLimitKeys(personalRateLimitKeys([person.id], []).keys, []);
      await record('erasure', actor, tickets.length);
      return { erased: tickets.length };
    },
  };
}

export type Privacy = ReturnType<typeof createPrivacy>;
