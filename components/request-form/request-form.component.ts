import '../internal/jitless.ts';
import { html, nothing, type PropertyValues, type TemplateResult, type PropertyDeclarations } from 'lit';
// forms/compile.ts, not forms/index.ts: the definition's zod schemas are the server's to run (see #load).
import { compileForm, isShown, validate, type CompiledForm, type FieldErrors, type Validation } from '../../forms/compile.ts';
import type { FieldDefinition, FormDefinition } from '../../forms/definition.ts';
import { validationMessages } from '../../forms/locales/index.ts';
import { ApiError, uuid, type SubmissionExtras } from '../internal/api.ts';
import { GuichetElement, internal } from '../internal/guichet-element.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { formText, notice } from '../internal/templates.ts';
import { FormSender } from '../internal/form-sender.ts';
import { pageUrl, safeUrl, ticketLink } from '../internal/url.ts';
import { VERSION } from '../internal/version.ts';
import { styles } from './request-form.styles.ts';
import { altchaKey, requesterEmail, requesterName } from './requester-keys.ts';

type Value = string | boolean | string[];


/**
 * The field types this version renders; the type check fails when forms/ adds
 * one. A copy of forms/definition.ts's list: importing it would bundle that
 * module's zod schemas (~1.4 KB gzip), which only the server runs.
 */
const renderable: Record<FieldDefinition['type'], 1> = { text: 1, textarea: 1, email: 1, number: 1, date: 1, select: 1, radio: 1, checkbox: 1, file: 1 };

/**
 * Why the form is not shown: the words are picked at render time, in the current language.
 * `signin` carries the login page to link to (with the page's address in it), or when the server
 * has none its words saying so (in the request's language).
 */
type Block = { signin: string | undefined; message: string | undefined } | 'unavailable' | { message: string };

/**
 * The server's login page template (GUICHET_LOGIN_URL) with this page's address, URL-encoded, for
 * every `{return}`: the institution's login brings the visitor back here. Only an http(s) result is used.
 */
function loginLink(template: string | undefined, base: string): string | undefined {
  return template ? safeUrl(template.replaceAll('{return}', encodeURIComponent(location.href)), `${base}/`) : undefined;
}

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
 * `<api>/pages/status`), `dev-user` (dev mode only: the demo person to act as).
 *
 * @event guichet-submitted - A ticket was created. `detail: { number }`.
 *
 * @csspart title - The form's title.
 * @csspart description - The form's description.
 * @csspart message - The box that says why the form is not shown (sign-in needed, not eligible).
 * @csspart sign-in-button - The link to the institution's login page, shown with "sign-in needed" (GUICHET_LOGIN_URL); it comes back to this page.
 * @csspart sign-in-missing - Said instead when the service has no login page configured.
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
export default class GuichetRequestForm extends GuichetElement {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    form: {},
    statusPage: { attribute: 'status-page' },
    definition: internal,
    loading: internal,
    block: internal,
    values: internal,
    errors: internal,
    showSummary: internal,
    submitted: internal,
    anonymous: internal,
    altchaBlocked: internal,
    pending: internal,
  };

  /** The form's id, e.g. `software-order`. */
  form = '';
  /** Page that shows a ticket; the link gets `#ticket=NUMBER&token=TOKEN`. */
  declare statusPage?: string;

  private declare definition?: FormDefinition;
  private loading = false;
  private declare block?: Block;
  private values: Record<string, Value> = {};
  private errors: FieldErrors = {};
  private showSummary = false;
  private declare submitted?: { number: string; link: string };
  /** No identity, on a form open to anonymous requesters: name, email and the ALTCHA check come with the fields. */
  private anonymous = false;
  /** The ALTCHA check's worker did not start on this page (its CSP): the form says so, since it cannot be sent. */
  private altchaBlocked = false;
  #stopWatchingAltcha?: () => void;
  /** The address the confirmation link went to, once an anonymous submission waits for it. */
  private declare pending?: string;

  #compiled?: CompiledForm;
  #loadId = 0;
  /** Sends one submit at a time: a second click in the same task is ignored before any re-render. */
  #send = new FormSender(this, this.localize);
  #dirty = new Set<string>();
  /** Number fields whose text the browser cannot read as a number (it then reports ''). */
  #badNumbers = new Set<string>();
  /** The files chosen in each file field; they travel beside the values, never in them. */
  #files = new Map<string, File[]>();
  /** The attachment chunk (components/internal/attachments.ts): the file inputs' picker hints, the files' check and the multipart body. */
  #attachments?: typeof import('../internal/attachments.ts');
  /**
   * Its loading, started when a definition with a file field arrives: the form
   * shows without it (a file input works before its hints come), and a submit
   * waits for it, so chosen files are checked and sent.
   */
  #attachmentsLoad?: Promise<unknown>;
  /** The anonymous requester's chunk, loaded before a form open to them shows (./anonymous.ts). */
  #anonymousUi?: typeof import('./anonymous.ts');

  /**
   * The first load starts before the first update, so the requests go out
   * before the first render (ky sends them a microtask after the call); by
   * then the attributes and properties set with the element are all in.
   */
  protected override async scheduleUpdate(): Promise<void> {
    if (!this.hasUpdated) {
      void this.#load();
      await 0;
    }
    await super.scheduleUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.anonymous) this.#watchAltcha();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopWatchingAltcha?.();
    this.#stopWatchingAltcha = undefined;
  }

  /** Listens, once, for the check's worker refusing to start on this page. */
  #watchAltcha(): void {
    this.#stopWatchingAltcha ??= this.#anonymousUi?.whenAltchaBlocked(() => (this.altchaBlocked = true));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.hasUpdated && (changed.has('form') || changed.has('api') || changed.has('devUser'))) void this.#load();
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.definition = undefined;
    this.block = undefined;
    this.values = {};
    this.errors = {};
    this.showSummary = false;
    this.#send = new FormSender(this, this.localize);
    this.submitted = undefined;
    this.anonymous = false;
    this.altchaBlocked = false;
    this.pending = undefined;
    this.#compiled = undefined;
    this.#dirty.clear();
    this.#badNumbers.clear();
    this.#files.clear();
    this.#attachmentsLoad = undefined;
    if (!this.form) {
      console.warn('guichet:W002 <guichet-request-form> has no form attribute');
      this.block = 'unavailable';
      return;
    }
    this.loading = true;
    const api = this.client;
    const [raw, eligibility] = await Promise.allSettled([api.form(this.form), api.eligibility(this.form)]);
    // A form open to anonymous requesters shows with their controls: their chunk comes first.
    if (raw.status === 'fulfilled' && eligibility.status === 'fulfilled' && eligibility.value.eligible && eligibility.value.anonymous) {
      this.#anonymousUi ??= await import('./anonymous.ts').catch((error: unknown) => {
        console.warn(`guichet:W006 the anonymous requesters' chunk did not load (${String(error)})`);
        return undefined;
      });
    }
    if (id !== this.#loadId) return;

    if (raw.status === 'fulfilled') {
      // The server validated the definition when it loaded it (parseFormDefinition); re-parsing it
      // here would cost the embed ~1 KB gzip. We only refuse what this version cannot render.
      const definition = raw.value as FormDefinition;
      if (!Array.isArray(definition.fields) || !definition.fields.every((f) => Object.hasOwn(renderable, f.type))) {
        console.warn(`guichet:W004 form "${this.form}" has a field type Guichet ${VERSION} cannot show.`);
      } else {
        if (definition.fields.some((f) => f.type === 'file')) {
          (this.#attachmentsLoad = import('../internal/attachments.ts').then((chunk) => {
            this.#attachments = chunk;
            this.requestUpdate();
          })).catch((error: unknown) => console.warn(`guichet:W006 the attachments chunk did not load (${String(error)})`));
        }
        this.definition = definition;
      }
    } else {
      const e = raw.reason as ApiError;
      // What to check is in the README ("Console warnings"): the codes keep the embed small.
      console.warn(`guichet:W003 form "${this.form}" did not load from ${api.base} (${e.status ? `${e.status} ${e.code}` : 'no answer'})`);
    }

    if (id !== this.#loadId) return;
    this.loading = false;
    if (eligibility.status === 'rejected') {
      const { status, serverMessage, loginUrl } = eligibility.reason as ApiError;
      this.block = status === 401 ? { signin: loginLink(loginUrl, api.base), message: serverMessage } : status === 403 && serverMessage ? { message: serverMessage } : 'unavailable';
    } else if (!eligibility.value.eligible) {
      const message = eligibility.value.message;
      this.block = message ? { message } : 'unavailable';
    } else if (!this.definition) {
      this.block = 'unavailable';
    } else if (eligibility.value.anonymous) {
      if (!this.#anonymousUi) {
        this.block = 'unavailable';
        return;
      }
      this.anonymous = true;
      this.#watchAltcha();
      this.#anonymousUi.showAltcha(this.renderRoot as ShadowRoot, api.base);
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

  /** The values' check and the files' (presence, count, size: the server also checks their content). */
  #validate(): Validation {
    const lang = this.localize.lang;
    // Compiled on first use: the first render does not wait for the schema.
    const result = validate((this.#compiled ??= compileForm(this.definition!)), this.#payload(), lang);
    return this.#attachments?.withFiles(result, this.definition!, this.#payload(), this.#files, lang) ?? result;
  }

  #validateField(field: FieldDefinition, announce: boolean): void {
    const result = this.#validate();
    const messages = result.ok ? undefined : result.errors[field.id];
    const errors = { ...this.errors };
    if (messages) errors[field.id] = messages;
    else delete errors[field.id];
    this.errors = errors;
    if (announce && messages) this.announce(this.localize.term.labelled(field.label[this.localize.lang], messages.join(' ')));
  }

  #onInput = (event: Event): void => {
    const control = event.target as HTMLInputElement;
    const field = this.#field(control.name);
    if (!field) return;
    let value: Value = control.value;
    if (field.type === 'file') {
      // Browsers fire input and change for one choice; say it once.
      if (event.type !== 'change') return;
      this.#files.set(field.id, [...control.files!]);
      this.#dirty.add(field.id);
      // Too many or too large says so at once: the person just chose.
      this.#validateField(field, true);
      return;
    }
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
    // Focus stays on the button (aria-disabled, not disabled) while it sends, and after a failure.
    if ((await this.#send.send(event, (data) => this.#submit(data), '')) === '.success' && this.submitted) {
      this.dispatchEvent(new CustomEvent<SubmittedDetail>('guichet-submitted', { bubbles: true, composed: true, detail: { number: this.submitted!.number } }));
    }
  };

  /**
   * Validates, then creates the ticket, or for an anonymous requester has the
   * confirmation link mailed; answers what to focus: the success panel or the
   * error summary.
   */
  async #submit(data: FormData): Promise<string> {
    // A chunk that did not load fails the submit (the files would be lost), as a network error does.
    await this.#attachmentsLoad;
    const lang = this.localize.lang;
    const result = this.#validate();
    const api = this.client;
    // Sent as typed: a robot's spaces count as filled.
    const extras: SubmissionExtras = { website: String(data.get('website') ?? '') };
    try {
      const errors = result.ok ? {} : { ...result.errors };
      if (this.anonymous) {
        extras.requester = { email: formText(data, requesterEmail), name: formText(data, requesterName) };
        extras.altcha = formText(data, altchaKey);
        if (!extras.requester.email) errors[requesterEmail] = [validationMessages[lang].required];
      }
      if (!result.ok || Object.keys(errors).length) throw new ApiError(422, 'validation', undefined, errors);
      const answer = await api.submit(this.form, result.values, extras, uuid(), this.#attachments?.multipart(this.definition!, result.values, this.#files));
      this.errors = {};
      this.showSummary = false;
      if ('confirmation' in answer) {
        this.pending = answer.confirmation.email;
        return '.success';
      }
      const { ticket, accessToken } = answer;
      // The server checked the definition's statusPage (a string); safeUrl keeps it to http(s).
      const fromDefinition = safeUrl(this.definition!.statusPage, `${api.base}/`);
      const page = pageUrl(this.statusPage, fromDefinition ?? `${api.base}/pages/status`);
      this.submitted = { number: ticket.number, link: ticketLink(page, ticket.number, accessToken) };
      return '.success';
    } catch (error) {
      // The server's field errors show like our own (its copy of the form may be newer than the page's).
      const fields = (error as ApiError).fields;
      if (!fields || !Object.keys(fields).length) throw error;
      // A refused or spent solution cannot be sent again: the requester solves a new challenge.
      if (fields[altchaKey] && extras.altcha) this.renderRoot.querySelector<HTMLElement & { reset?: () => void }>('altcha-widget')?.reset?.();
      this.errors = fields;
      this.showSummary = true;
      return '.error-summary';
    }
  }

  #focusField(event: Event, id: string): void {
    // A fragment link would change the host page's URL and cannot reach into our shadow root.
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(id)}`)?.focus();
  }

  override render(): TemplateResult {
    const t = this.localize.term;
    const lang = this.localize.lang;
    const definition = this.definition;
    const block = this.block;
    const signin = typeof block === 'object' && 'signin' in block;
    const statusText = this.loading ? t.loading : signin ? t.signInNeeded : block === 'unavailable' ? t.formUnavailable : block?.message;
    return html`
      ${definition
        ? html`<h2 part="title">${definition.title[lang]}</h2>
            ${block || this.submitted || this.pending ? nothing : html`<p part="description" class="description">${definition.description[lang]}</p>`}`
        : nothing}
      ${notice(statusText, false)}
      ${signin ? this.#renderSignIn(block) : nothing}
      ${this.submitted
        ? this.#renderSuccess(this.submitted)
        : this.pending
          ? this.#renderPanel(t.checkMailboxTitle, html`<p>${t.checkMailbox(this.pending)}</p>`)
          : definition && !block
            ? this.#renderForm(definition)
            : nothing}
      <div class="visually-hidden" aria-live="polite">${this.announcement}</div>
    `;
  }

  /**
   * A link, not a button: the login page replaces this page (as any sign-in does) and sends the
   * visitor back to it. Without a login page the server's words say that signing in is not possible here.
   */
  #renderSignIn({ signin, message }: { signin: string | undefined; message: string | undefined }): TemplateResult {
    return signin ? html`<p><a part="sign-in-button" class="submit sign-in" href=${signin}>${this.localize.term.signIn}</a></p>` : html`<p part="sign-in-missing" class="muted">${message}</p>`;
  }

  /** The panel that replaces the form once it is sent: the ticket, or for an anonymous requester the mailbox to check. */
  #renderPanel(title: string, content: TemplateResult): TemplateResult {
    return html`<div part="success" class="success" role="status" tabindex="-1">
      <h3>${title}</h3>
      ${content}
    </div>`;
  }

  #renderSuccess({ number, link }: { number: string; link: string }): TemplateResult {
    const t = this.localize.term;
    return this.#renderPanel(
      t.successTitle,
      html`<p>${t.labelled(t.ticketNumber, '')}<strong class="number">${number}</strong></p>
        <p>${t.confirmationSent}</p>
        <p><a part="status-link" href=${link}>${t.followRequest}</a></p>`,
    );
  }

  #renderForm(definition: FormDefinition): TemplateResult {
    const t = this.localize.term;
    const shown = definition.fields.filter((f) => isShown(definition, f, this.values));
    return html`<form part="form" class="request" novalidate @submit=${this.#onSubmit} @input=${this.#onInput} @change=${this.#onInput} @focusout=${this.#onFocusOut}>
      ${this.showSummary ? this.#renderSummary(definition, shown) : nothing}
      ${shown.some((f) => f.required) ? html`<p class="legend">${t.requiredLegend}</p>` : nothing}
      ${shown.map((f) => this.#renderField(f))} ${this.anonymous ? this.#anonymousUi!.requesterControls(this.localize.term, this.errors, this.localize.lang, `${this.client.base}/api/forms/${encodeURIComponent(this.form)}/challenge`, this.altchaBlocked) : nothing}
      <div class="visually-hidden" aria-hidden="true">
        <label for="website">Website</label>
        <input id="website" name="website" tabindex="-1" autocomplete="off" />
      </div>
      <div role="alert" part="alert" class=${this.#send.alert('request') ? 'message alert' : ''}>${this.#send.alert('request')}</div>
      <button part="submit-button" class="submit" type="submit" aria-disabled=${this.#send.busy ? 'true' : nothing}>
        ${this.#send.busy ? t.submitting : t.submit}
      </button>
    </form>`;
  }

  #renderSummary(definition: FormDefinition, shown: FieldDefinition[]): TemplateResult | typeof nothing {
    const lang = this.localize.lang;
    const t = this.localize.term;
    const entries: TemplateResult[] = [];
    // The shown fields, then an anonymous requester's own controls: each error links to its control.
    const controls: [string, string][] = shown.map((f) => [f.id, f.label[lang]]);
    if (this.anonymous) controls.push([requesterName, t.requesterName], [requesterEmail, t.requesterEmail], [altchaKey, t.robotCheck]);
    for (const [id, label] of controls) {
      const messages = this.errors[id];
      if (messages) entries.push(html`<li><a href="#${id}" @click=${(e: Event) => this.#focusField(e, id)}>${t.labelled(label, messages.join(' '))}</a></li>`);
    }
    // Errors that belong to no visible field (the payload as a whole, a field this page does not know).
    for (const [key, messages] of Object.entries(this.errors)) {
      if (!controls.some(([id]) => id === key) && !definition.fields.some((f) => f.id === key && !isShown(definition, f, this.values))) {
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
    const lang = this.localize.lang;
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

    const type = field.type;
    // One radio button or checkbox and its label, in a group or alone.
    const choice = (controlId: string, choiceValue: string, checked: boolean, required: boolean, choiceLabel: TemplateResult) =>
      html`<div class="choice">
        <input
          part="input"
          type=${type}
          id=${controlId}
          name=${id}
          value=${choiceValue}
          .checked=${checked}
          ?required=${required}
          aria-invalid=${invalid}
          aria-describedby=${describedBy}
        />
        ${choiceLabel}
      </div>`;

    if (type === 'radio' || (type === 'checkbox' && field.options)) {
      const chosen = Array.isArray(value) ? value : [text];
      return html`<fieldset part="field" class="field group${messages ? ' invalid' : ''}">
        <legend part="label">${label} ${mark}</legend>
        ${help}
        ${field.options!.map((option, index) => {
          // The first choice carries the field id, so a label or summary link can focus the group.
          const controlId = index === 0 ? id : `${id}__${option.value}`;
          return choice(controlId, option.value, chosen.includes(option.value), type === 'radio' && field.required, html`<label part="choice-label" for=${controlId}>${option.label[lang]}</label>`);
        })}
        ${error}
      </fieldset>`;
    }

    if (field.type === 'checkbox') {
      return html`<div part="field" class="field single-checkbox${messages ? ' invalid' : ''}">
        ${choice(id, 'true', value === true, field.required, html`<label part="label" for=${id}>${label} ${mark}</label>`)} ${help} ${error}
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
        <option value="" .selected=${text === ''}>${this.localize.term.choose}</option>
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
      // A file input shares this one: its value stays '' (the chosen files live in #files), which Lit sets once and never again.
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
        accept=${this.#attachments?.accept(field) ?? nothing}
        ?multiple=${this.#attachments?.multiple(field)}
        spellcheck=${field.type === 'email' ? 'false' : nothing}
      />`;
    }
    return html`<div part="field" class="field${messages ? ' invalid' : ''}">
      <label part="label" for=${id}>${label} ${mark}</label>
      ${help} ${control} ${error}
    </div>`;
  }
}
