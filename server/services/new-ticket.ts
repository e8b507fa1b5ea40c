import type { Lang } from '../../forms/lang.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store, TicketDraft } from '../store/store.ts';
import { formatSize } from './attachments.ts';
import { hashToken, newAccessToken } from './tokens.ts';

export interface TicketOpening {
  formId: string;
  formVersion: number;
  queueId: string;
  requester: { id: string; email: string; name: string; affiliations: readonly string[] };
  lang: string;
  data: unknown;
  /** The closed ticket a late reply continues. */
  linkedTo?: Pick<TicketRow, 'id' | 'number'>;
  /** Files sent with the submission: the queue's mail lists them. */
  attachments?: readonly { name: string; size: number }[];
}

/**
 * Drafts a ticket for Store.createTicket: its number (YYYY-NNNNNN, unique
 * across processes), its access token (only the hash is stored), the
 * `submitted` event, the requester's confirmation with the magic link, and the
 * queue's notification. `more` adds what the caller writes with it (a
 * submission's attachments and idempotency record). Form submissions and late
 * replies both start here.
 */
export function draftTicket(
  opening: TicketOpening,
  now: Date,
  mail: { mails: MailComposer; serviceLang: Lang },
  more: (ticket: TicketRow, accessToken: string) => Pick<ReturnType<TicketDraft['rest']>, 'attachments' | 'idempotency'> = () => ({ attachments: [] }),
): TicketDraft & { accessToken: string } {
  const at = now.toISOString();
  const year = now.getUTCFullYear();
  const accessToken = newAccessToken();
  const { requester } = opening;
  return {
    year,
    accessToken,
    row: (counter) => ({
      number: `${year}-${String(counter).padStart(6, '0')}`,
      form_id: opening.formId,
      form_version: opening.formVersion,
      queue_id: opening.queueId,
      state: 'new',
      requester_id: requester.id,
      requester_email: requester.email,
      requester_name: requester.name,
      requester_affiliations: JSON.stringify(requester.affiliations),
      lang: opening.lang,
      data: JSON.stringify(opening.data),
      access_token_hash: hashToken(accessToken),
      created_at: at,
      updated_at: at,
      last_activity_at: at,
      pending_until: null,
      auto_close_at: null,
      closed_at: null,
      close_reason: null,
      ...(opening.linkedTo ? { linked_ticket_id: opening.linkedTo.id } : {}),
    }),
    rest: (ticket) => {
      const confirmation = mail.mails.toRequester('confirmation', ticket, {}, now, { accessToken });
      const notification = mail.mails.toQueue('queue_new_ticket', ticket, { requesterEmail: requester.email, attachments: (opening.attachments ?? []).map((a) => [a.name, formatSize(a.size)] as const) }, now, mail.serviceLang);
      return {
        event: {
          ticket_id: ticket.id,
          at,
          type: 'submitted',
          author_kind: 'requester',
          author_id: requester.id,
          author_name: requester.name,
          public: 1,
          body: null,
          data: opening.linkedTo ? JSON.stringify({ linkedTo: opening.linkedTo.number }) : null,
        },
        mails: notification ? [confirmation, notification] : [confirmation],
        ...more(ticket, accessToken),
      };
    },
  };
}

/** Opens a ticket inside the caller's transaction (draftTicket). */
export async function openTicket(
  tx: Store,
  opening: TicketOpening,
  now: Date,
  mail: { mails: MailComposer; serviceLang: Lang },
): Promise<{ ticket: TicketRow; accessToken: string }> {
  const draft = draftTicket(opening, now, mail);
  return { ticket: await tx.createTicket(draft), accessToken: draft.accessToken };
}
