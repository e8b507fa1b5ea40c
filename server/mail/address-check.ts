import { randomUUID } from 'node:crypto';
import type { Lang } from '../../forms/lang.ts';
import type { NewOutboxRow } from '../store/schema.ts';
import { outboxRow } from './compose.ts';
import { mailbox } from './escape.ts';
import { type Block, renderBlocks } from './templates.ts';

/** What the mail to an anonymous requester quotes; every value is escaped by the renderer. */
export interface AddressCheckFacts {
  formTitle: string;
  queueName: string;
  requesterName: string | undefined;
  email: string;
  /** The department page with `#confirm=…&form=…`: opening it changes nothing, its button POSTs. */
  confirmLink: string;
  validUntil: string;
  summary: readonly (readonly [string, string])[];
}

const words: Record<Lang, (f: AddressCheckFacts) => { subject: string; blocks: Block[] }> = {
  fr: (f) => ({
    subject: `Confirmez votre demande : ${f.formTitle}`,
    blocks: [
      { kind: 'p', text: f.requesterName ? `Bonjour ${f.requesterName},` : 'Bonjour,' },
      { kind: 'p', text: `Une demande « ${f.formTitle} » pour ${f.queueName} a été préparée avec l’adresse ${f.email}. Elle ne sera envoyée que si vous la confirmez, avant le ${f.validUntil}.` },
      { kind: 'link', text: 'Confirmer l’adresse et envoyer la demande :', label: 'Confirmer ma demande', href: f.confirmLink },
      { kind: 'p', text: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne sera envoyé.' },
      { kind: 'table', heading: 'Votre demande', rows: f.summary },
    ],
  }),
  en: (f) => ({
    subject: `Confirm your request: ${f.formTitle}`,
    blocks: [
      { kind: 'p', text: f.requesterName ? `Hello ${f.requesterName},` : 'Hello,' },
      { kind: 'p', text: `A request “${f.formTitle}” for ${f.queueName} was prepared with the address ${f.email}. It will only be sent if you confirm it, before ${f.validUntil}.` },
      { kind: 'link', text: 'Confirm the address and send the request:', label: 'Confirm my request', href: f.confirmLink },
      { kind: 'p', text: 'If you did not make this request, ignore this message: nothing will be sent.' },
      { kind: 'table', heading: 'Your request', rows: f.summary },
    ],
  }),
  de: (f) => ({
    subject: `Bestätigen Sie Ihre Anfrage: ${f.formTitle}`,
    blocks: [
      { kind: 'p', text: f.requesterName ? `Guten Tag ${f.requesterName}` : 'Guten Tag' },
      { kind: 'p', text: `Eine Anfrage «${f.formTitle}» an ${f.queueName} wurde mit der Adresse ${f.email} vorbereitet. Sie wird nur gesendet, wenn Sie sie vor dem ${f.validUntil} bestätigen.` },
      { kind: 'link', text: 'Adresse bestätigen und Anfrage senden:', label: 'Meine Anfrage bestätigen', href: f.confirmLink },
      { kind: 'p', text: 'Wenn Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese Nachricht: Es wird nichts gesendet.' },
      { kind: 'table', heading: 'Ihre Anfrage', rows: f.summary },
    ],
  }),
};

/**
 * The mail that proves an anonymous requester owns the address: the outbox row
 * belongs to no ticket yet. Marked automatic (RFC 3834), so it counts towards
 * the per-address daily cap of automatic mails as well.
 */
export function addressCheckMail(facts: AddressCheckFacts, lang: Lang, now: Date, domain: string): NewOutboxRow {
  const { subject, blocks } = words[lang](facts);
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
