import { html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type { Reopened, RequesterTicket } from '../../server/wire/tickets.ts';
import { ApiError } from '../internal/api.ts';
import { GuichetElement, internal } from '../internal/guichet-element.ts';
import { baseStyles } from '../internal/base.styles.ts';
import { eventItem, formText, notice, problemText, textForm } from '../internal/templates.ts';
import { FormSender } from '../internal/form-sender.ts';
import { TicketController } from '../internal/ticket-controller.ts';
import { pageUrl, ticketLink } from '../internal/url.ts';
import { styles } from './reopen.styles.ts';

export interface ReopenedDetail {
  number: string;
}

declare global {
  interface GlobalEventHandlersEventMap {
    'guichet-reopened': CustomEvent<ReopenedDetail>;
  }
}

/** How many of the last public messages remind the reader what the ticket was about. */
const lastMessages = 3;

/** A link on its own line, after a message. */
const link = (href: string, text: string) => html`<p><a part="link" href=${href}>${text}</a></p>`;

/**
 * @summary The page a closure mail links to (`…#ticket=NUMBER&token=TOKEN`):
 * the ticket's title, number and last messages, then either "it is not
 * solved — reopen" (with an optional message) or "it is solved, thank you"
 * (with an optional rating and comment). Opening the page changes nothing;
 * only a click POSTs (docs/contract.md: mail scanners follow every link). After the
 * reopen window it offers a new request; a ticket that is not closed links to
 * its status page.
 *
 * Attributes: `status-page` (default: `<api>/pages/status`), `new-request-page`
 * (default: `<api>/help.html`), `api` (the Guichet server, default: the
 * origin this script was loaded from), `lang` (fr, en, de; default: the
 * closest `lang` up the page, then the browser's languages), `dev-user` (dev
 * mode only: the demo person to act as).
 *
 * @event guichet-reopened - The ticket is open again. `detail: { number }`.
 *
 * @csspart message - The box that says the page is loading, the link is not valid, or why it cannot reopen.
 * @csspart title - The ticket's title.
 * @csspart number - The ticket's number.
 * @csspart events - The last public messages.
 * @csspart form - The reopen form and the feedback form.
 * @csspart rating - The rating's fieldset.
 * @csspart label - A label or legend.
 * @csspart input - A textarea or a radio button.
 * @csspart alert - Why an action failed.
 * @csspart submit-button - The buttons.
 * @csspart success - The confirmation once reopened or rated.
 * @csspart link - The link to the status page or to a new request.
 *
 * @cssproperty --guichet-font-family - Font of everything.
 * @cssproperty --guichet-color-primary - Button, link and accent colour.
 * @cssproperty --guichet-color-success - Confirmation accent.
 * @cssproperty --guichet-border-radius - Corner radius.
 * @cssproperty --guichet-spacing - Base spacing.
 */
export default class GuichetReopen extends GuichetElement {
  static override styles = [baseStyles, styles];
  static override properties: PropertyDeclarations = {
    statusPage: { attribute: 'status-page' },
    newRequestPage: { attribute: 'new-request-page' },
    done: internal,
  };

  /** Page that shows a ticket; default: `<api>/pages/status`. */
  declare statusPage?: string;
  /** Page to make a new request once the reopen window is over; default: `<api>/help.html`. */
  declare newRequestPage?: string;

  private declare done?: 'reopened' | 'thanks';

  readonly #send = new FormSender(this, this.localize);
  readonly #ticket = new TicketController(this, this.localize, { changed: (ticket, previous) => previous?.number !== ticket.number && (this.done = undefined) });

  #reopen = async (event: SubmitEvent): Promise<void> => {
    const { number, token } = this.#ticket;
    const reopened = await this.#send.send(event, async (data) => {
      const message = formText(data, 'message');
      try {
        this.#ticket.set((await this.#ticket.api.write<Reopened>(number!, token, 'reopen', message ? { message } : {})).ticket);
      } catch (error) {
        // Reopened meanwhile, or the window just ended: show the ticket as it is now.
        if (!(error instanceof ApiError && error.status === 409)) throw error;
        return void this.#ticket.reload();
      }
      this.done = 'reopened';
      return '.success';
    });
    // Once the reader's page shows it: confirmation rendered, focus on it.
    if (reopened) this.dispatchEvent(new CustomEvent<ReopenedDetail>('guichet-reopened', { bubbles: true, composed: true, detail: { number: number! } }));
  };

  #feedback = (event: SubmitEvent) =>
    this.#send.send(event, async (data) => {
      const { number, token } = this.#ticket;
      const rating = Number(data.get('rating'));
      const comment = formText(data, 'comment');
      // Nothing chosen, nothing typed: thanking changes nothing on the server.
      if (!rating && comment) throw new ApiError(422, 'rating', this.localize.term.ratingNeeded);
      if (rating) this.#ticket.set(await this.#ticket.api.write(number!, token, 'feedback', comment ? { rating, comment } : { rating }));
      this.done = 'thanks';
      return '.success';
    });

  override render(): TemplateResult {
    const t = this.localize.term;
    const { ticket, problem, loading } = this.#ticket;
    return html`
      ${notice(loading ? t.loading : problem && problemText(t, problem), !!problem)}
      ${ticket ? this.#renderTicket(ticket) : nothing}
    `;
  }

  #renderTicket(ticket: RequesterTicket): TemplateResult {
    const t = this.localize.term;
    const lang = this.localize.lang;
    const base = this.#ticket.api.base;
    const statusLink = ticketLink(pageUrl(this.statusPage, `${base}/pages/status`), ticket.number, this.#ticket.token);
    const messages = ticket.events.filter((e) => e.body).slice(-lastMessages);
    return html`
      <h2 part="title">${ticket.title}</h2>
      <p part="number">${t.labelled(t.ticketNumber, '')}<span class="number">${ticket.number}</span></p>
      ${messages.length
        ? html`<h3>${t.statusHistory}</h3>
            <ol part="events" class="events">
              ${messages.map((event) => eventItem(lang, event))}
            </ol>`
        : nothing}
      ${this.done
        ? html`<div part="success" class="success" role="status" tabindex="-1">
            <p>${this.done === 'reopened' ? t.reopened : t.thanks}</p>
            ${this.done === 'reopened' ? link(statusLink, t.followRequest) : nothing}
          </div>`
        : ticket.state !== 'closed'
          ? html`<p part="message" class="message">${t.stillOpen}</p>${link(statusLink, t.followRequest)}`
          : !ticket.canReopen
            ? html`<p part="message" class="message">${t.windowOver}</p>${link(pageUrl(this.newRequestPage, `${base}/help.html`), t.newRequest)}`
            : html`${textForm(t, { name: 'message', label: t.reopenLabel, button: t.reopenButton, busy: this.#send.busy, alert: this.#send.alert('message'), onSubmit: this.#reopen })}
              ${textForm(t, {
                name: 'comment',
                label: t.commentLabel,
                button: t.solvedButton,
                busy: this.#send.busy,
                alert: this.#send.alert('comment'),
                onSubmit: this.#feedback,
                before: html`<fieldset part="rating">
                  <legend part="label">${t.ratingLegend}</legend>
                  ${[1, 2, 3, 4, 5].map((n) => html`<label class="choice"><input part="input" type="radio" name="rating" value=${n} ?disabled=${this.#send.busy} />${n}</label>`)}
                </fieldset>`,
              })}`}
    `;
  }
}
