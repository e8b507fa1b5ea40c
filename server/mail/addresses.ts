import { createHmac, timingSafeEqual } from 'node:crypto';

/** `Name <local@domain>` or `local@domain` → its parts. */
export function parseMailbox(mailbox: string): { name: string | undefined; local: string; domain: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<?([^<>@\s]+)@([^<>@\s]+?)>?\s*$/.exec(mailbox);
  if (!match) throw new Error(`GUICHET_MAIL_FROM: "${mailbox}" is not a mail address`);
  return { name: match[1] || undefined, local: match[2]!, domain: match[3]! };
}

function tag(secret: string, number: string): string {
  return createHmac('sha256', secret).update(`reply-to:${number}`).digest('hex').slice(0, 16);
}

/**
 * The Reply-To of a ticket's mails: a plus-address naming the ticket, with an
 * HMAC so nobody can write into someone else's ticket by guessing its number.
 */
export function replyAddress(from: string, secret: string, number: string): string {
  const { name, local, domain } = parseMailbox(from);
  const address = `${local}+${number}.${tag(secret, number)}@${domain}`;
  return name ? `${name} <${address}>` : address;
}

/** The ticket number a reply address names, if its HMAC is valid. */
export function ticketOfReplyAddress(address: string, secret: string): string | undefined {
  const match = /\+(\d{4}-\d{6})\.([0-9a-f]{16})@/i.exec(address);
  if (!match) return undefined;
  const [, number, presented] = match as unknown as [string, string, string];
  const expected = Buffer.from(tag(secret, number), 'hex');
  const given = Buffer.from(presented.toLowerCase(), 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given) ? number : undefined;
}
