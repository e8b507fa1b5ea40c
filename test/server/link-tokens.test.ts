import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readApprovalLink, signApprovalLink, signTicketLink, verifyTicketLink } from '../../server/mail/link-tokens.ts';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const secret = 'a secret long enough for the tests of link tokens';
const now = new Date('2026-03-02T09:00:00Z');
const later = new Date('2026-03-16T09:00:00Z');

/** The same link with its last character changed only in the bits base64url decoding throws away. */
function spareBitsChanged(link: string): string {
  const last = alphabet.indexOf(link.at(-1)!);
  return link.slice(0, -1) + alphabet[last ^ 1];
}

describe('a signed link altered in its last character', () => {
  test('an approval link decides nothing once any character changed, even in the signature’s spare bits', () => {
    const link = signApprovalLink(secret, 42, 1, later);
    assert.deepEqual(readApprovalLink(secret, link, now), { stepId: 42, round: 1, expired: false });
    assert.equal(readApprovalLink(secret, spareBitsChanged(link), now), undefined);
  });

  test('a ticket link opens nothing once any character changed, even in the signature’s spare bits', () => {
    const link = signTicketLink(secret, 'GU-2026-000042', later);
    assert.equal(verifyTicketLink(secret, 'GU-2026-000042', link, now), true);
    assert.equal(verifyTicketLink(secret, 'GU-2026-000042', spareBitsChanged(link), now), false);
  });
});
