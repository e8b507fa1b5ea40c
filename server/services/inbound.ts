import type { Logger } from 'pino';
import type { Lang } from '../../forms/lang.ts';
import { ticketOfReplyAddress } from '../mail/addresses.ts';
import { vouchedFor } from '../mail/authentication.ts';
import { automaticReason } from '../mail/automatic.ts';
import type { MailReader } from '../mail/mail-reader.ts';
import { type ReadMail, UnreadableMail } from '../mail/read-mail.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import type { RateLimits } from './rate-limits.ts';
import type { RequesterWrites } from './requester-writes.ts';
import { serverWords } from '../words/index.ts';

export interface InboundDeps {
  store: Store;
  writes: RequesterWrites;
  limits: RateLimits;
  reader: MailReader;
  secret: string;
  /** Host part of our Message-IDs, so replies can be matched by their threading headers. */
  messageIdDomain: string;
  /** The authserv-ids whose Authentication-Results vouch for a From (GUICHET_INBOUND_TRUSTED_AUTHSERV). */
  trustedAuthserv: readonly string[];
  logger: Logger;
}

/**
 * What a mail did: `reopened`, `message`, `thanks` (recorded, the ticket kept
 * closed), `new_ticket` (after the reopen window), `unverified` and
 * `rate_limited` (recorded for the agents only, nothing changed or mailed),
 * `ignored` (automatic mail, no ticket, no text).
 */
export type InboundAction = 'reopened' | 'message' | 'thanks' | 'new_ticket' | 'unverified' | 'rate_limited' | 'ignored';
export const inboundActions = ['reopened', 'message', 'thanks', 'new_ticket', 'unverified', 'rate_limited', 'ignored'] as const satisfies readonly InboundAction[];

export interface InboundResult {
  action: InboundAction;
  ticket?: string;
  /** Why nothing happened, for the operator's logs. */
  reason?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Made once: the first number formatted in a locale loads its data, which is slow.
const count = { fr: new Intl.NumberFormat('fr-CH'), en: new Intl.NumberFormat('en'), de: new Intl.NumberFormat('de-CH') };


/** The text a mail leaves on the ticket: its new words, and what was cut or dropped, said in the ticket's language. */
function bodyOf(mail: ReadMail, lang: Lang): string {
  const said = [mail.text];
  if (mail.textLength > mail.text.length) said.push(serverWords[lang].requester.mailCut(count[lang].format(mail.text.length), count[lang].format(mail.textLength)));
  if (mail.attachments.length > 0) said.push(serverWords[lang].requester.attachmentsNotKept(mail.attachments.map((a) => a.name.slice(0, 100)).slice(0, 10).join(', ')));
  return said.filter(Boolean).join('\n\n');
}

/**
 * A reply by mail, from the MTA (raw MIME posted to the API, or the built-in
 * SMTP/LMTP listener). Matches it to a ticket and keeps only the new text.
 * Only our signed reply address, or a From the MTA's DMARC/DKIM verdict
 * vouches for, lets a mail change the ticket; otherwise the agents see it
 * held, and may accept it. Rejects with UnreadableMail (mail-reader.ts) for
 * a mail that cannot be parsed.
 */
export function createInbound(deps: InboundDeps) {
  const ourMessageId = new RegExp(`^<?(\\d{4}-\\d{6})\\.[a-z_]+\\.[^@>]+@${escapeRegExp(deps.messageIdDomain)}>?$`, 'i');

  function lang(ticket: TicketRow): Lang {
    return ticket.lang as Lang;
  }

  return async function receive(raw: Uint8Array): Promise<InboundResult> {
    const mail = await deps.reader.read(raw).catch((error: unknown) => {
      if (error instanceof UnreadableMail) deps.logger.warn({ messageId: error.messageId, reason: error.message }, 'inbound mail refused: it cannot be read');
      throw error;
    });
    const { from } = mail;

    // The ticket: our HMAC'd reply address first (it proves the mail answers our mail), then threading headers.
    const signed = mail.recipients.map((r) => ticketOfReplyAddress(r, deps.secret)).find(Boolean);
    const threaded = mail.references.map((id) => ourMessageId.exec(id.trim())?.[1]).find(Boolean);
    const number = signed ?? threaded;

    const automatic = automaticReason(mail.headerLines, from, mail.subject, mail.contentType);
    if (automatic) {
      deps.logger.info({ ticket: number, reason: automatic, messageId: mail.messageId }, 'inbound automatic mail ignored');
      return { action: 'ignored', ...(number ? { ticket: number } : {}), reason: `automatic:${automatic}` };
    }
    if (!number) return { action: 'ignored', reason: 'no-ticket' };
    const ticket = await deps.store.findTicketByNumber(number);
    if (!ticket) return { action: 'ignored', reason: 'no-ticket' };
    // Its requester is gone (retention or erasure): a late reply must not bring personal data back to it.
    if (ticket.anonymised_at) return { action: 'ignored', ticket: number, reason: 'anonymised' };
    const fromRequester = !!from && from === ticket.requester_email.toLowerCase();
    // A guessed number in the threading headers is not enough: a stranger's mail is not the requester's.
    if (!signed && !fromRequester) {
      deps.logger.warn({ ticket: number, messageId: mail.messageId }, 'inbound mail from someone other than the requester ignored');
      return { action: 'ignored', reason: 'stranger' };
    }
    const body = bodyOf(mail, lang(ticket));
    if (!mail.text) return { action: 'ignored', ticket: number, reason: 'empty' };

    const held = (reason: 'unverified' | 'rate_limited') =>
      deps.writes.hold(ticket, body, { from: from ?? '', reason, messageId: mail.messageId, subject: mail.subject?.slice(0, 300) }).then((): InboundResult => {
        deps.logger.warn({ ticket: number, reason, messageId: mail.messageId }, 'inbound mail held for the agents');
        return { action: reason, ticket: number, reason };
      });
    if (!(await deps.limits.inboundMailAllowed(from ?? '', number))) return held('rate_limited');
    // Our signed address proves the mail answers our mail; otherwise only the MTA's verdict on the From does.
    if (!signed && !vouchedFor(mail.headerLines, from, deps.trustedAuthserv)) return held('unverified');

    const outcome = await deps.writes.message(ticket, body, 'mail');
    return { action: outcome.thanks ? 'thanks' : outcome.action, ticket: outcome.ticket.number };
  };
}

export type Inbound = ReturnType<typeof createInbound>;
