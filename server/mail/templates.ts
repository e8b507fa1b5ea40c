import type { Lang } from '../../forms/lang.ts';
import { serverWords } from '../words/index.ts';
import { escapeHtml } from './escape.ts';
import type { TemplateFacts, TemplateKind, TicketFacts, UnansweredClosure } from './facts.ts';

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

export type { AddressCheckFacts, TemplateFacts, TemplateKind, TicketFacts, UnansweredClosure } from './facts.ts';
export { ofName } from '../words/fr.ts';

type Template<F> = (lang: Lang, f: F) => { subject: string; blocks: Block[] };

const p = (text: string): Block => ({ kind: 'p', text });
const table = (heading: string, rows: readonly (readonly [string, string])[]): Block => ({ kind: 'table', heading, rows });
const attachmentList = (heading: string, rows: readonly (readonly [string, string])[]): Block[] => (rows.length > 0 ? [table(heading, rows)] : []);
const followLink = (lang: Lang, f: TicketFacts): Block => {
  const { follow } = serverWords[lang].mail;
  return { kind: 'link', text: follow.text, label: follow.label, href: f.statusLink };
};

/** Each mail's blocks, the same in every language; the words come from server/words. */
export const templates: { [K in TemplateKind]: Template<TemplateFacts[K]> } = {
  confirmation: (lang, f) => {
    const w = serverWords[lang].mail;
    return {
      subject: w.confirmation.subject(f),
      blocks: [p(w.hello(f.requesterName)), p(w.confirmation.received(f)), followLink(lang, f), p(w.confirmation.personal), table(w.yourRequest, f.summary)],
    };
  },
  agent_reply: (lang, f) => {
    const w = serverWords[lang].mail;
    return {
      subject: w.agentReply.subject(f),
      blocks: [p(w.hello(f.requesterName)), p(w.agentReply.replied(f)), { kind: 'quote', text: f.body }, p(w.replyHint), followLink(lang, f)],
    };
  },
  approved: (lang, f) => {
    const w = serverWords[lang].mail;
    return {
      subject: w.approved.subject(f),
      blocks: [
        p(w.hello(f.requesterName)),
        p(w.approved.approved(f)),
        ...(f.download ? [{ kind: 'link' as const, text: w.approved.download, label: f.download, href: f.download }] : []),
        ...(f.installHelp ? [{ kind: 'link' as const, text: w.approved.installHelp, label: f.installHelp, href: f.installHelp }] : []),
        p(w.approved.closesAt(f.closesAt)),
        followLink(lang, f),
      ],
    };
  },
  rejected: (lang, f) => {
    const w = serverWords[lang].mail;
    return {
      subject: w.rejected.subject(f),
      blocks: [p(w.hello(f.requesterName)), p(w.rejected.rejected(f)), { kind: 'quote', text: f.reason }, p(w.rejected.question), followLink(lang, f)],
    };
  },
  waiting: (lang, f) => {
    const w = serverWords[lang].mail;
    return { subject: w.waiting.subject(f), blocks: [p(w.hello(f.requesterName)), p(w.waiting.now(f)), p(w.replyHint), followLink(lang, f)] };
  },
  closed: (lang, f) => {
    const w = serverWords[lang].mail;
    return { subject: w.closed.subject(f), blocks: [p(w.hello(f.requesterName)), p(w.closed.handled(f)), p(w.closed.notSolved), followLink(lang, f)] };
  },
  closure: (lang, f) => {
    const w = serverWords[lang].mail;
    return {
      subject: w.closure.subject(f),
      blocks: [
        p(w.hello(f.requesterName)),
        p(f.scheduled ? w.closure.scheduled(f) : w.closure.idle(f)),
        p(w.closure.reopenUntil(f.reopenUntil)),
        { kind: 'link', text: w.closure.link, label: w.closure.linkLabel, href: f.reopenLink },
      ],
    };
  },
  queue_reopened: (lang, f) => {
    const w = serverWords[lang].mail;
    return { subject: w.queueReopened.subject(f), blocks: [p(w.queueReopened.reopened(f)), { kind: 'quote', text: f.body }] };
  },
  queue_new_ticket: (lang, f) => {
    const w = serverWords[lang].mail;
    return {
      subject: w.queueNewTicket.subject(f),
      blocks: [p(w.queueNewTicket.from(f)), table(w.queueNewTicket.heading, f.summary), ...attachmentList(w.queueNewTicket.attachments, f.attachments)],
    };
  },
  queue_requester_message: (lang, f) => {
    const w = serverWords[lang].mail;
    return { subject: w.queueRequesterMessage.subject(f), blocks: [p(w.queueRequesterMessage.wrote(f)), { kind: 'quote', text: f.body }] };
  },
};

function renderText(blocks: Block[], lang: Lang): string {
  const words = serverWords[lang].mail;
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
        return `${words.heading(b.heading)}\n${b.rows.map(([k, v]) => `  ${words.labelled(k, v)}`).join('\n')}`;
    }
  });
  return `${parts.join('\n\n')}\n\n-- \n${words.signature}\n`;
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
    `<p style="color:#555">— ${escapeHtml(serverWords[lang].mail.signature)}</p></body></html>`
  );
}

/** The queue's daily list of requests closed without any agent's answer, in the service's language. */
export function unansweredDigest(lang: Lang, queueName: string, closures: readonly UnansweredClosure[]): RenderedMail {
  const rows = closures.map((c) => [c.number, `${c.formTitle} — ${c.requesterName} (${c.createdAt} → ${c.closedAt})`] as const);
  const words = serverWords[lang].mail.unanswered;
  return renderBlocks(words.subject(closures.length, queueName), [p(words.intro(queueName)), table(words.heading, rows)], lang);
}

/** Renders blocks that belong to no ticket (an anonymous requester's address check) the same way: text, and HTML with every value escaped. */
export function renderBlocks(subject: string, blocks: Block[], lang: Lang): RenderedMail {
  return { subject, text: renderText(blocks, lang), html: renderHtml(blocks, lang) };
}

/** Renders one template in one language: a subject, a text part and an HTML part with every value escaped. */
export function renderMail<K extends TemplateKind>(kind: K, lang: Lang, facts: TemplateFacts[K]): RenderedMail {
  const { subject, blocks } = (templates[kind] as Template<TemplateFacts[K]>)(lang, facts);
  return { subject, text: renderText(blocks, lang), html: renderHtml(blocks, lang) };
}
