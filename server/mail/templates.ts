import type { Lang } from '../../forms/lang.ts';
import { escapeHtml } from './escape.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A mail is a list of blocks; one renderer makes the text and the escaped HTML of each. */
export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'link'; text: string; label: string; href: string }
  | { kind: 'quote'; text: string }
  | { kind: 'table'; heading: string; rows: readonly (readonly [string, string])[] };

/** The facts every mail about a ticket may quote, already in the recipient's language. */
export interface TicketFacts {
  number: string;
  formTitle: string;
  requesterName: string;
  queueName: string;
  statusLink: string;
  summary: readonly (readonly [string, string])[];
}

export interface TemplateFacts {
  confirmation: TicketFacts;
  agent_reply: TicketFacts & { agentName: string; body: string };
  approved: TicketFacts & { download: string | undefined; installHelp: string | undefined; closesAt: string };
  rejected: TicketFacts & { reason: string };
  waiting: TicketFacts & { stateLabel: string; until: string | undefined };
  closed: TicketFacts & { agentName: string };
  closure: TicketFacts & { reopenLink: string; reopenUntil: string; scheduled: boolean };
  queue_reopened: TicketFacts & { body: string };
  /** `attachments`: name and size of each file sent, listed, never attached. */
  queue_new_ticket: TicketFacts & { requesterEmail: string; attachments: readonly (readonly [string, string])[] };
  queue_requester_message: TicketFacts & { body: string };
}

export type TemplateKind = keyof TemplateFacts;

type Template<F> = Record<Lang, (f: F) => { subject: string; blocks: Block[] }>;

const signature: Record<Lang, string> = {
  fr: 'Guichet — services de l’université',
  en: 'Guichet — university services',
  de: 'Guichet — Dienste der Universität',
};
const hello: Record<Lang, (name: string) => string> = { fr: (n) => `Bonjour ${n},`, en: (n) => `Hello ${n},`, de: (n) => `Guten Tag ${n}` };
export const follow: Record<Lang, { text: string; label: string }> = {
  fr: { text: 'Suivre votre demande :', label: 'Suivre ma demande' },
  en: { text: 'Follow your request:', label: 'Follow my request' },
  de: { text: 'Ihre Anfrage verfolgen:', label: 'Meine Anfrage verfolgen' },
};
const replyHint: Record<Lang, string> = {
  fr: 'Pour ajouter quelque chose, répondez simplement à ce message.',
  en: 'To add something, simply reply to this message.',
  de: 'Um etwas zu ergänzen, antworten Sie einfach auf diese Nachricht.',
};
/** French "de" before a name: elided before a vowel or a mute h ("d’Alice", "d’Hélène"), "de Bruno" otherwise. */
export function ofName(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöûüœæ]/i.test(name.normalize('NFC')) ? `d’${name}` : `de ${name}`;
}

/** "Label: value" as each language writes it: French puts a narrow no-break space before the colon. */
const labelled = (lang: Lang, label: string, value: string) => (lang === 'fr' ? `${label}\u202f: ${value}` : `${label}: ${value}`);

const yourRequest: Record<Lang, string> = { fr: 'Votre demande', en: 'Your request', de: 'Ihre Anfrage' };

const attachmentList = (heading: string, rows: readonly (readonly [string, string])[]): Block[] => (rows.length > 0 ? [{ kind: 'table', heading, rows }] : []);

const followLink = (lang: Lang, f: TicketFacts): Block => ({ kind: 'link', text: follow[lang].text, label: follow[lang].label, href: f.statusLink });

export const templates: { [K in TemplateKind]: Template<TemplateFacts[K]> } = {
  confirmation: {
    fr: (f) => ({
      subject: `[${f.number}] Demande reçue : ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.fr(f.requesterName) },
        { kind: 'p', text: `Nous avons bien reçu votre demande « ${f.formTitle} ». Son numéro est ${f.number} ; elle est transmise à : ${f.queueName}.` },
        followLink('fr', f),
        { kind: 'p', text: 'Ce lien est personnel : ne le transmettez pas. Pour compléter votre demande, répondez simplement à ce message.' },
        { kind: 'table', heading: yourRequest.fr, rows: f.summary },
      ],
    }),
    en: (f) => ({
      subject: `[${f.number}] Request received: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.en(f.requesterName) },
        { kind: 'p', text: `We have received your request “${f.formTitle}”. Its number is ${f.number}; it has been passed to: ${f.queueName}.` },
        followLink('en', f),
        { kind: 'p', text: 'This link is personal: do not share it. To add to your request, simply reply to this message.' },
        { kind: 'table', heading: yourRequest.en, rows: f.summary },
      ],
    }),
    de: (f) => ({
      subject: `[${f.number}] Anfrage erhalten: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.de(f.requesterName) },
        { kind: 'p', text: `Wir haben Ihre Anfrage «${f.formTitle}» erhalten. Sie hat die Nummer ${f.number} und wurde weitergeleitet an: ${f.queueName}.` },
        followLink('de', f),
        { kind: 'p', text: 'Dieser Link ist persönlich: Geben Sie ihn nicht weiter. Um Ihre Anfrage zu ergänzen, antworten Sie einfach auf diese Nachricht.' },
        { kind: 'table', heading: yourRequest.de, rows: f.summary },
      ],
    }),
  },
  agent_reply: {
    fr: (f) => ({
      subject: `[${f.number}] Réponse à votre demande : ${f.formTitle}`,
      blocks: [{ kind: 'p', text: hello.fr(f.requesterName) }, { kind: 'p', text: `${f.agentName} (${f.queueName}) vous a répondu :` }, { kind: 'quote', text: f.body }, { kind: 'p', text: replyHint.fr }, followLink('fr', f)],
    }),
    en: (f) => ({
      subject: `[${f.number}] Reply to your request: ${f.formTitle}`,
      blocks: [{ kind: 'p', text: hello.en(f.requesterName) }, { kind: 'p', text: `${f.agentName} (${f.queueName}) replied:` }, { kind: 'quote', text: f.body }, { kind: 'p', text: replyHint.en }, followLink('en', f)],
    }),
    de: (f) => ({
      subject: `[${f.number}] Antwort auf Ihre Anfrage: ${f.formTitle}`,
      blocks: [{ kind: 'p', text: hello.de(f.requesterName) }, { kind: 'p', text: `${f.agentName} (${f.queueName}) hat geantwortet:` }, { kind: 'quote', text: f.body }, { kind: 'p', text: replyHint.de }, followLink('de', f)],
    }),
  },
  approved: {
    fr: (f) => ({
      subject: `[${f.number}] Commande approuvée : ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.fr(f.requesterName) },
        { kind: 'p', text: `Votre demande « ${f.formTitle} » a été approuvée par ${f.queueName}.` },
        ...(f.download ? [{ kind: 'link' as const, text: 'Téléchargement :', label: f.download, href: f.download }] : []),
        ...(f.installHelp ? [{ kind: 'link' as const, text: 'Aide à l’installation :', label: f.installHelp, href: f.installHelp }] : []),
        { kind: 'p', text: `La demande sera clôturée automatiquement le ${f.closesAt}. Si quelque chose ne fonctionne pas, répondez à ce message : elle sera rouverte.` },
        followLink('fr', f),
      ],
    }),
    en: (f) => ({
      subject: `[${f.number}] Order approved: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.en(f.requesterName) },
        { kind: 'p', text: `Your request “${f.formTitle}” was approved by ${f.queueName}.` },
        ...(f.download ? [{ kind: 'link' as const, text: 'Download:', label: f.download, href: f.download }] : []),
        ...(f.installHelp ? [{ kind: 'link' as const, text: 'Installation help:', label: f.installHelp, href: f.installHelp }] : []),
        { kind: 'p', text: `The request will close automatically on ${f.closesAt}. If something does not work, reply to this message and it will be reopened.` },
        followLink('en', f),
      ],
    }),
    de: (f) => ({
      subject: `[${f.number}] Bestellung genehmigt: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.de(f.requesterName) },
        { kind: 'p', text: `Ihre Anfrage «${f.formTitle}» wurde von ${f.queueName} genehmigt.` },
        ...(f.download ? [{ kind: 'link' as const, text: 'Download:', label: f.download, href: f.download }] : []),
        ...(f.installHelp ? [{ kind: 'link' as const, text: 'Installationshilfe:', label: f.installHelp, href: f.installHelp }] : []),
        { kind: 'p', text: `Die Anfrage wird am ${f.closesAt} automatisch geschlossen. Falls etwas nicht funktioniert, antworten Sie auf diese Nachricht, dann wird sie wieder geöffnet.` },
        followLink('de', f),
      ],
    }),
  },
  rejected: {
    fr: (f) => ({
      subject: `[${f.number}] Demande refusée : ${f.formTitle}`,
      blocks: [{ kind: 'p', text: hello.fr(f.requesterName) }, { kind: 'p', text: `Votre demande « ${f.formTitle} » a été refusée par ${f.queueName}. Motif :` }, { kind: 'quote', text: f.reason }, { kind: 'p', text: 'Pour toute question, répondez à ce message.' }, followLink('fr', f)],
    }),
    en: (f) => ({
      subject: `[${f.number}] Request declined: ${f.formTitle}`,
      blocks: [{ kind: 'p', text: hello.en(f.requesterName) }, { kind: 'p', text: `Your request “${f.formTitle}” was declined by ${f.queueName}. Reason:` }, { kind: 'quote', text: f.reason }, { kind: 'p', text: 'If you have a question, reply to this message.' }, followLink('en', f)],
    }),
    de: (f) => ({
      subject: `[${f.number}] Anfrage abgelehnt: ${f.formTitle}`,
      blocks: [{ kind: 'p', text: hello.de(f.requesterName) }, { kind: 'p', text: `Ihre Anfrage «${f.formTitle}» wurde von ${f.queueName} abgelehnt. Begründung:` }, { kind: 'quote', text: f.reason }, { kind: 'p', text: 'Bei Fragen antworten Sie auf diese Nachricht.' }, followLink('de', f)],
    }),
  },
  waiting: {
    fr: (f) => ({
      subject: `[${f.number}] ${f.stateLabel} : ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.fr(f.requesterName) },
        { kind: 'p', text: `Votre demande « ${f.formTitle} » est maintenant : ${f.stateLabel}${f.until ? `, jusqu’au ${f.until}` : ''}. Elle ne sera pas clôturée entre-temps.` },
        { kind: 'p', text: replyHint.fr },
        followLink('fr', f),
      ],
    }),
    en: (f) => ({
      subject: `[${f.number}] ${f.stateLabel}: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.en(f.requesterName) },
        { kind: 'p', text: `Your request “${f.formTitle}” is now: ${f.stateLabel}${f.until ? `, until ${f.until}` : ''}. It will not be closed meanwhile.` },
        { kind: 'p', text: replyHint.en },
        followLink('en', f),
      ],
    }),
    de: (f) => ({
      subject: `[${f.number}] ${f.stateLabel}: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.de(f.requesterName) },
        { kind: 'p', text: `Ihre Anfrage «${f.formTitle}» ist jetzt: ${f.stateLabel}${f.until ? `, bis ${f.until}` : ''}. Sie wird in der Zwischenzeit nicht geschlossen.` },
        { kind: 'p', text: replyHint.de },
        followLink('de', f),
      ],
    }),
  },
  closed: {
    fr: (f) => ({
      subject: `[${f.number}] Demande traitée : ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.fr(f.requesterName) },
        { kind: 'p', text: `${f.agentName} (${f.queueName}) a traité votre demande « ${f.formTitle} » et l’a clôturée.` },
        { kind: 'p', text: 'Si le problème n’est pas résolu, répondez simplement à ce message : la demande sera rouverte.' },
        followLink('fr', f),
      ],
    }),
    en: (f) => ({
      subject: `[${f.number}] Request handled: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.en(f.requesterName) },
        { kind: 'p', text: `${f.agentName} (${f.queueName}) handled your request “${f.formTitle}” and closed it.` },
        { kind: 'p', text: 'If the problem is not solved, simply reply to this message and the request will be reopened.' },
        followLink('en', f),
      ],
    }),
    de: (f) => ({
      subject: `[${f.number}] Anfrage erledigt: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.de(f.requesterName) },
        { kind: 'p', text: `${f.agentName} (${f.queueName}) hat Ihre Anfrage «${f.formTitle}» erledigt und geschlossen.` },
        { kind: 'p', text: 'Falls das Problem nicht gelöst ist, antworten Sie einfach auf diese Nachricht, dann wird die Anfrage wieder geöffnet.' },
        followLink('de', f),
      ],
    }),
  },
  closure: {
    fr: (f) => ({
      subject: `[${f.number}] Demande traitée et clôturée : ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.fr(f.requesterName) },
        { kind: 'p', text: f.scheduled ? `Votre demande « ${f.formTitle} » a été traitée ; elle est maintenant clôturée comme prévu.` : `Votre demande « ${f.formTitle} » est sans activité depuis plusieurs jours : nous la considérons comme traitée et l’avons clôturée.` },
        { kind: 'p', text: `Si ce n’est pas le cas, répondez simplement à ce message ou utilisez le lien ci-dessous jusqu’au ${f.reopenUntil} : la demande sera rouverte.` },
        { kind: 'link', text: 'Ce n’est pas résolu ? Rouvrir ou donner votre avis :', label: 'Rouvrir ma demande', href: f.reopenLink },
      ],
    }),
    en: (f) => ({
      subject: `[${f.number}] Request handled and closed: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.en(f.requesterName) },
        { kind: 'p', text: f.scheduled ? `Your request “${f.formTitle}” was handled; it is now closed as planned.` : `Your request “${f.formTitle}” has had no activity for several days: we consider it handled and have closed it.` },
        { kind: 'p', text: `If it is not solved, simply reply to this message or use the link below until ${f.reopenUntil}, and the request will be reopened.` },
        { kind: 'link', text: 'Not solved? Reopen it or tell us how it went:', label: 'Reopen my request', href: f.reopenLink },
      ],
    }),
    de: (f) => ({
      subject: `[${f.number}] Anfrage erledigt und geschlossen: ${f.formTitle}`,
      blocks: [
        { kind: 'p', text: hello.de(f.requesterName) },
        { kind: 'p', text: f.scheduled ? `Ihre Anfrage «${f.formTitle}» wurde erledigt und ist nun wie vorgesehen geschlossen.` : `Ihre Anfrage «${f.formTitle}» ist seit mehreren Tagen ohne Aktivität: Wir betrachten sie als erledigt und haben sie geschlossen.` },
        { kind: 'p', text: `Falls sie nicht gelöst ist, antworten Sie einfach auf diese Nachricht oder nutzen Sie bis ${f.reopenUntil} den Link unten, dann wird die Anfrage wieder geöffnet.` },
        { kind: 'link', text: 'Nicht gelöst? Wieder öffnen oder Rückmeldung geben:', label: 'Meine Anfrage wieder öffnen', href: f.reopenLink },
      ],
    }),
  },
  queue_reopened: {
    fr: (f) => ({ subject: `[${f.number}] Demande rouverte : ${f.formTitle}`, blocks: [{ kind: 'p', text: `${f.requesterName} a rouvert sa demande :` }, { kind: 'quote', text: f.body }] }),
    en: (f) => ({ subject: `[${f.number}] Request reopened: ${f.formTitle}`, blocks: [{ kind: 'p', text: `${f.requesterName} reopened the request:` }, { kind: 'quote', text: f.body }] }),
    de: (f) => ({ subject: `[${f.number}] Anfrage wieder geöffnet: ${f.formTitle}`, blocks: [{ kind: 'p', text: `${f.requesterName} hat die Anfrage wieder geöffnet:` }, { kind: 'quote', text: f.body }] }),
  },
  queue_new_ticket: {
    fr: (f) => ({
      subject: `[${f.number}] Nouvelle demande : ${f.formTitle} — ${f.requesterName}`,
      blocks: [{ kind: 'p', text: `Nouvelle demande ${ofName(f.requesterName)} <${f.requesterEmail}> dans la file ${f.queueName}.` }, { kind: 'table', heading: 'Demande', rows: f.summary }, ...attachmentList('Pièces jointes', f.attachments)],
    }),
    en: (f) => ({
      subject: `[${f.number}] New request: ${f.formTitle} — ${f.requesterName}`,
      blocks: [{ kind: 'p', text: `New request from ${f.requesterName} <${f.requesterEmail}> in the ${f.queueName} queue.` }, { kind: 'table', heading: 'Request', rows: f.summary }, ...attachmentList('Attachments', f.attachments)],
    }),
    de: (f) => ({
      subject: `[${f.number}] Neue Anfrage: ${f.formTitle} — ${f.requesterName}`,
      blocks: [{ kind: 'p', text: `Neue Anfrage von ${f.requesterName} <${f.requesterEmail}> in der Warteschlange ${f.queueName}.` }, { kind: 'table', heading: 'Anfrage', rows: f.summary }, ...attachmentList('Anhänge', f.attachments)],
    }),
  },
  queue_requester_message: {
    fr: (f) => ({ subject: `[${f.number}] Message du demandeur : ${f.formTitle}`, blocks: [{ kind: 'p', text: `${f.requesterName} a écrit :` }, { kind: 'quote', text: f.body }] }),
    en: (f) => ({ subject: `[${f.number}] Message from the requester: ${f.formTitle}`, blocks: [{ kind: 'p', text: `${f.requesterName} wrote:` }, { kind: 'quote', text: f.body }] }),
    de: (f) => ({ subject: `[${f.number}] Nachricht der anfragenden Person: ${f.formTitle}`, blocks: [{ kind: 'p', text: `${f.requesterName} schrieb:` }, { kind: 'quote', text: f.body }] }),
  },
};

function renderText(blocks: Block[], lang: Lang): string {
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'p':
        return b.text;
      case 'link':
        return `${b.text}\n${b.href}`;
      case 'quote':
        return b.text
          .split('\n')
          .map((line) => `  | ${line}`)
          .join('\n');
      case 'table':
        return `${b.heading}${lang === 'fr' ? '\u202f' : ''}:\n${b.rows.map(([k, v]) => `  ${labelled(lang, k, v)}`).join('\n')}`;
    }
  });
  return `${parts.join('\n\n')}\n\n-- \n${signature[lang]}\n`;
}

function renderHtml(blocks: Block[], lang: Lang): string {
  const parts = blocks.map((b) => {
    switch (b.kind) {
      case 'p':
        return `<p>${escapeHtml(b.text)}</p>`;
      case 'link':
        return `<p>${escapeHtml(b.text)} <a href="${escapeHtml(b.href)}">${escapeHtml(b.label)}</a></p>`;
      case 'quote':
        return `<blockquote style="margin:0 0 1em;padding:.5em 1em;border-left:4px solid #ccc;white-space:pre-wrap">${escapeHtml(b.text)}</blockquote>`;
      case 'table':
        return (
          `<h2 style="font-size:1.1em">${escapeHtml(b.heading)}</h2><table>` +
          b.rows.map(([k, v]) => `<tr><th align="left" style="padding-right:1em;vertical-align:top">${escapeHtml(k)}</th><td style="white-space:pre-wrap">${escapeHtml(v)}</td></tr>`).join('') +
          '</table>'
        );
    }
  });
  return (
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>` +
    `<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;max-width:40rem">${parts.join('')}` +
    `<p style="color:#555">— ${escapeHtml(signature[lang])}</p></body></html>`
  );
}

/** One line of the queue's daily list: a request the sweep closed with no agent's answer. */
export interface UnansweredClosure {
  number: string;
  formTitle: string;
  requesterName: string;
  createdAt: string;
  closedAt: string;
}

/** The queue's daily list of requests closed without any agent's answer, in the service's language. */
export function unansweredDigest(lang: Lang, queueName: string, closures: readonly UnansweredClosure[]): RenderedMail {
  const rows = closures.map((c) => [c.number, `${c.formTitle} — ${c.requesterName} (${c.createdAt} → ${c.closedAt})`] as const);
  const words = {
    fr: {
      subject: `${closures.length} demande${closures.length > 1 ? 's' : ''} clôturée${closures.length > 1 ? 's' : ''} sans réponse : ${queueName}`,
      intro: `Ces demandes de la file ${queueName} sont restées sans réponse d’un agent et ont été clôturées pour inactivité. Les demandeurs peuvent les rouvrir ; si l’une d’elles n’a pas été traitée (par téléphone ou au guichet), répondez-y depuis la boîte des agents.`,
      heading: 'Clôturées sans réponse',
    },
    en: {
      subject: `${closures.length} request${closures.length > 1 ? 's' : ''} closed without an answer: ${queueName}`,
      intro: `These requests of the ${queueName} queue had no answer from an agent and were closed as idle. Their requesters may reopen them; if one was not handled (by phone or at the desk), answer it from the agents' inbox.`,
      heading: 'Closed without an answer',
    },
    de: {
      subject: `${closures.length} ${closures.length > 1 ? 'Anfragen' : 'Anfrage'} ohne Antwort geschlossen: ${queueName}`,
      intro: `Diese Anfragen der Warteschlange ${queueName} blieben ohne Antwort einer Fachperson und wurden wegen Inaktivität geschlossen. Die anfragenden Personen können sie wieder öffnen; falls eine nicht erledigt wurde (telefonisch oder am Schalter), beantworten Sie sie im Posteingang.`,
      heading: 'Ohne Antwort geschlossen',
    },
  }[lang];
  return renderBlocks(words.subject, [{ kind: 'p', text: words.intro }, { kind: 'table', heading: words.heading, rows }], lang);
}

/** Renders blocks that belong to no ticket (an anonymous requester's address check) the same way: text, and HTML with every value escaped. */
export function renderBlocks(subject: string, blocks: Block[], lang: Lang): RenderedMail {
  return { subject, text: renderText(blocks, lang), html: renderHtml(blocks, lang) };
}

/** Renders one template in one language: a subject, a text part and an HTML part with every value escaped. */
export function renderMail<K extends TemplateKind>(kind: K, lang: Lang, facts: TemplateFacts[K]): RenderedMail {
  const { subject, blocks } = (templates[kind] as Template<TemplateFacts[K]>)[lang](facts);
  return { subject, text: renderText(blocks, lang), html: renderHtml(blocks, lang) };
}
