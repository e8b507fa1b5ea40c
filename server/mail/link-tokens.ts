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
  return sameSignature(mac, expected);
}

/**
 * The signature exactly as we write it: compared as text, since base64url
 * decoding ignores a last character's spare bits, and a link altered there
 * must not pass.
 */
function sameSignature(mac: string, expected: Buffer): boolean {
  const given = Buffer.from(mac);
  const wanted = Buffer.from(expected.toString('base64url'));
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * An approver's link (services/approvals.ts) names one approval step and its
 * round, with an expiry, signed the same way: `a1.<step>.<round>.<expires>.<mac>`.
 * It decides that step only, and only in that round (a re-send or re-route
 * starts another); nothing secret is stored, and the outbox keeps the mail
 * without it once delivered (mail/scrub.ts: it travels as `?token=`).
 */
const approvalPrefix = 'a1';

function approvalSignature(secret: string, stepId: number, round: number, expires: number): Buffer {
  return createHmac('sha256', secret).update(`approval-link:${stepId}:${round}:${expires}`).digest();
}

export function signApprovalLink(secret: string, stepId: number, round: number, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  return `${approvalPrefix}.${stepId.toString(36)}.${round.toString(36)}.${expires.toString(36)}.${approvalSignature(secret, stepId, round, expires).toString('base64url')}`;
}

export type ApprovalLink = { stepId: number; round: number; expired: boolean };

/** What a genuine approval link names, and whether it expired at `now`; undefined for anything not signed with `secret`. */
export function readApprovalLink(secret: string, token: string, now: Date): ApprovalLink | undefined {
  if (token.length > 200) return undefined;
  const [tag, stepText, roundText, expiresText, mac, ...rest] = token.split('.');
  if (tag !== approvalPrefix || !stepText || !roundText || !expiresText || !mac || rest.length > 0) return undefined;
  const [stepId, round, expires] = [stepText, roundText, expiresText].map((t) => (/^[0-9a-z]{1,12}$/.test(t) ? parseInt(t, 36) : NaN)) as [number, number, number];
  if (![stepId, round, expires].every(Number.isSafeInteger)) return undefined;
  const expected = approvalSignature(secret, stepId, round, expires);
  if (!sameSignature(mac, expected)) return undefined;
  return { stepId, round, expired: expires * 1000 <= now.getTime() };
}
