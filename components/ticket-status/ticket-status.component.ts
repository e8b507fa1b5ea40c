import { html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { FormDefinition } from '../../forms/definition.ts';
import type { Reopened, RequesterTicket } from '../../server/wire/tickets.ts';
import { GuichetElement, internal } from '../internal/guichet-element.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { formatInstant, formatValue, instant } from '../internal/format.ts';
import { eventItem, formText, notice, problemText, textForm } from '../internal/templates.ts';
import { FormSender } from '../internal/form-sender.ts';
import { TicketController } from '../internal/ticket-controller.ts';
import { ticketLink } from '../internal/url.ts';
import { styles } from './ticket-status.styles.ts';

/**
 * @summary The requester's view of one ticket, kept up to date live: the page
 * the confirmation mail's link opens (`…#ticket=NUMBER&token=TOKEN`), or, for
 * a signed-in owner, `#ticket=NUMBER` or the `number` attribute. Shows the
 * state, the next step, what was asked and the public history, and lets the
 * requester add a message. An agent's change shows within seconds: the
 * component follows the server's live stream, and polls while it is down.
 *
 * Attributes: `number` (a ticket of the signed-in person, when the fragment
 * names none), `api` (the Guichet server, default: the origin this script was
 * loaded from), `lang` (fr, en, de; default: the closest `lang` up the page,
 * then the browser's languages), `dev-user` (dev mode only: the demo person
 * to act as).
 *
 * @csspart message - The box that says the page is loading or the link is not valid.
 * @csspart title - The ticket's title.
 * @csspart summary - Number, state and creation date.
 * @csspart state - The state label.
 * @csspart next-step - What happens next.
 * @csspart approval-steps - The approval steps and where each stands ("awaiting the budget holder since 3 December").
 * @csspart data - What was submitted, as a definition list.
 * @csspart events - The public history.
 * @csspart attachments - The files sent with the request.
 * @csspart download-button - The button that saves one of them.
 * @csspart form - The form to add a message.
 * @csspart label - Its label.
 * @csspart input - Its textarea.
 * @csspart alert - Why the message could not be sent.
 * @csspart submit-button - Its submit button.
 *
 * @cssproperty --guichet-font-family - Font of everything.
 * @cssproperty --guichet-color-text - Text colour.
 * @cssproperty --guichet-color-muted - Secondary text colour.
 * @cssproperty --guichet-color-primary - Link, button and accent colour.
 * @cssproperty --guichet-border-radius - Corner radius.
 * @cssproperty --guichet-spacing - Base spacing.
 */
export default class GuichetTicketStatus extends GuichetElement {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    number: {},
    definition: internal,
  };

  /** A ticket of the signed-in person, shown when the page's fragment names none. */
  declare number?: string;

  private declare definition?: FormDefinition;

  readonly #send = new FormSender(this, this.localize);
  readonly #ticket = new TicketController(this, this.localize, { live: true, changed: (ticket, previous) => this.#changed(ticket, previous) });

  #changed(ticket: RequesterTicket, previous?: RequesterTicket): void {
    if (previous?.formId !== ticket.formId) {
      this.definition = undefined;
      // Without the definition the data still shows, under the field ids.
      void this.#ticket.api
        .form(ticket.formId)
        .then((definition) => this.#ticket.ticket?.formId === ticket.formId && (this.definition = definition as FormDefinition))
        .catch(() => undefined);
    }
    if (previous?.number === ticket.number && previous.stateLabel !== ticket.stateLabel) {
      this.announce(this.localize.term.labelled(this.localize.term.statusState, ticket.stateLabel));
    }
  }

  #onSubmit = (event: SubmitEvent) =>
    this.#send.send(event, async (data, form) => {
      const body = formText(data, 'message');
      if (!body) return;
      const ticket = await this.#ticket.api.write(this.#ticket.number!, this.#ticket.token, 'messages', { body });
      this.#ticket.set(ticket);
      form.reset();
      // The message as it now stands in the history, for those who cannot see it appear.
      const added = ticket.events.filter((e) => e.type === 'requester_message').pop();
      this.announce(this.localize.term.labelled(added?.label ?? '', body));
    });

  /** While the reopen window is open, the closed request has its own Reopen button (a message is optional). */
  #onReopen = (event: SubmitEvent) =>
    this.#send.send(event, async (data, form) => {
      const message = formText(data, 'reopen');
      const { ticket } = await this.#ticket.api.write<Reopened>(this.#ticket.number!, this.#ticket.token, 'reopen', message ? { message } : {});
      this.#ticket.set(ticket);
      form.reset();
      this.dispatchEvent(new CustomEvent('guichet-reopened', { bubbles: true, composed: true, detail: { number: ticket.number } }));
    });

  /**
   * The anonymous requester's confirmation (`#confirm=TOKEN&form=ID`, from the
   * address-check mail): opening the link changes nothing, the button creates
   * the ticket. The page then shows it as the confirmation mail's link would,
   * with the token in the fragment instead of the confirmation's.
   */
  #onConfirm = (event: SubmitEvent, form: string, token: string) =>
    this.#send.send(
      event,
      async () => {
        const { ticket, accessToken } = await this.#ticket.api.confirm(form, token);
        history.replaceState(history.state, '', ticketLink(location.href, ticket.number, accessToken));
        await this.#ticket.reload();
      },
      '',
    );

  /** The attachment chunk, once a ticket with attachments asked for it. */
  #attachments?: typeof import('../internal/attachments.ts');

  #attachmentList(ticket: RequesterTicket) {
    if (!ticket.attachments?.length) return nothing;
    if (!this.#attachments) {
      import('../internal/attachments.ts').then(
        (chunk) => {
          this.#attachments = chunk;
          this.requestUpdate();
        },
        (error: unknown) => console.warn(`guichet:W006 the attachments chunk did not load (${String(error)})`),
      );
      return nothing;
    }
    return this.#attachments.attachmentList(this.localize.lang, ticket.attachments, this.#ticket.api, this.#ticket.number!, this.#ticket.token);
  }

  /** The server's next step when it has one; else what the dates say (closing soon, closed and until when it reopens). */
  #nextStep(ticket: RequesterTicket): string | undefined {
    const t = this.localize.term;
    const when = (iso: string) => formatInstant(this.localize.lang, iso, 'full');
    if (ticket.nextStep) return ticket.nextStep;
    if (ticket.state === 'pending_auto_close' && ticket.autoCloseAt) return t.autoCloses(when(ticket.autoCloseAt));
    if (ticket.state === 'closed' && ticket.closedAt) {
      return t.closed(when(ticket.closedAt), ticket.canReopen && ticket.reopenUntil ? when(ticket.reopenUntil) : undefined);
    }
    return undefined;
  }

  /** Each step on its line, the current one marked for assistive technology too. */
  #approvalSteps(ticket: RequesterTicket) {
    const steps = ticket.approvalSteps;
    if (!steps?.length) return nothing;
    const t = this.localize.term;
    const lang = this.localize.lang;
    const line = (step: (typeof steps)[number]) => {
      const date = step.state === 'current' ? step.since : step.decidedAt;
      const text = t.approvalStep(step.name, step.state, date ? formatInstant(lang, date, 'long') : undefined, step.decidedBy ?? undefined);
      return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
    };
    return html`<h3>${t.approvalTitle}</h3>
      <ol part="approval-steps" class="approval-steps">
        ${steps.map((step) => html`<li class=${step.state} aria-current=${step.state === 'current' ? 'step' : nothing}>${line(step)}</li>`)}
      </ol>`;
  }

  override render(): TemplateResult {
    const t = this.localize.term;
    const { ticket, problem, loading } = this.#ticket;
    const hash = new URLSearchParams(location.hash.slice(1));
    const form = hash.get('form');
    const token = hash.get('confirm');
    if (form && token && !hash.has('ticket')) {
      return html`${notice(t.confirmIntro, false)}
      ${textForm(t, { name: 'confirm', button: t.confirmButton, busy: this.#send.busy, alert: this.#send.alert('confirm'), onSubmit: (event) => this.#onConfirm(event, form, token) })}`;
    }
    return html`
      ${notice(loading ? t.loading : problem && problemText(t, problem), !!problem)}
      ${ticket ? this.#renderTicket(ticket) : nothing}
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
    `;
  }

  #renderTicket(ticket: RequesterTicket): TemplateResult {
    const t = this.localize.term;
    const lang = this.localize.lang;
    const fields = this.definition?.fields ?? [];
    const keys = [...fields.map((f) => f.id).filter((k) => k in ticket.data), ...Object.keys(ticket.data).filter((k) => !fields.some((f) => f.id === k))];
    const next = this.#nextStep(ticket);
    return html`
      <h2 part="title">${ticket.title}</h2>
      <dl part="summary">
        <div><dt>${t.ticketNumber}</dt><dd class="number">${ticket.number}</dd></div>
        <div><dt>${t.statusState}</dt><dd part="state" class="state">${ticket.stateLabel}</dd></div>
        <div><dt>${t.statusCreated}</dt><dd>${instant(lang, ticket.createdAt)}</dd></div>
      </dl>
      ${next ? html`<p part="next-step" class="message">${next}</p>` : nothing}
      ${this.#approvalSteps(ticket)}
      <h3>${t.statusData}</h3>
      <dl part="data">
        ${keys.map((key) => {
          const field = fields.find((f) => f.id === key);
          return html`<div><dt>${field?.label[lang] ?? key}</dt><dd>${formatValue(this.localize.term, lang, ticket.data[key], field)}</dd></div>`;
        })}
      </dl>
      ${this.#attachmentList(ticket)}
      <h3>${t.statusHistory}</h3>
      <ol part="events" class="events">
        ${ticket.events.map((event) => eventItem(lang, event))}
      </ol>
      ${ticket.state === 'closed' && ticket.canReopen
        ? textForm(t, { name: 'reopen', label: t.reopenLabel, button: t.reopenButton, busy: this.#send.busy, alert: this.#send.alert('reopen'), onSubmit: this.#onReopen })
        : nothing}
      ${ticket.state === 'closed' && !ticket.canReopen
        ? nothing
        : textForm(t, {
            name: 'message',
            label: t.messageLabel,
            button: t.messageSend,
            busy: this.#send.busy,
            alert: this.#send.alert('message'),
            required: true,
            onSubmit: this.#onSubmit,
            before: ticket.state === 'closed' ? html`<p part="help-text" class="hint">${t.messageReopens}</p>` : undefined,
          })}
    `;
  }
}
