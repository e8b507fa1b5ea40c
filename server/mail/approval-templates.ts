import type { Lang } from '../../forms/lang.ts';
import { serverWords } from '../words/index.ts';
import type { ApprovalMailFacts } from './facts.ts';
import { type Block, renderBlocks, type RenderedMail } from './templates.ts';

export type { ApprovalMailFacts } from './facts.ts';

/** The mail asking an approver outside the queue to decide, or reminding them. */
export function approvalRequestMail(lang: Lang, f: ApprovalMailFacts, link: string, validUntil: string, reminder: boolean): RenderedMail {
  const w = serverWords[lang].approval.mail;
  const blocks: Block[] = [
    { kind: 'p', text: w.hello },
    ...(reminder ? [{ kind: 'p' as const, text: w.request.reminder }] : []),
    { kind: 'p', text: w.request.intro(f) },
    { kind: 'link', text: w.request.link, label: w.request.label, href: link },
    { kind: 'p', text: w.request.valid(validUntil) },
    { kind: 'table', heading: w.request.heading, rows: f.summary },
    { kind: 'p', text: w.request.questions(f.queueName) },
  ];
  return renderBlocks(reminder ? w.request.reminderSubject(f) : w.request.subject(f), blocks, lang);
}

/** The requester's mail when an approver declined: who, and why. */
export function approvalDeclinedMail(lang: Lang, f: ApprovalMailFacts, by: string, reason: string, statusLink: { text: string; label: string; href: string }): RenderedMail {
  const w = serverWords[lang].approval.mail;
  return renderBlocks(
    w.declined.subject(f),
    [{ kind: 'p', text: w.hello }, { kind: 'p', text: w.declined.intro(f, by) }, { kind: 'quote', text: reason }, { kind: 'p', text: w.declined.after }, { kind: 'link', ...statusLink }],
    lang,
  );
}

/** The queue's mail when a step is stuck: nobody answers, or nobody could be asked. */
export function approvalStuckMail(lang: Lang, f: ApprovalMailFacts, stuck: { who: string; since: string; reminders: number } | { why: string }): RenderedMail {
  const w = serverWords[lang].approval.mail;
  const text = 'why' in stuck ? w.stuck.nobody(f, stuck.why) : w.stuck.unanswered(f, stuck.who, stuck.since, stuck.reminders);
  return renderBlocks(w.stuck.subject(f), [{ kind: 'p', text }, { kind: 'p', text: w.stuck.action }, { kind: 'table', heading: w.request.heading, rows: f.summary }], lang);
}
