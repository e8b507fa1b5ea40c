import '../internal/jitless.ts';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  compileForm,
  fieldTypes,
  isShown,
  validate,
  type CompiledForm,
  type FieldDefinition,
  type FieldErrors,
  type FormDefinition,
} from '../../forms/index.ts';
import { ApiError, createApi, defaultApiBase, uuid } from '../internal/api.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { LocalizeController } from '../internal/localize.ts';
import { safeUrl } from '../internal/url.ts';
import { VERSION } from '../internal/version.ts';
import { styles } from './request-form.styles.ts';

type Value = string | boolean | string[];

/** Why the form is not shown: the words are picked at render time, in the current language. */
type Block = { kind: 'signin' } | { kind: 'unavailable' } | { kind: 'server'; message: string };

export interface SubmittedDetail {
  number: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'guichet-submitted': CustomEvent<SubmittedDetail>;
  }
}

/**
 * @summary A Guichet request form: checks the person may ask, renders the
 * form's fields as native controls, validates them with the same rules as the
 * server, and creates a ticket.
 *
 * Attributes: `form` (the form id), `api` (the Guichet server, default: the
 * origin this script was loaded from), `lang` (fr, en, de; default: the
 * closest `lang` up the page, then the browser's languages), `status-page`
 * (the page that shows a ticket; default: the form's own, then
 * `<api>/status.html`), `dev-user` (dev mode only: the demo person to act as).
 *
 * @event guichet-submitted - A ticket was created. `detail: { number }`.
 *
 * @csspart title - The form's title.
 * @csspart description - The form's description.
 * @csspart message - The box that says why the form is not shown (sign-in needed, not eligible).
 * @csspart form - The `<form>`.
 * @csspart field - One field: its label, control, help and error.
 * @csspart label - A field's `<label>`, or a group's `<legend>`.
 * @csspart choice-label - The label of one radio button or checkbox in a group.
 * @csspart input - A native `<input>`, `<select>` or `<textarea>`.
 * @csspart help-text - A field's help.
 * @csspart error-text - A field's error messages.
 * @csspart error-summary - The list of problems shown after a failed submit.
 * @csspart alert - A submit that failed for another reason than the data.
 * @csspart submit-button - The submit `<button>`.
 * @csspart success - The panel shown once the ticket exists.
 * @csspart status-link - The link to follow the ticket.
 *
 * @cssproperty --guichet-font-family - Font of everything.
 * @cssproperty --guichet-font-size - Base font size.
 * @cssproperty --guichet-line-height - Base line height.
 * @cssproperty --guichet-color-text - Text colour.
 * @cssproperty --guichet-color-muted - Help text colour.
 * @cssproperty --guichet-color-primary - Button and link colour.
 * @cssproperty --guichet-color-primary-text - Text on the button.
 * @cssproperty --guichet-color-danger - Error colour.
 * @cssproperty --guichet-color-success - Success panel accent.
 * @cssproperty --guichet-input-background - Control background.
 * @cssproperty --guichet-input-border-color - Control border.
 * @cssproperty --guichet-input-border-color-focus - Control border when focused.
 * @cssproperty --guichet-input-border-color-invalid - Control border when in error.
 * @cssproperty --guichet-border-radius - Corner radius.
 * @cssproperty --guichet-focus-ring-color - Focus outline colour.
 * @cssproperty --guichet-focus-ring-width - Focus outline width.
 * @cssproperty --guichet-spacing - Base spacing between fields.
 */
export default class GuichetRequestForm extends LitElement {
  static version = VERSION;
  static override styles = [baseStyles, styles];

  /** The form's id, e.g. `software-order`. */
  @property() form = '';
  /** Base URL of the Guichet server; default: the origin this script was loaded from. */
  @property() api?: string;
  /** fr, en or de; default: the closest `lang` up the page, then the browser's languages. */
  @property() override lang!: string;
  /** Page that shows a ticket; the link gets `#ticket=NUMBER&token=TOKEN`. */
  @property({ attribute: 'status-page' }) statusPage?: string;
  /** Dev mode only: the demo person to act as, sent as `X-Guichet-Dev-User`. Never set it in production. */
  @property({ attribute: 'dev-user' }) devUser?: string;

  @state() private definition?: FormDefinition;
  @state() private loading = false;
  @state() private block?: Block;
  @state() private values: Record<string, Value> = {};
  @state() private errors: FieldErrors = {};
  @state() private showSummary = false;
  @state() private alert = '';
  @state() private busy = false;
  @state() private submitted?: { number: string; link: string };
  @state() private announcement = '';

  readonly #localize = new LocalizeController(this);
  #compiled?: CompiledForm;
  #definitionStatusPage?: string;
  #loadId = 0;
  /** Set synchronously, so a second submit in the same task is ignored before any re-render. */
  #submitting = false;
  #dirty = new Set<string>();
  /** Number fields whose text the browser cannot read as a number (it then reports ''). */
  #badNumbers = new Set<string>();

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('form') || changed.has('api') || changed.has('devUser')) void this.#load();
  }

  #apiBase(): string {
    return (this.api || defaultApiBase()).replace(/\/+$/, '');
  }

  #client() {
    return createApi({ base: this.#apiBase(), lang: this.#localize.lang, devUser: this.devUser });
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.definition = undefined;
    this.block = undefined;
    this.values = {};
    this.errors = {};
    this.showSummary = false;
    this.alert = '';
    this.submitted = undefined;
    this.#compiled = undefined;
    this.#dirty.clear();
    this.#badNumbers.clear();
    if (!this.form) {
      console.warn('guichet:W002 <guichet-request-form> has no form attribute: set it to a form id, e.g. form="it-help".');
      this.block = { kind: 'unavailable' };
      return;
    }
    this.loading = true;
    const api = this.#client();
    const [raw, eligibility] = await Promise.allSettled([api.form(this.form), api.eligibility(this.form)]);
    if (id !== this.#loadId) return;
    this.loading = false;

    if (raw.status === 'fulfilled') {
      // The server validated the definition when it loaded it (parseFormDefinition); re-parsing it
      // here would cost the embed ~1 KB gzip. We only refuse what this version cannot render.
      const definition = raw.value as FormDefinition & { statusPage?: unknown };
      if (Array.isArray(definition.fields) && definition.fields.every((f) => fieldTypes.includes(f.type))) {
        this.#compiled = compileForm(definition);
        this.definition = definition;
        this.#definitionStatusPage = typeof definition.statusPage === 'string' ? definition.statusPage : undefined;
      } else {
        console.warn(`guichet:W004 form "${this.form}" has a field type this version of Guichet (${VERSION}) cannot show; load a newer embed.`);
      }
    } else {
      const e = raw.reason as ApiError;
      console.warn(
        `guichet:W003 could not load form "${this.form}" from ${api.base} (${e.status === 0 ? 'no answer' : `${e.status} ${e.code}`}). ` +
          'Check the api attribute, that this page’s origin is among the form’s origins (CORS), and the page’s Content-Security-Policy connect-src.',
      );
    }

    if (eligibility.status === 'rejected') {
      const e = eligibility.reason as ApiError;
      if (e.status === 401) this.block = { kind: 'signin' };
      else if (e.status === 403 && e.serverMessage) this.block = { kind: 'server', message: e.serverMessage };
      else this.block = { kind: 'unavailable' };
    } else if (!eligibility.value.eligible) {
      const message = eligibility.value.message;
      this.block = message ? { kind: 'server', message } : { kind: 'unavailable' };
    } else if (!this.definition) {
      this.block = { kind: 'unavailable' };
    }
  }

  #field(name: string | undefined): FieldDefinition | undefined {
    return this.definition?.fields.find((f) => f.id === name);
  }

  /** The values as validation and the server expect them; hidden and empty fields are pruned by forms/. */
  #payload(): Record<string, Value> {
    const payload = { ...this.values };
    // Not a number string, so the compiler reports "enter a number" rather than "required".
    for (const id of this.#badNumbers) payload[id] = 'NaN';
    return payload;
  }

  #validateField(field: FieldDefinition, announce: boolean): void {
    const result = validate(this.#compiled!, this.#payload(), this.#localize.lang);
    const messages = result.ok ? undefined : result.errors[field.id];
    const errors = { ...this.errors };
    if (messages) errors[field.id] = messages;
    else delete errors[field.id];
    this.errors = errors;
    if (announce && messages) this.#announce(this.#localize.term.labelled(field.label[this.#localize.lang], messages.join(' ')));
  }

  #announce(text: string): void {
    // Same text twice in a row would not be announced again: clear first.
    this.announcement = '';
    void this.updateComplete.then(() => (this.announcement = text));
  }

  #onInput = (event: Event): void => {
    const control = event.target as HTMLInputElement;
    const field = this.#field(control.name);
    if (!field) return;
    let value: Value = control.value;
    if (field.type === 'checkbox') {
      value = field.options
        ? Array.from(this.renderRoot.querySelectorAll<HTMLInputElement>(`input[name="${field.id}"]:checked`), (i) => i.value)
        : control.checked;
    }
    if (field.type === 'number') {
      if (control.validity.badInput) this.#badNumbers.add(field.id);
      else this.#badNumbers.delete(field.id);
    }
    this.#dirty.add(field.id);
    this.values = { ...this.values, [field.id]: value };
    // Once a field shows an error, it follows the typing so the error leaves as soon as it is fixed.
    if (this.errors[field.id]) this.#validateField(field, false);
  };

  #onFocusOut = (event: FocusEvent): void => {
    const field = this.#field((event.target as HTMLInputElement).name);
    if (!field) return;
    // Within a radio or checkbox group, wait until focus leaves the group.
    if ((event.relatedTarget as HTMLInputElement | null)?.name === field.id) return;
    // Tabbing through an untouched field is not a mistake yet; the submit will say it.
    if (!this.#dirty.has(field.id) && !this.errors[field.id]) return;
    this.#validateField(field, true);
  };

  #onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    if (this.#submitting || !this.#compiled) return;
    const t = this.#localize.term;
    this.alert = '';
    const result = validate(this.#compiled, this.#payload(), this.#localize.lang);
    if (!result.ok) {
      await this.#showErrors(result.errors);
      return;
    }
    this.#submitting = true;
    this.busy = true;
    try {
      const { ticket, accessToken } = await this.#client().submit(this.form, result.values, uuid());
      this.errors = {};
      this.showSummary = false;
      this.submitted = { number: ticket.number, link: this.#statusLink(ticket.number, accessToken) };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.success')?.focus();
      this.dispatchEvent(
        new CustomEvent<SubmittedDetail>('guichet-submitted', { bubbles: true, composed: true, detail: { number: ticket.number } }),
      );
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'network');
      if (e.status === 422 && e.fields && Object.keys(e.fields).length > 0) await this.#showErrors(e.fields);
      else if (e.status === 0) this.alert = t.networkError;
      else if (e.status === 401) this.alert = e.serverMessage ?? t.signInNeeded;
      else this.alert = e.serverMessage ?? t.genericError;
    } finally {
      this.#submitting = false;
      this.busy = false;
    }
  };

  async #showErrors(errors: FieldErrors): Promise<void> {
    this.errors = errors;
    this.showSummary = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.error-summary')?.focus();
  }

  #statusLink(number: string, token: string): string {
    const api = this.#apiBase();
    const fromDefinition = this.#definitionStatusPage && safeUrl(this.#definitionStatusPage, `${api}/`);
    const page = safeUrl(this.statusPage, document.baseURI) ?? fromDefinition ?? `${api}/status.html`;
    return `${page.split('#')[0]}#ticket=${encodeURIComponent(number)}&token=${encodeURIComponent(token)}`;
  }

  #focusField(event: Event, id: string): void {
    // A fragment link would change the host page's URL and cannot reach into our shadow root.
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
  }

  override render(): TemplateResult {
    const t = this.#localize.term;
    const lang = this.#localize.lang;
    const definition = this.definition;
    const block = this.block;
    const statusText = this.loading
      ? t.loading
      : block?.kind === 'signin'
        ? t.signInNeeded
        : block?.kind === 'unavailable'
          ? t.formUnavailable
          : block?.message;
    return html`
      ${definition
        ? html`<h2 part="title">${definition.title[lang]}</h2>
            ${block || this.submitted ? nothing : html`<p part="description" class="description">${definition.description[lang]}</p>`}`
        : nothing}
      <div role="status" part="message" class=${statusText ? 'message' : ''}>${statusText ?? nothing}</div>
      ${this.submitted ? this.#renderSuccess(this.submitted) : definition && !block ? this.#renderForm(definition) : nothing}
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
    `;
  }

  #renderSuccess({ number, link }: { number: string; link: string }): TemplateResult {
    const t = this.#localize.term;
    return html`<div part="success" class="success" role="status" tabindex="-1">
      <h3>${t.successTitle}</h3>
      <p>${t.labelled(t.ticketNumber, '')}<strong class="number">${number}</strong></p>
      <p>${t.confirmationSent}</p>
      <p><a part="status-link" href=${link}>${t.followRequest}</a></p>
    </div>`;
  }

  #renderForm(definition: FormDefinition): TemplateResult {
    const t = this.#localize.term;
    const shown = definition.fields.filter((f) => isShown(definition, f, this.values));
    return html`<form part="form" novalidate @submit=${this.#onSubmit} @input=${this.#onInput} @change=${this.#onInput} @focusout=${this.#onFocusOut}>
      ${this.showSummary ? this.#renderSummary(definition, shown) : nothing}
      ${shown.some((f) => f.required) ? html`<p class="legend">${t.requiredLegend}</p>` : nothing}
      ${shown.map((f) => this.#renderField(f))}
      <div role="alert" part="alert" class=${this.alert ? 'message alert' : ''}>${this.alert}</div>
      <button part="submit-button" class="submit" type="submit" aria-disabled=${this.busy ? 'true' : nothing}>
        ${this.busy ? t.submitting : t.submit}
      </button>
    </form>`;
  }

  #renderSummary(definition: FormDefinition, shown: FieldDefinition[]): TemplateResult | typeof nothing {
    const lang = this.#localize.lang;
    const t = this.#localize.term;
    const entries: TemplateResult[] = [];
    for (const field of shown) {
      const messages = this.errors[field.id];
      if (messages) {
        entries.push(
          html`<li><a href="#${field.id}" @click=${(e: Event) => this.#focusField(e, field.id)}>${t.labelled(field.label[lang], messages.join(' '))}</a></li>`,
        );
      }
    }
    // Errors that belong to no visible field (the payload as a whole, a field this page does not know).
    for (const [key, messages] of Object.entries(this.errors)) {
      if (!shown.some((f) => f.id === key) && !definition.fields.some((f) => f.id === key && !isShown(definition, f, this.values))) {
        entries.push(html`<li>${key ? t.labelled(key, messages.join(' ')) : messages.join(' ')}</li>`);
      }
    }
    if (entries.length === 0) return nothing;
    return html`<div part="error-summary" class="error-summary" tabindex="-1" aria-labelledby="_summary-title">
      <h3 id="_summary-title">${t.errorSummaryTitle(entries.length)}</h3>
      <ul>
        ${entries}
      </ul>
    </div>`;
  }

  #renderField(field: FieldDefinition): TemplateResult {
    const lang = this.#localize.lang;
    const { id } = field;
    const messages = this.errors[id];
    const invalid = messages ? 'true' : nothing;
    const describedBy = field.help ? `${id}__help ${id}__error` : `${id}__error`;
    const value = this.values[id];
    const text = typeof value === 'string' ? value : '';
    const mark = field.required || (field.options && typeof field.min === 'number' && field.min > 0) ? html`<span class="required" aria-hidden="true">*</span>` : nothing;
    const help = field.help ? html`<div part="help-text" class="help" id="${id}__help">${field.help[lang]}</div>` : nothing;
    const error = html`<div part="error-text" class="error" id="${id}__error">${messages?.join(' ') ?? nothing}</div>`;
    const label = field.label[lang];

    if (field.type === 'radio' || (field.type === 'checkbox' && field.options)) {
      const chosen = Array.isArray(value) ? value : [text];
      const type = field.type;
      return html`<fieldset part="field" class="field group${messages ? ' invalid' : ''}">
        <legend part="label">${label} ${mark}</legend>
        ${help}
        ${field.options!.map((option, index) => {
          // The first choice carries the field id, so a label or summary link can focus the group.
          const controlId = index === 0 ? id : `${id}__${option.value}`;
          return html`<div class="choice">
            <input
              part="input"
              type=${type}
              id=${controlId}
              name=${id}
              value=${option.value}
              .checked=${chosen.includes(option.value)}
              ?required=${type === 'radio' && field.required}
              aria-invalid=${invalid}
              aria-describedby=${describedBy}
            />
            <label part="choice-label" for=${controlId}>${option.label[lang]}</label>
          </div>`;
        })}
        ${error}
      </fieldset>`;
    }

    if (field.type === 'checkbox') {
      return html`<div part="field" class="field single-checkbox${messages ? ' invalid' : ''}">
        <div class="choice">
          <input
            part="input"
            type="checkbox"
            id=${id}
            name=${id}
            value="true"
            .checked=${value === true}
            ?required=${field.required}
            aria-invalid=${invalid}
            aria-describedby=${describedBy}
          />
          <label part="label" for=${id}>${label} ${mark}</label>
        </div>
        ${help} ${error}
      </div>`;
    }

    let control: TemplateResult;
    if (field.type === 'select') {
      control = html`<select
        part="input"
        id=${id}
        name=${id}
        ?required=${field.required}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        autocomplete=${field.autocomplete ?? nothing}
      >
        <option value="" .selected=${text === ''}>${this.#localize.term.choose}</option>
        ${field.options!.map((o) => html`<option value=${o.value} .selected=${text === o.value}>${o.label[lang]}</option>`)}
      </select>`;
    } else if (field.type === 'textarea') {
      control = html`<textarea
        part="input"
        id=${id}
        name=${id}
        rows="5"
        .value=${text}
        ?required=${field.required}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        autocomplete=${field.autocomplete ?? nothing}
        placeholder=${field.placeholder ?? nothing}
      ></textarea>`;
    } else {
      const bound = (b: FieldDefinition['min']) => (b === undefined || field.type === 'text' || field.type === 'email' ? nothing : String(b));
      control = html`<input
        part="input"
        type=${field.type}
        id=${id}
        name=${id}
        .value=${text}
        ?required=${field.required}
        aria-invalid=${invalid}
        aria-describedby=${describedBy}
        autocomplete=${field.autocomplete ?? nothing}
        placeholder=${field.placeholder ?? nothing}
        min=${bound(field.min)}
        max=${bound(field.max)}
        step=${field.type === 'number' ? (field.integer ? '1' : 'any') : nothing}
        spellcheck=${field.type === 'email' ? 'false' : nothing}
      />`;
    }
    return html`<div part="field" class="field${messages ? ' invalid' : ''}">
      <label part="label" for=${id}>${label} ${mark}</label>
      ${help} ${control} ${error}
    </div>`;
  }
}
