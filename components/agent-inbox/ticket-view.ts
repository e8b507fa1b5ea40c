import { html, nothing, type TemplateResult } from 'lit';
import type { FormDefinition } from '../../forms/definition.ts';
import type { Lang } from '../../forms/lang.ts';
import { formatValue, instant } from '../internal/format.ts';
import type { AgentTicket, Holder } from '../../server/wire/agent.ts';
import type { AgentTerms, EventType } from './terms.ts';

/** Who holds a ticket, as the list and the ticket say it. */
export const holderText = (t: AgentTerms, holder: Holder | null, me: Holder | undefined): string =>
  !holder ? t.free : holder.id === me?.id ? t.heldByYou : t.heldBy(holder.name);

/** The facts an agent decides on: who asked, the state, who holds it, the dates. */
export function facts(t: AgentTerms, lang: Lang, ticket: AgentTicket, me: Holder | undefined): TemplateResult {
  const row = (term: string, value: unknown) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;
  return html`<dl part="facts" class="facts">
    ${row(t.requester, `${ticket.requester.name} <${ticket.requester.email}>`)}
    ${row(t.state, html`<span class="state">${ticket.stateLabel}</span>`)}
    ${row(t.holder, holderText(t, ticket.lockedBy, me))}
    ${row(t.created, instant(lang, ticket.createdAt))}
    ${row(t.lastActivity, instant(lang, ticket.lastActivityAt))}
    ${ticket.pendingUntil ? row(t.pendingUntil, instant(lang, ticket.pendingUntil, 'full')) : nothing}
    ${ticket.autoCloseAt ? row(t.autoCloseAt, instant(lang, ticket.autoCloseAt, 'full')) : nothing}
  </dl>`;
}

/** What was asked, under the form's labels when the definition is known. */
export function submitted(t: AgentTerms, lang: Lang, ticket: AgentTicket, form: FormDefinition | undefined): TemplateResult {
  const fields = form?.fields ?? [];
  const keys = [...fields.map((f) => f.id).filter((k) => k in ticket.data), ...Object.keys(ticket.data).filter((k) => !fields.some((f) => f.id === k))];
  return html`<dl part="data" class="facts">
    ${keys.map((key) => {
      const field = fields.find((f) => f.id === key);
      return html`<div><dt>${field?.label[lang] ?? key}</dt><dd>${formatValue(t, lang, ticket.data[key], field)}</dd></div>`;
    })}
  </dl>`;
}

/** What an event's data adds to its name: the new state, whom the lock was taken from, by mail, a thank-you, why a mail was held. */
function detail(t: AgentTerms, type: string, author: string | null, data: unknown): string {
  const d = (data ?? {}) as { to?: unknown; from?: unknown; via?: unknown; thanks?: unknown; reason?: unknown };
  if (type === 'mail_held') return d.reason === 'rate_limited' ? t.heldRateLimited(String(d.from || author || '')) : t.heldUnverified(String(d.from || author || ''));
  if (type === 'mail_accepted') return t.mailAccepted;
  if (d.from && typeof d.from === 'object' && (d.from as { name?: string }).name) return t.takenFrom((d.from as { name: string }).name);
  const said = [d.via === 'mail' ? t.viaMail : '', d.thanks === true ? t.thanksKept : '', typeof d.to === 'string' ? (t.states[d.to] ?? d.to) : ''];
  return said.filter(Boolean).join(' · ');
}

const label = (t: AgentTerms, type: string): string => (type in t.eventTypes ? t.eventTypes[type as EventType] : type);

/**
 * The whole history, newest last; internal entries say so in words, not only
 * in colour. A held mail not yet accepted offers `accept` (the workspace runs it).
 */
export function history(t: AgentTerms, lang: Lang, ticket: AgentTicket, accept?: (event: SubmitEvent) => void): TemplateResult {
  const events = ticket.events ?? [];
  const accepted = new Set(events.filter((e) => e.type === 'mail_accepted').map((e) => (e.data as { event?: number } | null)?.event));
  return html`<ol part="events" class="events">
    ${events.map((event) => {
      const extra = detail(t, event.type, event.author, event.data);
      return html`<li class=${event.public ? 'public' : 'internal'}>
        <div class="event-head">
          <span class="event-type">${label(t, event.type)}</span>
          ${event.public ? nothing : html`<span class="badge">${t.internal}</span>`}
          ${event.author ? html`<span class="muted">${event.author}</span>` : nothing} <span class="muted">${instant(lang, event.at)}</span>
        </div>
        ${extra ? html`<p class="event-body">${extra}</p>` : nothing}
        ${event.body ? html`<p class="event-body">${event.body}</p>` : nothing}
        ${event.type === 'mail_held' && accept && !accepted.has(event.id)
          ? html`<form part="form" class="accept-mail" data-event=${event.id} @submit=${accept}><button part="submit-button" class="submit secondary" type="submit">${t.acceptMail}</button></form>`
          : nothing}
      </li>`;
    })}
  </ol>`;
}
