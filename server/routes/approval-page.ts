import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Lang } from '../../forms/lang.ts';
import { escapeHtml } from '../mail/escape.ts';
import { serverWords, type ServerWords } from '../words/index.ts';
import type { ApprovalLinkState, Approvals } from '../services/approvals.ts';
import { formatInstant } from '../services/format.ts';
import { summarise } from '../mail/summary.ts';
import type { AppEnv } from './context.ts';
import { pageCss, pageHeaders, pageShell, stylesheetHeaders } from './page-shell.ts';

/**
 * The page an approver outside the queue reaches from their mail: the request,
 * and Approve and Decline as two plain HTML forms (native controls, no script:
 * it works in any mail client's browser). GET only shows — mail scanners follow
 * links; the decision is a POST carrying the link's token. Served under a
 * policy allowing no script at all, and forms posting to this page only.
 */
export const approvalPath = '/approval';

/** A decline's reason, as the agents' reject takes it. */
const reasonMax = 5000;
const tokenMax = 200;

const policy = {
  defaultSrc: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  objectSrc: ["'none'"],
};

const stylesheet = `${approvalPath}/page.css`;

/** Large targets; focus stays visible (the browser's own ring). */
const css = `${pageCss}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p{margin:0 0 1rem}
table{border-collapse:collapse;margin:0 0 1rem}
th,td{text-align:left;vertical-align:top;padding:.25rem 1rem .25rem 0}
td{white-space:pre-wrap}
form{margin:0 0 1.5rem}
label{display:block;margin:0 0 .25rem;font-weight:600}
textarea{display:block;width:100%;box-sizing:border-box;min-height:6rem;font:inherit;margin:0 0 .75rem}
button{font:inherit;padding:.5rem 1rem;min-height:2.75rem}
.outcome{padding:1rem;border:2px solid currentColor;border-radius:.25rem}
`;

type Words = ServerWords['approval']['page'];

function page(lang: Lang, words: Words, body: string): string {
  return pageShell({ lang, title: words.title, stylesheet, noindex: true, body });
}

/** A state with nothing to decide, said plainly; `when` formats the earlier decision's time. */
function outcome(words: Words, state: Exclude<ApprovalLinkState, { kind: 'open' }>, when: (instant: string) => string, justDecided: boolean): string {
  let text: string;
  if (state.kind === 'decided') {
    const decision = state.step.state === 'declined' ? 'declined' : 'approved';
    text = justDecided ? words[decision] : words.alreadyDecided(when(state.step.decided_at!), decision);
  } else text = words[state.kind];
  return `<p class="outcome" role="status">${escapeHtml(text)}</p>`;
}

function decisionForms(lang: Lang, words: Words, token: string, state: Extract<ApprovalLinkState, { kind: 'open' }>, when: (instant: string) => string, problem?: string): string {
  const { ticket, form, definition, step } = state;
  const rows = summarise(form, JSON.parse(ticket.data), lang);
  const stepName = definition.name?.[lang] ?? step.step_id;
  const action = `${approvalPath}?lang=${lang}`;
  const hidden = `<input type="hidden" name="token" value="${escapeHtml(token)}">`;
  return [
    `<p>${escapeHtml(words.intro(ticket.requester_name, form.title[lang], ticket.number, stepName))}</p>`,
    `<h2>${escapeHtml(words.request)}</h2>`,
    `<table><tr><th scope="row">${escapeHtml(words.requester)}</th><td>${escapeHtml(`${ticket.requester_name} <${ticket.requester_email}>`)}</td></tr>`,
    ...rows.map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    step.link_expires_at ? `<p>${escapeHtml(words.validUntil(when(step.link_expires_at)))}</p>` : '',
    `<h2 id="approve-heading">${escapeHtml(words.approveHeading)}</h2>`,
    definition.confirms ? `<p>${escapeHtml(definition.confirms[lang])}</p>` : '',
    `<form method="post" action="${action}" aria-labelledby="approve-heading">${hidden}<input type="hidden" name="decision" value="approve"><button type="submit">${escapeHtml(words.approve)}</button></form>`,
    `<h2 id="decline-heading">${escapeHtml(words.declineHeading)}</h2>`,
    `<form method="post" action="${action}" aria-labelledby="decline-heading">${hidden}<input type="hidden" name="decision" value="decline">`,
    `<label for="reason">${escapeHtml(words.reason)}</label>`,
    problem ? `<p id="reason-problem" role="alert">${escapeHtml(problem)}</p>` : '',
    `<textarea id="reason" name="reason" required maxlength="${reasonMax}"${problem ? ' aria-invalid="true" aria-describedby="reason-problem"' : ''}></textarea>`,
    `<button type="submit">${escapeHtml(words.decline)}</button></form>`,
  ].join('\n');
}

/** The status each answer carries: a link that decides nothing is not a success. */
const statusOf: Record<ApprovalLinkState['kind'], 200 | 404 | 409 | 410> = { open: 200, decided: 409, invalid: 404, expired: 410, replaced: 410, withdrawn: 409 };

export function approvalPageRoutes(deps: { approvals: Approvals; timeZone: string }) {
  const app = new Hono<AppEnv>();
  app.use(`${approvalPath}`, pageHeaders(policy));
  app.use(`${approvalPath}/*`, pageHeaders(policy));
  app.get(stylesheet, (c) => c.body(css, 200, stylesheetHeaders));

  const when = (lang: Lang) => (instant: string) => formatInstant(instant, lang, deps.timeZone);

  app.get(approvalPath, async (c) => {
    const lang = c.get('lang');
    const words = serverWords[lang].approval.page;
    const token = (c.req.query('token') ?? '').slice(0, tokenMax);
    const state = await deps.approvals.show(token);
    // Never kept: the page holds the link's token.
    c.header('cache-control', 'no-store');
    const body = state.kind === 'open' ? decisionForms(lang, words, token, state, when(lang)) : outcome(words, state, when(lang), false);
    return c.html(page(lang, words, body), statusOf[state.kind]);
  });

  app.post(
    approvalPath,
    bodyLimit({ maxSize: 32 * 1024, onError: (c) => c.text('Too large', 413) }),
    async (c) => {
      const lang = c.get('lang');
      const words = serverWords[lang].approval.page;
      c.header('cache-control', 'no-store');
      const type = c.req.header('content-type') ?? '';
      const form = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type) ? await c.req.parseBody() : {};
      const text = (value: unknown, max: number) => (typeof value === 'string' ? value.slice(0, max) : '');
      const token = text(form.token, tokenMax);
      const decision = form.decision === 'approve' || form.decision === 'decline' ? form.decision : undefined;
      const reason = text(form.reason, reasonMax).trim();
      if (!decision || (decision === 'decline' && !reason)) {
        const state = await deps.approvals.show(token);
        if (state.kind !== 'open') return c.html(page(lang, words, outcome(words, state, when(lang), false)), statusOf[state.kind]);
        return c.html(page(lang, words, decisionForms(lang, words, token, state, when(lang), words.reasonNeeded)), 422);
      }
      const state = await deps.approvals.decide(token, decision, decision === 'decline' ? reason : undefined);
      // Decided by this very request: what the approver did; decided before: that it already was, and when.
      const justDecided = state.kind === 'decided' && state.fresh === true;
      if (state.kind === 'open') return c.html(page(lang, words, decisionForms(lang, words, token, state, when(lang))), 200);
      return c.html(page(lang, words, outcome(words, state, when(lang), justDecided)), justDecided ? 200 : statusOf[state.kind]);
    },
  );
  return app;
}
