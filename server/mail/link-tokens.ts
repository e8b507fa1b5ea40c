import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mails after the first cannot carry the access token (only its hash is kept),
 * so their links carry a signed token instead: the ticket number and an expiry,
 * with an HMAC-SHA256 (256 bits) over both. Nothing is stored; the secret signs.
 */
const prefix = 's1';

function signature(secret: string, number: string, expires: number): Buffer {
  return createHmac('sha256', secret).update(`ticket-link:${number}:${expires}`).digest();
}

export function signTicketLink(secret: string, number: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${prefix}.${expires.toString(36)}.${signature(secret, number, expires).toString('base64url')}`;
}

/** Whether `token` is a signed link for this ticket that has not expired at `now`. */
export function verifyTicketLink(secret: string, number: string, token: string, now: Date): boolean {
  const [tag, expiresText, mac] = token.split('.');
  if (tag !== prefix || !expiresText || !mac) return false;
  const expires = parseInt(expiresText, 36);
  if (!Number.isSafeInteger(expires) || expires * 1000 <= now.getTime()) return false;
  const expected = signature(secret, number, expires);
  const given = Buffer.from(mac, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
