import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Lang } from '../../forms/lang.ts';
import { instant } from '../internal/format.ts';
import type { AgentQueue, AgentTicketSummary, Holder } from '../../server/wire/agent.ts';
import type { AgentTerms } from './terms.ts';
import { holderText } from './ticket-view.ts';

export const states = ['new', 'open', 'pending', 'appointment', 'pending_auto_close', 'closed'];

export interface ListPane {
  t: AgentTerms;
  lang: Lang;
  queues: AgentQueue[];
  queueId: string;
  agent: Holder | undefined;
  live: boolean;
  /** The rows the filter lets through; undefined while the queue loads. */
  tickets: AgentTicketSummary[] | undefined;
  /** Closed by the sweep with no agent's answer in the last week: listed apart, each opens. */
  closedUnanswered: AgentTicketSummary[];
  filter: string;
  /** The search field's text; while it is not empty the list holds its results. */
  searchText: string;
  onSearch(text: string): void;
  /** The row that holds the list's one tab stop (roving tabindex). */
  tabStop: string | undefined;
  open: string | undefined;
  onQueue(id: string): void;
  onFilter(value: string): void;
  onKey(event: KeyboardEvent): void;
  onOpen(number: string): void;
  onFocus(number: string): void;
}

/** The queue buttons with their counts per state, the state filter, and the tickets as a listbox. */
export function listPane(v: ListPane): TemplateResult {
  const { t } = v;
  const queue = v.queues.find((x) => x.id === v.queueId);
  const countText = (counts: Record<string, number>) =>
    states.filter((s) => counts[s]).map((s) => t.count(t.states[s]!, counts[s]!)).join(' · ') || t.noTickets;
  return html`<section class="list-pane" aria-labelledby="tickets-title">
    <h2 id="queues-title">${t.queuesTitle}</h2>
    <div part="queues" class="queues" role="group" aria-labelledby="queues-title">
      ${v.queues.map(
        (x) => html`<button type="button" class="queue" aria-pressed=${x.id === v.queueId ? 'true' : 'false'} @click=${() => v.onQueue(x.id)}>
          <span class="queue-name">${x.name}</span> <span class="counts">${countText(x.counts)}</span>
        </button>`,
      )}
    </div>
    <h2 id="tickets-title">${t.ticketsTitle(queue?.name ?? '')}</h2>
    <div class="search">
      <label for="search">${t.searchLabel}</label>
      <input
        id="search"
        part="input"
        type="search"
        autocomplete="off"
        maxlength="200"
        aria-describedby="search-hint"
        .value=${v.searchText}
        @input=${(e: Event) => v.onSearch((e.target as HTMLInputElement).value)}
      />
      <p id="search-hint" class="muted hint">${t.searchHint}</p>
    </div>
    <div class="tools">
      <div>
        <label for="filter">${t.filterLabel}</label>
        <select id="filter" @change=${(e: Event) => v.onFilter((e.target as HTMLSelectElement).value)}>
          <option value="active" ?selected=${v.filter === 'active'}>${t.filterActive}</option>
          ${states.map((s) => html`<option value=${s} ?selected=${v.filter === s}>${t.states[s]} (${queue?.counts[s] ?? 0})</option>`)}
          <option value="all" ?selected=${v.filter === 'all'}>${t.filterAll}</option>
        </select>
      </div>
      <span class=${v.live ? 'live on' : 'live'}>${v.live ? t.live : t.offline}</span>
    </div>
    <p id="list-hint" class="muted hint">${t.listHint}</p>
    ${!v.tickets
      ? html`<p class="muted">${t.loading}</p>`
      : v.tickets.length === 0
        ? html`<p class="muted" role=${v.searchText.trim() ? 'status' : nothing}>${v.searchText.trim() ? t.noResults : t.noTickets}</p>`
        : html`<ul part="list" class="list" role="listbox" aria-labelledby="tickets-title" aria-describedby="list-hint" @keydown=${v.onKey}>
            ${repeat(
              v.tickets,
              (row) => row.number,
              (row) => html`<li
                role="option"
                class="row"
                data-number=${row.number}
                aria-selected=${row.number === v.open ? 'true' : 'false'}
                tabindex=${row.number === v.tabStop ? '0' : '-1'}
                @click=${() => v.onOpen(row.number)}
                @focus=${() => v.onFocus(row.number)}
              >
                <span class="row-head"><span class="number">${row.number}</span> <span class="title">${row.title}</span></span>
                <span class="row-meta">
                  <span>${row.requester.name}</span> · <span class="state">${t.states[row.state] ?? row.stateLabel}</span> ·
                  <span class=${row.lockedBy ? 'holder held' : 'holder'}>${holderText(t, row.lockedBy, v.agent)}</span> ·
                  <span class="muted">${instant(v.lang, row.lastActivityAt)}</span>
                  ${row.overdue ? html` · <strong part="overdue" class="overdue">${t.overdue}</strong>` : nothing}
                  ${row.awaitingApproverSince ? html` · <strong part="awaiting-approver" class="awaiting">${t.awaitingApprover}</strong>` : nothing}
                </span>
              </li>`,
            )}
          </ul>`}
    ${v.closedUnanswered.length > 0
      ? html`<section class="unanswered" aria-labelledby="unanswered-title">
          <h3 id="unanswered-title">${t.closedUnansweredTitle}</h3>
          <p class="muted hint">${t.closedUnansweredHint}</p>
          <ul class="unanswered-list">
            ${v.closedUnanswered.map(
              (row) => html`<li>
                <button type="button" class="link" @click=${() => v.onOpen(row.number)}>${row.number} — ${row.title}</button>
                <span class="muted">${row.requester.name} · ${row.closedAt ? instant(v.lang, row.closedAt) : nothing}</span>
              </li>`,
            )}
          </ul>
        </section>`
      : nothing}
  </section>`;
}
