import type { Lang } from '../../forms/lang.ts';
import { escapeHtml } from './escape.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface ConfirmationFacts {
  number: string;
  formTitle: string;
  requesterName: string;
  queueName: string;
  statusLink: string;
  /** Label → value lines of what was submitted, already in the requester's language. */
  summary: readonly (readonly [string, string])[];
}

interface ConfirmationWords {
  subject: (f: ConfirmationFacts) => string;
  greeting: (name: string) => string;
  received: (f: ConfirmationFacts) => string;
  follow: string;
  linkText: string;
  keep: string;
  summary: string;
  signature: string;
}

const confirmation: Record<Lang, ConfirmationWords> = {
  fr: {
    subject: (f) => `[${f.number}] Demande reçue : ${f.formTitle}`,
    greeting: (name) => `Bonjour ${name},`,
    received: (f) => `Nous avons bien reçu votre demande « ${f.formTitle} ». Son numéro est ${f.number} ; elle est transmise à : ${f.queueName}.`,
    follow: 'Vous pouvez suivre son avancement ici :',
    linkText: 'Suivre ma demande',
    keep: 'Ce lien est personnel : ne le transmettez pas. Pour compléter votre demande, répondez simplement à ce message.',
    summary: 'Votre demande',
    signature: 'Guichet — services de l’université',
  },
  en: {
    subject: (f) => `[${f.number}] Request received: ${f.formTitle}`,
    greeting: (name) => `Hello ${name},`,
    received: (f) => `We have received your request “${f.formTitle}”. Its number is ${f.number}; it has been passed to: ${f.queueName}.`,
    follow: 'You can follow its progress here:',
    linkText: 'Follow my request',
    keep: 'This link is personal: do not share it. To add to your request, simply reply to this message.',
    summary: 'Your request',
    signature: 'Guichet — university services',
  },
  de: {
    subject: (f) => `[${f.number}] Anfrage erhalten: ${f.formTitle}`,
    greeting: (name) => `Guten Tag ${name}`,
    received: (f) => `Wir haben Ihre Anfrage «${f.formTitle}» erhalten. Sie hat die Nummer ${f.number} und wurde weitergeleitet an: ${f.queueName}.`,
    follow: 'Hier können Sie den Stand verfolgen:',
    linkText: 'Meine Anfrage verfolgen',
    keep: 'Dieser Link ist persönlich: Geben Sie ihn nicht weiter. Um Ihre Anfrage zu ergänzen, antworten Sie einfach auf diese Nachricht.',
    summary: 'Ihre Anfrage',
    signature: 'Guichet — Dienste der Universität',
  },
};

const htmlPage = (lang: Lang, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
  `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:40rem">${body}</body></html>`;

/** The mail that acknowledges a new ticket: its number and the magic link to follow it. */
export function renderConfirmation(lang: Lang, facts: ConfirmationFacts): RenderedMail {
  const w = confirmation[lang];
  const summaryText = facts.summary.map(([label, value]) => `  ${label}: ${value}`).join('\n');
  const text = [
    w.greeting(facts.requesterName),
    '',
    w.received(facts),
    '',
    w.follow,
    facts.statusLink,
    '',
    w.keep,
    '',
    `${w.summary}:`,
    summaryText,
    '',
    '-- ',
    w.signature,
  ].join('\n');
  const rows = facts.summary.map(([label, value]) => `<tr><th align="left" style="padding-right:1em">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('');
  const html = htmlPage(
    lang,
    `<p>${escapeHtml(w.greeting(facts.requesterName))}</p>` +
      `<p>${escapeHtml(w.received(facts))}</p>` +
      `<p>${escapeHtml(w.follow)} <a href="${escapeHtml(facts.statusLink)}">${escapeHtml(w.linkText)}</a></p>` +
      `<p>${escapeHtml(w.keep)}</p>` +
      `<h2 style="font-size:1.1em">${escapeHtml(w.summary)}</h2><table>${rows}</table>` +
      `<p style="color:#555">— ${escapeHtml(w.signature)}</p>`,
  );
  return { subject: w.subject(facts), text, html };
}
