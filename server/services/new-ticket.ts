import type { Lang } from '../../forms/lang.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
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
 * Opens a ticket inside the caller's transaction: its number (YYYY-NNNNNN,
 * unique across processes), its access token (only the hash is stored), the
 * `submitted` event, the requester's confirmation with the magic link, and the
 * queue's notification. Form submissions and late replies both start here.
 */
export async function openTicket(
  tx: Store,
  opening: TicketOpening,
  now: Date,
  mail: { mails: MailComposer; serviceLang: Lang },
): Promise<{ ticket: TicketRow; accessToken: string }> {
  const at = now.toISOString();
  const year = now.getUTCFullYear();
  const number = `${year}-${String(await tx.nextTicketCounter(year)).padStart(6, '0')}`;
  const accessToken = newAccessToken();
  const { requester } = opening;
  const ticket = await tx.insertTicket({
    number,
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
  });
  await tx.appendEvent({
    ticket_id: ticket.id,
    at,
    type: 'submitted',
    author_kind: 'requester',
    author_id: requester.id,
    author_name: requester.name,
    public: 1,
    body: null,
    data: opening.linkedTo ? JSON.stringify({ linkedTo: opening.linkedTo.number }) : null,
  });
  const confirmation = mail.mails.toRequester('confirmation', ticket, {}, now, { accessToken });
  const notification = mail.mails.toQueue('queue_new_ticket', ticket, { requesterEmail: requester.email, attachments: (opening.attachments ?? []).map((a) => [a.name, formatSize(a.size)] as const) }, now, mail.serviceLang);
  // One statement for both: each statement of the ticket's transaction is one more round trip it holds a connection for.
  await tx.enqueueMails(notification ? [confirmation, notification] : [confirmation]);
  return { ticket, accessToken };
}
