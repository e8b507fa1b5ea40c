import EmailReplyParser from 'email-reply-parser';
import { type AddressObject, simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { ticketOfReplyAddress } from '../mail/addresses.ts';
import { automaticReason } from '../mail/automatic.ts';
import type { Store } from '../store/store.ts';
import type { RequesterWrites } from './requester-writes.ts';

export interface InboundDeps {
  store: Store;
  writes: RequesterWrites;
  secret: string;
  /** Host part of our Message-IDs, so replies can be matched by their threading headers. */
  messageIdDomain: string;
  logger: Logger;
}

export type InboundAction = 'reopened' | 'message' | 'new_ticket' | 'ignored';

export interface InboundResult {
  action: InboundAction;
  ticket?: string;
  /** Why nothing happened, for the operator's logs. */
  reason?: string;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? '')).filter(Boolean);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A reply by mail, from the MTA (raw MIME posted to the API, or the built-in
 * SMTP/LMTP listener). Matches it to a ticket, keeps only the new text, and
 * lets the requester's writes decide: message, reopen, or a new linked ticket.
 */
export function createInbound(deps: InboundDeps) {
  const ourMessageId = new RegExp(`^<?(\\d{4}-\\d{6})\\.[a-z_]+\\.[^@>]+@${escapeRegExp(deps.messageIdDomain)}>?$`, 'i');

  return async function receive(raw: Buffer | string): Promise<InboundResult> {
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const from = addresses(mail.from)[0]?.toLowerCase();
    const contentType = mail.headerLines.find((h) => h.key === 'content-type')?.line.split(':').slice(1).join(':').trim();

    // The ticket: our HMAC'd reply address first (it proves the mail answers our mail), then threading headers.
    const recipients = [
      ...addresses(mail.to),
      ...addresses(mail.cc),
      ...mail.headerLines.filter((h) => ['delivered-to', 'x-original-to', 'envelope-to'].includes(h.key)).map((h) => h.line.split(':').slice(1).join(':').trim()),
    ];
    const signed = recipients.map((r) => ticketOfReplyAddress(r, deps.secret)).find(Boolean);
    const references = [mail.inReplyTo ?? '', ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
    const threaded = references.map((id) => ourMessageId.exec(id.trim())?.[1]).find(Boolean);
    const number = signed ?? threaded;

    const automatic = automaticReason(mail.headerLines, from, mail.subject, contentType);
    if (automatic) {
      deps.logger.info({ ticket: number, reason: automatic }, 'inbound automatic mail ignored');
      return { action: 'ignored', ...(number ? { ticket: number } : {}), reason: `automatic:${automatic}` };
    }
    if (!number) return { action: 'ignored', reason: 'no-ticket' };
    const ticket = await deps.store.findTicketByNumber(number);
    if (!ticket) return { action: 'ignored', reason: 'no-ticket' };
    // A guessed number in the threading headers is not enough: the sender must be the requester, or the address signed.
    if (!signed && from !== ticket.requester_email.toLowerCase()) {
      deps.logger.warn({ ticket: number }, 'inbound mail from someone other than the requester ignored');
      return { action: 'ignored', reason: 'stranger' };
    }

    const text = (mail.text ?? '').replace(/\r\n/g, '\n');
    const fresh = new EmailReplyParser().parseReply(text).trim();
    if (!fresh) return { action: 'ignored', ticket: number, reason: 'empty' };
    const outcome = await deps.writes.message(ticket, fresh, 'mail');
    return { action: outcome.action, ticket: outcome.ticket.number };
  };
}

export type Inbound = ReturnType<typeof createInbound>;
