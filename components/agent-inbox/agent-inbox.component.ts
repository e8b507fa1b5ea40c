import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import type { FormDefinition } from '../../forms/definition.ts';
import { ApiError } from '../internal/api.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { FormSender } from '../internal/form-sender.ts';
import { GuichetElement, internal } from '../internal/guichet-element.ts';
import { formText, notice, textForm } from '../internal/templates.ts';
import type { AgentTicket, AgentTicketSummary, QueueChange } from '../../server/wire/agent.ts';
import type { AgentAction } from './agent-api.ts';
import { styles } from './agent-inbox.styles.ts';
import { QueueController } from './queue-controller.ts';
import { listPane } from './ticket-list.ts';
import { agentTerms } from './terms.ts';
import { formatInstant, formatValue } from '../internal/format.ts';
import { facts, history, holderText, submitted } from './ticket-view.ts';

const stateTargets = ['open', 'pending', 'appointment', 'pending_auto_close', 'closed'];

/**
 * @summary The agents' workspace: the agent's queues with their counts per
 * state, the tickets of one queue (most recently active first, with who holds
 * each), and the open ticket with its whole history and every action — reply
 * (with the queue's canned answers), internal note, lock and take-over,
 * state with a date, approval with the workflow's checklist, rejection, move.
 * Another agent's lock, reply or state change shows within seconds: the
 * workspace follows the queue's live stream. Every action works from the
 * keyboard; the list moves with the arrow keys and opens with Enter.
 *
 * Attributes: `api` (the Guichet server, default: the origin this script was
 * loaded from), `lang` (fr, en, de), `dev-user` (dev mode only). A fragment
 * `#ticket=NUMBER` opens that ticket.
 *
 * @csspart queues - The queue buttons.
 * @csspart list - The ticket list (a listbox).
 * @csspart ticket - The open ticket.
 * @csspart facts - Requester, state, holder and dates.
 * @csspart data - What was asked.
 * @csspart events - The history, internal entries included.
 * @csspart form - Each action's form.
 * @csspart label - Their labels.
 * @csspart input - Their text areas.
 * @csspart alert - Why an action was refused.
 * @csspart submit-button - Their buttons.
 * @csspart message - Loading and problems.
 *
 * @cssproperty --guichet-color-primary - Buttons, the selected ticket, focus.
 * @cssproperty --guichet-color-danger - The reject button and refusals.
 */
export default class GuichetAgentInbox extends GuichetElement {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    filter: internal,
    active: internal,
    ticket: internal,
    definition: internal,
    loadingTicket: internal,
    ticketProblem: internal,
    searchText: internal,
    searchResults: internal,
  };

  /** Which states the list shows: `active` (not closed), `all`, or one state. */
  private declare filter: string;
  /** The row that holds the list's tab stop (roving tabindex). */
  private declare active?: string;
  private declare ticket?: AgentTicket;
  private declare definition?: FormDefinition;
  private declare loadingTicket: boolean;
  private declare ticketProblem?: string;
  /** What the agent typed in the search field; the list shows `searchResults` while it is not empty. */
  private declare searchText: string;
  private declare searchResults?: AgentTicketSummary[];
  #searchTimer?: ReturnType<typeof setTimeout>;
  #searchRun = 0;

  readonly #queue = new QueueController(this, () => this.localize.lang, (change, before) => this.#changed(change, before));
  readonly #send = new FormSender(this, this.localize);
  #opening = 0;

  constructor() {
    super();
    this.filter = 'active';
    this.loadingTicket = false;
    this.searchText = '';
  }

  get #t() {
    return agentTerms[this.localize.lang];
  }

  get #api() {
    return this.#queue.api;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this.#onHashChange);
    const number = this.#addressed();
    if (number && !this.ticket) void this.#open(number, false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('hashchange', this.#onHashChange);
    clearTimeout(this.#searchTimer);
  }

  /** The ticket the page's address names (`#ticket=NUMBER`). */
  #addressed(): string | null {
    return new URLSearchParams(location.hash.slice(1)).get('ticket');
  }

  /** An address typed, pasted or reached with Back opens its ticket. */
  #onHashChange = () => {
    const number = this.#addressed();
    if (number && number !== this.ticket?.number) void this.#open(number, false);
  };

  /** The address follows the ticket shown, so it can be copied, bookmarked and reached with Back. */
  #showInAddress(number: string): void {
    if (this.#addressed() === number) return;
    const params = new URLSearchParams(location.hash.slice(1));
    params.set('ticket', number);
    window.history.pushState(window.history.state, '', `#${params.toString()}`);
  }

  /** Results as the agent types: one request per pause, the last answer wins. */
  #onSearch = (text: string) => {
    this.searchText = text;
    clearTimeout(this.#searchTimer);
    const run = ++this.#searchRun;
    if (!text.trim()) {
      this.searchResults = undefined;
      return;
    }
    this.#searchTimer = setTimeout(async () => {
      const found = await this.#api.search(text).catch(() => []);
      if (run === this.#searchRun) this.searchResults = found;
    }, 150);
  };

  /** Another agent (or another tab) changed a ticket: the open one is read again, and the change is said. */
  #changed(change: QueueChange, before: AgentTicketSummary | undefined): void {
    const t = this.#t;
    if (change.number === this.ticket?.number) void this.#reload(change.number);
    if (before && before.lockedBy?.id !== change.lockedBy?.id && change.lockedBy?.id !== this.#queue.agent?.id) {
      this.announce(t.changed(change.number, holderText(t, change.lockedBy, this.#queue.agent)));
    } else if (before && before.state !== change.state && t.states[change.state]) {
      this.announce(t.changed(change.number, t.states[change.state]!));
    }
  }

  async #reload(number: string): Promise<void> {
    const ticket = await this.#api.ticket(number).catch(() => undefined);
    if (ticket && this.ticket?.number === number) this.ticket = ticket;
  }

  async #open(number: string, focus = true): Promise<void> {
    const run = ++this.#opening;
    this.active = number;
    this.loadingTicket = true;
    this.ticketProblem = undefined;
    try {
      const ticket = await this.#api.ticket(number);
      if (run !== this.#opening) return;
      if (this.definition?.id !== ticket.formId) {
        this.definition = undefined;
        // Without the definition the data still shows, under the field ids.
        void this.client
          .form(ticket.formId)
          .then((definition) => this.ticket?.formId === ticket.formId && (this.definition = definition as FormDefinition))
          .catch(() => undefined);
      }
      this.ticket = ticket;
      this.#showInAddress(ticket.number);
      if (ticket.queueId !== this.#queue.queueId && this.#queue.queues?.some((q) => q.id === ticket.queueId)) this.#queue.show(ticket.queueId);
    } catch (error) {
      if (run !== this.#opening) return;
      this.ticket = undefined;
      this.ticketProblem = error instanceof ApiError && error.status ? (error.serverMessage ?? this.#t.genericError) : this.#t.networkError;
    } finally {
      if (run === this.#opening) this.loadingTicket = false;
    }
    await this.updateComplete;
    if (focus && run === this.#opening) this.renderRoot.querySelector<HTMLElement>(this.ticket ? '#ticket-title' : '.ticket-pane [role="alert"]')?.focus();
  }

  get #visible(): AgentTicketSummary[] {
    if (this.searchText.trim()) return this.searchResults ?? [];
    const tickets = this.#queue.tickets ?? [];
    if (this.filter === 'all') return tickets;
    if (this.filter === 'active') return tickets.filter((t) => t.state !== 'closed');
    return tickets.filter((t) => t.state === this.filter);
  }

  #focusRow(number: string | undefined): void {
    if (!number) return;
    this.active = number;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[role="option"][data-number="${number}"]`)?.focus());
  }

  #onListKey = (event: KeyboardEvent) => {
    const rows = this.#visible;
    const at = rows.findIndex((t) => t.number === (event.target as HTMLElement).dataset.number);
    const go = (index: number) => this.#focusRow(rows[Math.max(0, Math.min(rows.length - 1, index))]?.number);
    switch (event.key) {
      case 'ArrowDown':
        go(at + 1);
        break;
      case 'ArrowUp':
        go(at - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(rows.length - 1);
        break;
      case 'Enter':
      case ' ':
        if (rows[at]) void this.#open(rows[at].number);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  /** Escape in the ticket goes back to its row in the list. */
  #onTicketKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    this.#backToList();
  };

  #backToList = () => this.#focusRow(this.#visible.some((t) => t.number === this.ticket?.number) ? this.ticket!.number : this.#visible[0]?.number);

  /**
   * Runs one action on the open ticket through the form that asked for it; the
   * answer is the ticket as it now stands. Focus stays where the agent was when
   * that control is still there, else goes to the ticket's heading.
   */
  #act(event: SubmitEvent, action: AgentAction, body: (data: FormData, form: HTMLFormElement) => object | undefined, done: (ticket: AgentTicket) => string) {
    const number = this.ticket?.number;
    const form = event.target as HTMLFormElement;
    return this.#send.send(
      event,
      async (data) => {
        const json = body(data, form);
        if (!number || !json) return '';
        let ticket: AgentTicket;
        try {
          ticket = await this.#api.act(number, action, json);
        } catch (error) {
          // Refused because someone else holds it: show who, as it stands now.
          if (error instanceof ApiError && error.status === 409) void this.#reload(number);
          throw error;
        }
        this.ticket = ticket;
        this.#queue.patch(ticket);
        form.reset();
        this.announce(done(ticket));
        await this.updateComplete;
        return form.isConnected ? `.${form.className} button[type="submit"]` : '#ticket-title';
      },
      // After a refusal: back in the text to mend it (the text forms disable it while sending); elsewhere focus never left.
      form.querySelector('textarea') ? 'textarea' : '',
    );
  }

  #onLock = (event: SubmitEvent) => {
    const t = this.#t;
    const holder = this.ticket?.lockedBy;
    const me = this.#queue.agent?.id;
    if (holder?.id === me) return this.#act(event, 'unlock', () => ({}), () => t.unlocked);
    if (holder) return this.#act(event, 'lock', () => ({ takeOver: true }), () => t.tookOver);
    return this.#act(event, 'lock', () => ({}), () => t.locked);
  };

  #onAcceptMail = (event: SubmitEvent) => {
    const id = Number((event.target as HTMLFormElement).dataset.event);
    return this.#act(event, `held-mails/${id}/accept`, () => ({}), () => this.#t.mailAccepted);
  };

  #onReply = (event: SubmitEvent) => this.#act(event, 'replies', (data) => (formText(data, 'reply') ? { body: formText(data, 'reply') } : undefined), () => this.#t.replySent);

  #onNote = (event: SubmitEvent) => this.#act(event, 'notes', (data) => (formText(data, 'note') ? { body: formText(data, 'note') } : undefined), () => this.#t.noteAdded);

  #onReject = (event: SubmitEvent) => this.#act(event, 'reject', (data) => (formText(data, 'reason') ? { reason: formText(data, 'reason') } : undefined), () => this.#t.rejected);

  #onMove = (event: SubmitEvent) =>
    this.#act(event, 'move', (data) => ({ queueId: formText(data, 'queue') }), (ticket) => this.#t.moved(this.#queue.moveTargets.find((q) => q.id === ticket.queueId)?.name ?? ticket.queueId));

  #onState = (event: SubmitEvent) =>
    this.#act(
      event,
      'state',
      (data, form) => {
        const state = formText(data, 'state');
        const until = formText(data, 'until');
        if ((state === 'appointment' || state === 'pending_auto_close') && !until) {
          const input = form.querySelector<HTMLInputElement>('[name="until"]')!;
          input.setCustomValidity(this.#t.untilNeeded);
          input.reportValidity();
          input.addEventListener('input', () => input.setCustomValidity(''), { once: true });
          throw new ApiError(422, 'validation', this.#t.untilNeeded);
        }
        return { state, ...(until ? { until: new Date(until).toISOString() } : {}) };
      },
      (ticket) => this.#t.stateChanged(ticket.stateLabel),
    );

  #onApprove = (event: SubmitEvent) =>
    this.#act(
      event,
      'approve',
      (_, form) => {
        const boxes = [...form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
        for (const box of boxes) box.setAttribute('aria-invalid', String(!box.checked));
        const missing = boxes.find((box) => !box.checked);
        if (missing) {
          missing.focus();
          throw new ApiError(422, 'validation', this.#t.confirmMissing);
        }
        return { confirm: Object.fromEntries(boxes.map((box) => [box.value, true])) };
      },
      () => this.#t.approved,
    );

  #onResend = (event: SubmitEvent) =>
    this.#act(event, 'approval/resend', (data) => (formText(data, 'approver') ? { email: formText(data, 'approver') } : {}), () => this.#t.resent);

  /** The steps, who was asked and how often, and (while an outside approver is awaited) re-sending or re-routing the link. */
  #renderApprovals(ticket: AgentTicket, button: (label: string, extra?: string) => TemplateResult, alert: (name: string) => TemplateResult) {
    const steps = ticket.approvalSteps;
    if (!steps?.length) return nothing;
    const t = this.#t;
    const lang = this.localize.lang;
    const current = steps.find((s) => s.state === 'current' && s.outside);
    const line = (step: NonNullable<AgentTicket['approvalSteps']>[number]) => {
      const date = step.state === 'current' ? step.since : step.decidedAt;
      const text = t.approvalStep(step.name, step.state, date ? formatInstant(lang, date) : undefined, step.decidedBy ?? undefined);
      return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
    };
    return html`<section part="approvals" class="approvals" aria-labelledby="approvals-title">
      <h3 id="approvals-title">${t.approvalsTitle}</h3>
      <ol>
        ${steps.map(
          (step) => html`<li class=${step.state} aria-current=${step.state === 'current' ? 'step' : nothing}>
            ${line(step)}
            ${step.state === 'current' && step.outside
              ? html`<br /><span class="muted">${step.approver ? t.approvalAsked(step.approver, step.remindersSent) : t.approvalNobody}</span>
                  ${step.stuckSince ? html`<br /><strong class="overdue">${t.approvalStuck(formatInstant(lang, step.stuckSince))}</strong>` : nothing}`
              : nothing}
          </li>`,
        )}
      </ol>
      ${current && ticket.state !== 'closed'
        ? html`<form part="form" class="resend" @submit=${this.#onResend}>
            <fieldset>
              <legend>${t.resendLegend}</legend>
              <p id="resend-hint" class="muted hint">${t.resendHint}</p>
              <label for="approver">${t.resendAddress}</label>
              <input id="approver" name="approver" type="email" autocomplete="off" aria-describedby="resend-hint" />
              ${alert('resend')} ${button(t.resend, 'secondary')}
            </fieldset>
          </form>`
        : nothing}
    </section>`;
  }

  #insertCanned = () => {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#canned');
    const textarea = this.renderRoot.querySelector<HTMLTextAreaElement>('#reply');
    const answer = this.#queue.queues?.flatMap((q) => q.cannedAnswers).find((a) => a.id === select?.value);
    if (!answer || !textarea || !this.ticket) return;
    const lang = this.ticket.requester.lang as keyof typeof answer.body;
    // In the requester's language: the reply goes to them.
    textarea.value = answer.body[lang] ?? answer.body[this.localize.lang];
    textarea.focus();
  };

  override render(): TemplateResult {
    const t = this.#t;
    const q = this.#queue;
    const problem = q.problem instanceof ApiError && q.problem.status === 401 ? t.signIn : q.problem ? (q.problem instanceof ApiError && q.problem.serverMessage) || t.networkError : undefined;
    const empty = q.queues && q.queues.length === 0 ? t.notAgent : undefined;
    return html`
      ${notice(!q.queues && !problem ? t.loading : (problem ?? empty), !!problem)}
      ${q.queues?.length ? this.#renderWorkspace() : nothing}
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
    `;
  }

  #renderWorkspace(): TemplateResult {
    const q = this.#queue;
    const rows = this.#visible;
    return html`<div class="workspace">
      ${listPane({
        t: this.#t,
        lang: this.localize.lang,
        queues: q.queues!,
        queueId: q.queueId,
        agent: q.agent,
        live: q.live,
        tickets: this.searchText.trim() ? this.searchResults && rows : q.tickets && rows,
        searchText: this.searchText,
        onSearch: this.#onSearch,
        closedUnanswered: q.closedUnanswered,
        filter: this.filter,
        tabStop: rows.some((r) => r.number === this.active) ? this.active : rows[0]?.number,
        open: this.ticket?.number,
        onQueue: (id) => q.show(id),
        onFilter: (value) => (this.filter = value),
        onKey: this.#onListKey,
        onOpen: (number) => void this.#open(number),
        onFocus: (number) => (this.active = number),
      })}
      <section part="ticket" class="ticket-pane" aria-labelledby="ticket-title" @keydown=${this.#onTicketKey}>
        ${this.#renderTicket()}
      </section>
    </div>`;
  }

  #renderTicket(): TemplateResult {
    const t = this.#t;
    const lang = this.localize.lang;
    const ticket = this.ticket;
    if (!ticket) {
      return html`<h2 id="ticket-title" tabindex="-1">${t.pick}</h2>
        <div role="alert" part="alert" tabindex="-1" class=${this.ticketProblem ? 'message alert' : ''}>${this.ticketProblem ?? nothing}</div>
        ${this.loadingTicket ? html`<p class="muted">${t.loading}</p>` : nothing}`;
    }
    const me = this.#queue.agent;
    const holder = ticket.lockedBy;
    const closed = ticket.state === 'closed';
    const busy = this.#send.busy;
    const queue = this.#queue.queues?.find((q) => q.id === ticket.queueId);
    const elsewhere = this.#queue.moveTargets.filter((q) => q.id !== ticket.queueId);
    const canApprove = ticket.approval && !closed && ticket.state !== 'pending_auto_close';
    const button = (label: string, extra = '') => html`<button part="submit-button" class=${`submit ${extra}`} type="submit" aria-disabled=${busy ? 'true' : 'false'}>${label}</button>`;
    const alert = (name: string) => html`<div role="alert" part="alert" class=${this.#send.alert(name) ? 'message alert' : ''}>${this.#send.alert(name)}</div>`;
    return html`
      <p><button type="button" class="link" @click=${this.#backToList}>${t.back}</button></p>
      <h2 id="ticket-title" tabindex="-1">${ticket.number} — ${ticket.title}</h2>
      ${facts(t, lang, ticket, me)}
      ${this.#renderApprovals(ticket, button, alert)}

      <form part="form" class="lock" @submit=${this.#onLock} aria-labelledby="lock-title">
        <h3 id="lock-title">${t.lockSection}</h3>
        <p class="lock-text">${!holder ? t.lockFree : holder.id === me?.id ? t.lockMine : t.lockOther(holder.name)}</p>
        ${alert('lock')}
        ${button(!holder ? t.lock : holder.id === me?.id ? t.unlock : t.takeOver, 'secondary')}
      </form>

      <div class="columns">
        <div>
          <h3>${t.data}</h3>
          ${submitted(t, lang, ticket, this.definition)}
          <h3>${t.history}</h3>
          ${history(t, lang, ticket, this.#onAcceptMail)}
        </div>
        <div class="actions">
          ${closed
            ? nothing
            : textForm(this.localize.term, {
                name: 'reply',
                label: t.reply,
                button: t.replySend,
                busy,
                alert: this.#send.alert('reply'),
                required: true,
                onSubmit: this.#onReply,
                before: queue?.cannedAnswers.length
                  ? html`<div class="canned">
                      <div>
                        <label for="canned">${t.canned}</label>
                        <select id="canned">
                          ${queue.cannedAnswers.map((a) => html`<option value=${a.id}>${a.title[lang]}</option>`)}
                        </select>
                      </div>
                      <button type="button" class="secondary" @click=${this.#insertCanned}>${t.cannedInsert}</button>
                    </div>`
                  : undefined,
              })}
          ${textForm(this.localize.term, { name: 'note', label: t.note, button: t.noteAdd, busy, alert: this.#send.alert('note'), required: true, onSubmit: this.#onNote })}
          ${canApprove
            ? html`<form part="form" class="approve" novalidate @submit=${this.#onApprove}>
                <fieldset>
                  <legend>${t.approveLegend}</legend>
                  <p class="muted">${t.approveHint}</p>
                  ${ticket.approval!.confirm.map((id) => {
                    const field = this.definition?.fields.find((f) => f.id === id);
                    return html`<div class="choice">
                      <input type="checkbox" id=${`confirm-${id}`} name="confirm" value=${id}/>
                      <label for=${`confirm-${id}`}>${t.confirmField(field?.label[lang] ?? id, formatValue(t, lang, ticket.data[id], field))}</label>
                    </div>`;
                  })}
                  ${alert('approve')} ${button(t.approve)}
                </fieldset>
              </form>`
            : nothing}
          <form part="form" class="state-change" novalidate @submit=${this.#onState}>
            <fieldset>
              <legend>${t.stateLegend}</legend>
              <label for="state">${t.stateNew}</label>
              <select id="state" name="state">
                ${(closed ? ['open'] : stateTargets.filter((s) => s !== ticket.state)).map((s) => html`<option value=${s}>${t.states[s]}</option>`)}
              </select>
              <label for="until">${t.until}</label>
              <input id="until" name="until" type="datetime-local" aria-describedby="until-hint"/>
              <p id="until-hint" class="muted hint">${t.untilHint}</p>
              ${alert('state-change')} ${button(t.stateSubmit)}
            </fieldset>
          </form>
          ${closed || ticket.state === 'pending_auto_close' || ticket.awaitingApproverSince
            ? nothing
            : textForm(this.localize.term, { name: 'reason', label: t.rejectLabel, button: t.reject, busy, alert: this.#send.alert('reason'), required: true, onSubmit: this.#onReject })}
          ${elsewhere.length
            ? html`<form part="form" class="move" @submit=${this.#onMove}>
                <label for="move">${t.moveLabel}</label>
                <select id="move" name="queue">
                  ${elsewhere.map((q) => html`<option value=${q.id}>${q.name}</option>`)}
                </select>
                ${alert('move')} ${button(t.move, 'secondary')}
              </form>`
            : nothing}
        </div>
      </div>
    `;
  }
}
