import { randomUUID } from 'node:crypto';
import { hostedPages } from '../../forms/definition.ts';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import { signTicketLink } from './link-tokens.ts';
import { summarise } from './summary.ts';
import type { NewOutboxRow, TicketRow } from '../store/schema.ts';
import { replyAddress } from './addresses.ts';
import { headerSafe, mailbox } from './escape.ts';
import { renderMail, type RenderedMail, type TemplateFacts, type TemplateKind, type TicketFacts } from './templates.ts';
import type { OutgoingMail } from './transport.ts';

export interface MailComposerDeps {
  catalogue: Catalogue;
  publicUrl: string;
  mailFrom: string;
  secret: string;
}

/** Links in later mails stay valid this long (beyond any reopen window). */
export const linkDays = 180;

/** The Message-ID of a ticket's first mail: every later mail references it, so clients thread them. */
export function rootMessageId(ticket: Pick<TicketRow, 'number' | 'id'>, domain: string): string {
  return `<${ticket.number}.submitted.${ticket.id}@${domain}>`;
}

/**
 * Turns a template and a ticket into an outbox row: threading headers, a
 * Reply-To naming the ticket, and the automatic-mail marker where it applies.
 */
export function createMailComposer(deps: MailComposerDeps) {
  const domain = new URL(deps.publicUrl).hostname;

  function statusLink(ticket: TicketRow, token: string): string {
    const form = deps.catalogue.form(ticket.form_id)?.form;
    return `${new URL(form?.statusPage ?? hostedPages.status, deps.publicUrl + '/').href}#ticket=${ticket.number}&token=${token}`;
  }

  function facts(ticket: TicketRow, lang: Lang, now: Date, accessToken?: string): TicketFacts {
    const compiled = deps.catalogue.form(ticket.form_id);
    const queue = deps.catalogue.queues.get(ticket.queue_id);
    const token = accessToken ?? signTicketLink(deps.secret, ticket.number, new Date(now.getTime() + linkDays * 86_400_000));
    return {
      number: ticket.number,
      formTitle: compiled?.form.title[lang] ?? ticket.form_id,
      requesterName: ticket.requester_name,
      queueName: queue?.name[lang] ?? ticket.queue_id,
      statusLink: statusLink(ticket, token),
      summary: compiled ? summarise(compiled.form, JSON.parse(ticket.data), lang) : [],
    };
  }

  /** The department's reopen page, with a signed token valid until the window closes. */
  function reopenLink(ticket: TicketRow, until: Date): string {
    const form = deps.catalogue.form(ticket.form_id)?.form;
    const token = signTicketLink(deps.secret, ticket.number, until);
    return `${new URL(form?.reopenPage ?? hostedPages.reopen, deps.publicUrl + '/').href}#ticket=${ticket.number}&token=${token}`;
  }

  return {
    facts,
    reopenLink,

    /** A mail to the requester, in the ticket's language. */
    toRequester<K extends TemplateKind>(kind: K, ticket: TicketRow, extra: Omit<TemplateFacts[K], keyof TicketFacts>, now: Date, options: { accessToken?: string; automatic?: boolean } = {}): NewOutboxRow {
      const lang = ticket.lang as Lang;
      const all = { ...facts(ticket, lang, now, options.accessToken), ...extra } as TemplateFacts[K];
      const mail = renderMail(kind, lang, all);
      const root = rootMessageId(ticket, domain);
      return outboxRow(ticket, kind, kind === 'confirmation' ? root : `<${ticket.number}.${kind}.${randomUUID()}@${domain}>`, {
        to: mailbox(ticket.requester_name, ticket.requester_email),
        replyTo: replyAddress(deps.mailFrom, deps.secret, ticket.number),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: {
          ...(kind === 'confirmation' ? {} : { 'In-Reply-To': root, References: root }),
          // Machine-made mail says so (RFC 3834), so out-of-office robots do not answer it.
          ...(options.automatic !== false ? { 'Auto-Submitted': 'auto-generated' } : {}),
        },
        now,
      });
    },

    /** A notification to the queue's address, in the service's language. */
    toQueue<K extends TemplateKind>(kind: K, ticket: TicketRow, extra: Omit<TemplateFacts[K], keyof TicketFacts>, now: Date, lang: Lang): NewOutboxRow | undefined {
      const queue = deps.catalogue.queues.get(ticket.queue_id);
      if (!queue) return undefined;
      const mail = renderMail(kind, lang, { ...facts(ticket, lang, now), ...extra } as TemplateFacts[K]);
      const root = rootMessageId(ticket, domain);
      return outboxRow(ticket, kind, `<${ticket.number}.${kind}.${randomUUID()}@${domain}>`, {
        to: queue.address,
        replyTo: undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: { 'In-Reply-To': root, References: root, 'Auto-Submitted': 'auto-generated' },
        // Marked automatic for the staff's mail clients, but outside the loop protection's daily cap: a busy queue
        // gets hundreds a day, and no mail Guichet sends answers one from a queue's address, so none can loop.
        capped: false,
        now,
      });
    },

    /**
     * A mail about a ticket rendered elsewhere (the approval mails), threaded with the ticket's others and marked
     * automatic: to the requester (replies reach the ticket), to the queue, or to an approver (replies reach the queue).
     */
    aboutTicket(kind: string, ticket: TicketRow, to: 'requester' | 'queue' | { address: string; name: string | null }, mail: RenderedMail, now: Date): NewOutboxRow | undefined {
      const queue = deps.catalogue.queues.get(ticket.queue_id);
      const root = rootMessageId(ticket, domain);
      const headers = { 'In-Reply-To': root, References: root, 'Auto-Submitted': 'auto-generated' };
      const messageId = `<${ticket.number}.${kind}.${randomUUID()}@${domain}>`;
      if (to === 'requester') {
        return outboxRow(ticket, kind, messageId, { to: mailbox(ticket.requester_name, ticket.requester_email), replyTo: replyAddress(deps.mailFrom, deps.secret, ticket.number), ...mail, headers, now });
      }
      if (to === 'queue') return queue && outboxRow(ticket, kind, messageId, { to: queue.address, replyTo: undefined, ...mail, headers, capped: false, now });
      return outboxRow(ticket, kind, messageId, { to: to.name ? mailbox(to.name, to.address) : to.address, replyTo: queue?.address, ...mail, headers, now });
    },

    /** A mail to a queue's address about no single ticket; `key` makes its Message-ID, the same for a retry of the same mail. */
    toQueueAddress(queueId: string, kind: string, key: string, mail: RenderedMail, now: Date): NewOutboxRow | undefined {
      const queue = deps.catalogue.queues.get(queueId);
      if (!queue) return undefined;
      return outboxRow(null, kind, `<${queueId}.${kind}.${key}@${domain}>`, { to: queue.address, replyTo: undefined, ...mail, headers: { 'Auto-Submitted': 'auto-generated' }, capped: false, now });
    },
  };
}

export type MailComposer = ReturnType<typeof createMailComposer>;

/**
 * An outbox row, ready for delivery: headers made safe, the automatic-mail
 * flag the loop protection counts, and the ticket named when there is one.
 */
export function outboxRow(
  ticket: Pick<TicketRow, 'id' | 'number'> | null,
  kind: string,
  messageId: string,
  mail: Pick<OutgoingMail, 'to' | 'replyTo' | 'subject' | 'text' | 'html' | 'headers'> & {
    /** Whether the loop protection's daily cap counts it; by default, when it is marked automatic. */
    capped?: boolean;
    now: Date;
  },
): NewOutboxRow {
  const at = mail.now.toISOString();
  return {
    ticket_id: ticket?.id ?? null,
    kind,
    message_id: messageId,
    to_address: headerSafe(mail.to),
    reply_to: mail.replyTo ? headerSafe(mail.replyTo) : null,
    subject: headerSafe(mail.subject),
    text: mail.text,
    html: mail.html,
    headers: JSON.stringify(ticket ? { ...mail.headers, 'X-Guichet-Ticket': ticket.number } : mail.headers),
    automatic: (mail.capped ?? 'Auto-Submitted' in mail.headers) ? 1 : 0,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    created_at: at,
    sent_at: null,
  };
}
