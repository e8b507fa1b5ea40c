import '../internal/jitless.ts';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { FieldDefinition, FormDefinition } from '../../forms/index.ts';
import { ApiError, createApi, defaultApiBase, type RequesterTicket, type TicketEvent } from '../internal/api.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { LocalizeController } from '../internal/localize.ts';
import { VERSION } from '../internal/version.ts';
import { styles } from './ticket-status.styles.ts';

type Problem = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'server'; message: string } | { kind: 'network' };

/**
 * @summary The requester's view of one ticket: the page the confirmation
 * mail's link opens, `…#ticket=NUMBER&token=TOKEN`. It reads the fragment
 * (again on `hashchange`) and shows the state, what was asked and the public
 * history.
 *
 * Attributes: `api` (the Guichet server, default: the origin this script was
 * loaded from), `lang` (fr, en, de; default: the closest `lang` up the page,
 * then the browser's languages), `dev-user` (dev mode only: the demo person to
 * act as).
 *
 * @csspart message - The box that says the page is loading or the link is not valid.
 * @csspart title - The ticket's title.
 * @csspart summary - Number, state and creation date.
 * @csspart state - The state label.
 * @csspart next-step - What happens next, in the server's words.
 * @csspart data - What was submitted, as a definition list.
 * @csspart events - The public history.
 *
 * @cssproperty --guichet-font-family - Font of everything.
 * @cssproperty --guichet-color-text - Text colour.
 * @cssproperty --guichet-color-muted - Secondary text colour.
 * @cssproperty --guichet-color-primary - Link and accent colour.
 * @cssproperty --guichet-border-radius - Corner radius.
 * @cssproperty --guichet-spacing - Base spacing.
 */
export default class GuichetTicketStatus extends LitElement {
  static version = VERSION;
  static override styles = [baseStyles, styles];

  /** Base URL of the Guichet server; default: the origin this script was loaded from. */
  @property() api?: string;
  /** fr, en or de; default: the closest `lang` up the page, then the browser's languages. */
  @property() override lang!: string;
  /** Dev mode only: the demo person to act as, sent as `X-Guichet-Dev-User`. Never set it in production. */
  @property({ attribute: 'dev-user' }) devUser?: string;

  @state() private ticket?: RequesterTicket;
  @state() private definition?: FormDefinition;
  @state() private problem?: Problem;
  @state() private loading = false;

  readonly #localize = new LocalizeController(this);
  #loadId = 0;
  #onHashChange = () => void this.#load();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHashChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHashChange);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('api') || changed.has('devUser')) void this.#load();
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.ticket = undefined;
    this.definition = undefined;
    this.problem = undefined;
    const params = new URLSearchParams(location.hash.slice(1));
    const number = params.get('ticket');
    const token = params.get('token');
    if (!number || !token) {
      this.problem = { kind: 'missing' };
      return;
    }
    this.loading = true;
    const api = createApi({ base: this.api || defaultApiBase(), lang: this.#localize.lang, devUser: this.devUser });
    try {
      const ticket = await api.ticket(number, token);
      // Without the definition the data still shows, under the field ids.
      const definition = (await api.form(ticket.formId).catch(() => undefined)) as FormDefinition | undefined;
      if (id !== this.#loadId) return;
      this.ticket = ticket;
      this.definition = definition;
    } catch (error) {
      if (id !== this.#loadId) return;
      const e = error instanceof ApiError ? error : new ApiError(0, 'network');
      // A wrong or expired token is a 404 (no enumeration); 401/403 mean the same to the reader.
      if (e.status === 404 || e.status === 401 || e.status === 403) this.problem = { kind: 'invalid' };
      else if (e.status === 0) this.problem = { kind: 'network' };
      else this.problem = e.serverMessage ? { kind: 'server', message: e.serverMessage } : { kind: 'network' };
    } finally {
      if (id === this.#loadId) this.loading = false;
    }
  }

  #format(value: unknown, field: FieldDefinition | undefined): string {
    const lang = this.#localize.lang;
    const t = this.#localize.term;
    if (Array.isArray(value)) return value.map((v) => this.#format(v, field)).join(', ');
    if (typeof value === 'boolean') return value ? t.yes : t.no;
    if (typeof value === 'number') return new Intl.NumberFormat(lang).format(value);
    const option = field?.options?.find((o) => o.value === value);
    if (option) return option.label[lang];
    if (field?.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
    }
    return value == null ? '' : String(value);
  }

  #dateTime(iso: string): TemplateResult {
    const date = new Date(iso);
    const text = Number.isNaN(date.getTime())
      ? iso
      : new Intl.DateTimeFormat(this.#localize.lang, { dateStyle: 'long', timeStyle: 'short' }).format(date);
    return html`<time datetime=${iso}>${text}</time>`;
  }

  override render(): TemplateResult {
    const t = this.#localize.term;
    const problem = this.problem;
    const message = this.loading
      ? t.statusLoading
      : problem?.kind === 'missing'
        ? t.statusMissing
        : problem?.kind === 'invalid'
          ? t.statusInvalid
          : problem?.kind === 'network'
            ? t.networkError
            : problem?.message;
    return html`
      <div role="status" part="message" class=${message ? `message${problem ? ' alert' : ''}` : ''}>${message ?? nothing}</div>
      ${this.ticket ? this.#renderTicket(this.ticket) : nothing}
    `;
  }

  #renderTicket(ticket: RequesterTicket): TemplateResult {
    const t = this.#localize.term;
    const lang = this.#localize.lang;
    const fields = Array.isArray(this.definition?.fields) ? this.definition.fields : [];
    const keys = [...fields.map((f) => f.id).filter((k) => k in ticket.data), ...Object.keys(ticket.data).filter((k) => !fields.some((f) => f.id === k))];
    // API.md gives the title in the request's language; accept the all-languages shape too.
    const raw = ticket.title as string | Partial<Record<string, string>> | undefined;
    const title = (typeof raw === 'string' ? raw : raw?.[lang]) || this.definition?.title[lang] || ticket.formId;
    return html`
      <h2 part="title">${title}</h2>
      <dl part="summary" class="summary">
        <div><dt>${t.ticketNumber}</dt><dd class="number">${ticket.number}</dd></div>
        <div><dt>${t.statusState}</dt><dd part="state" class="state">${ticket.stateLabel}</dd></div>
        <div><dt>${t.statusCreated}</dt><dd>${this.#dateTime(ticket.createdAt)}</dd></div>
      </dl>
      ${ticket.nextStep ? html`<p part="next-step" class="next-step">${ticket.nextStep}</p>` : nothing}
      <h3>${t.statusData}</h3>
      <dl part="data" class="data">
        ${keys.map((key) => {
          const field = fields.find((f) => f.id === key);
          return html`<div><dt>${field?.label[lang] ?? key}</dt><dd>${this.#format(ticket.data[key], field)}</dd></div>`;
        })}
      </dl>
      <h3>${t.statusHistory}</h3>
      ${ticket.events.length === 0
        ? html`<p>${t.statusNoEvents}</p>`
        : html`<ol part="events" class="events">
            ${ticket.events.map((event) => this.#renderEvent(event))}
          </ol>`}
    `;
  }

  #renderEvent(event: TicketEvent): TemplateResult {
    const author = typeof event.author === 'string' ? event.author : event.author?.name;
    return html`<li>
      <div class="event-head">
        <span class="event-type">${this.#localize.term.eventTypes[event.type] ?? event.type}</span>
        ${author ? html`<span class="event-author">${author}</span>` : nothing} ${this.#dateTime(event.at)}
      </div>
      ${event.body ? html`<p class="event-body">${event.body}</p>` : nothing}
    </li>`;
  }
}
