import { randomUUID } from 'node:crypto';
import type { Lang } from '../../forms/lang.ts';
import type { NewOutboxRow } from '../store/schema.ts';
import { serverWords } from '../words/index.ts';
import { outboxRow } from './compose.ts';
import { mailbox } from './escape.ts';
import type { AddressCheckFacts } from './facts.ts';
import { type Block, renderBlocks } from './templates.ts';

export type { AddressCheckFacts } from './facts.ts';

/** The blocks of the mail, the same in every language; the words come from server/words. */
function addressCheck(lang: Lang, f: AddressCheckFacts): { subject: string; blocks: Block[] } {
  const w = serverWords[lang].mail;
  return {
    subject: w.addressCheck.subject(f),
    blocks: [
      { kind: 'p', text: f.requesterName ? w.hello(f.requesterName) : w.helloNoName },
      { kind: 'p', text: w.addressCheck.prepared(f) },
      { kind: 'link', text: w.addressCheck.link, label: w.addressCheck.linkLabel, href: f.confirmLink },
      { kind: 'p', text: w.addressCheck.notYou },
      { kind: 'table', heading: w.yourRequest, rows: f.summary },
    ],
  };
}

/**
 * The mail that proves an anonymous requester owns the address: the outbox row
 * belongs to no ticket yet. Marked automatic (RFC 3834), so it counts towards
 * the per-address daily cap of automatic mails as well.
 */
export function addressCheckMail(facts: AddressCheckFacts, lang: Lang, now: Date, domain: string): NewOutboxRow {
  const { subject, blocks } = addressCheck(lang, facts);
  const mail = renderBlocks(subject, blocks, lang);
  return outboxRow(null, 'address_check', `<address-check.${randomUUID()}@${domain}>`, {
    to: mailbox(facts.requesterName ?? '', facts.email),
    replyTo: undefined,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    now,
  });
}
