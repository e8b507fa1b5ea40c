import { html, nothing, type PropertyValues, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { RequesterTicket } from '../../server/wire/tickets.ts';
import { GuichetElement, internal } from '../internal/guichet-element.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { instant } from '../internal/format.ts';
import { notice, problemOf, problemText, type Problem } from '../internal/templates.ts';
import { pageUrl, ticketLink } from '../internal/url.ts';
import { styles } from './my-requests.styles.ts';

/**
 * @summary The signed-in person's requests, newest first: number, title,
 * state and creation date, each linking to the status page
 * (`…#ticket=NUMBER`, opened with the person's own credentials). Someone who
 * is not signed in is asked to sign in. A signed-in person can download
 * everything Guichet keeps about them as a zip ("download my data").
 *
 * Attributes: `status-page` (the page with `<guichet-ticket-status>`;
 * default: `<api>/pages/status`), `api` (the Guichet server, default: the
 * origin this script was loaded from), `lang` (fr, en, de; default: the
 * closest `lang` up the page, then the browser's languages), `dev-user` (dev
 * mode only: the demo person to act as).
 *
 * @csspart message - The box that says the list is loading, empty, or why it is not shown.
 * @csspart list - The list of requests.
 * @csspart item - One request.
 * @csspart link - Its link to the status page: number and title.
 * @csspart state - Its state label.
 * @csspart download-button - The button that downloads the person's data.
 *
 * @cssproperty --guichet-font-family - Font of everything.
 * @cssproperty --guichet-color-text - Text colour.
 * @cssproperty --guichet-color-muted - Secondary text colour.
 * @cssproperty --guichet-color-primary - Link and accent colour.
 * @cssproperty --guichet-color-border - Line between requests.
 * @cssproperty --guichet-spacing - Base spacing.
 */
export default class GuichetMyRequests extends GuichetElement {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    statusPage: { attribute: 'status-page' },
    tickets: internal,
    problem: internal,
  };

  /** Page that shows a ticket; the link gets `#ticket=NUMBER`. Default: `<api>/pages/status`. */
  declare statusPage?: string;

  private declare tickets?: RequesterTicket[];
  private declare problem?: Problem;

  #loadId = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('api') || changed.has('devUser')) void this.#load();
  }

  /** Fetched with the person's own credentials, then saved through a short-lived object URL (no credential in a URL). */
  async #downloadMyData(): Promise<void> {
    try {
      const url = URL.createObjectURL(await this.client.myData());
      Object.assign(document.createElement('a'), { href: url, download: 'guichet-my-data.zip' }).click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this.problem = problemOf(error);
    }
  }

  async #load(): Promise<void> {
    const id = ++this.#loadId;
    this.tickets = this.problem = undefined;
    try {
      const { tickets } = await this.client.mine();
      if (id === this.#loadId) this.tickets = tickets;
    } catch (error) {
      if (id === this.#loadId) this.problem = problemOf(error);
    }
  }

  override render(): TemplateResult {
    const t = this.localize.term;
    const lang = this.localize.lang;
    const { tickets, problem } = this;
    const page = pageUrl(this.statusPage, `${this.client.base}/pages/status`);
    return html`
      ${notice(
        problem ? problemText(t, problem) : !tickets ? t.loading : tickets.length ? undefined : t.myRequestsEmpty,
        !!problem && problem !== 'signin',
      )}
      ${tickets?.length
        ? html`<ol part="list" class="list">
            ${tickets.map(
              (ticket) => html`<li part="item">
                <a part="link" href=${ticketLink(page, ticket.number)}><span class="number">${ticket.number}</span> ${ticket.title}</a>
                <div><span part="state" class="state">${ticket.stateLabel}</span> <span class="muted">· ${t.statusCreated} ${instant(lang, ticket.createdAt)}</span></div>
              </li>`,
            )}
          </ol>`
        : nothing}
      ${tickets?.length
        ? html`<p class="muted">${t.myDataHelp}</p>
            <button part="download-button" type="button" @click=${() => void this.#downloadMyData()}>${t.myDataDownload}</button>`
        : nothing}
    `;
  }
}
