import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RequesterTicket } from '../../server/wire/tickets.ts';
import { apiFor, type ApiHost } from './api.ts';
import type { LocalizeController } from './localize.ts';
import { problemOf, type Problem } from './templates.ts';

export interface TicketHost extends ReactiveControllerHost, HTMLElement, ApiHost {
  /** A ticket the signed-in person owns, when the page's fragment names none. */
  number?: string | undefined;
}

/** Polling when the live stream is down; every `streamRetryPolls` polls the stream is tried again. */
const pollMilliseconds = 10_000;
const streamRetryPolls = 6;

/**
 * One ticket for a requester's page: which one (the fragment `#ticket=…&token=…`
 * of the mail's link, again on `hashchange`; `#ticket=…` or the host's
 * `number` for a signed-in owner), its loading and problems, and — with
 * `live` — following it: the live stream after the first load, polling while
 * the stream is down, everything stopped when the host leaves the page.
 */
export class TicketController implements ReactiveController {
  ticket?: RequesterTicket;
  problem?: Problem;
  loading = false;
  number?: string;
  token?: string;

  #key?: string;
  /** Bumped by every (re)start and stop: late answers of an older run are dropped. */
  #run = 0;
  #stop?: () => void;
  readonly #onHashChange = () => this.#start();

  constructor(
    private readonly host: TicketHost,
    private readonly localize: LocalizeController,
    private readonly options: { live?: boolean; changed?: (ticket: RequesterTicket, previous?: RequesterTicket) => void } = {},
  ) {
    host.addController(this);
  }

  get api() {
    return apiFor(this.host, this.localize.lang);
  }

  hostConnected(): void {
    window.addEventListener('hashchange', this.#onHashChange);
    // Back in a page after a move: start again at the next update.
    this.#key = undefined;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    window.removeEventListener('hashchange', this.#onHashChange);
    this.#halt();
  }

  hostUpdate(): void {
    const key = `${this.host.api} ${this.host.devUser} ${this.host.number}`;
    if (key !== this.#key) {
      this.#key = key;
      void this.#start();
    }
  }

  /** Shows a newer view of the ticket (a write's answer, a live event). */
  set(ticket: RequesterTicket): void {
    const previous = this.ticket;
    this.ticket = ticket;
    this.options.changed?.(ticket, previous);
    this.host.requestUpdate();
  }

  reload(): Promise<void> {
    return this.#start();
  }

  #halt(): void {
    this.#run++;
    this.#stop?.();
  }

  async #start(): Promise<void> {
    this.#halt();
    const run = this.#run;
    const fragment = new URLSearchParams(location.hash.slice(1));
    this.number = fragment.get('ticket') || this.host.number || undefined;
    this.token = (fragment.get('ticket') && fragment.get('token')) || undefined;
    this.ticket = this.problem = undefined;
    this.loading = !!this.number;
    if (!this.number) this.problem = 'missing';
    this.host.requestUpdate();
    if (!this.number) return;
    try {
      let ticket = await this.api.ticket(this.number, this.token);
      if (run !== this.#run) return;
      // The page follows the request's language (a German requester's link shows German), read again in it.
      if (this.localize.follow(ticket.lang)) ticket = await this.api.ticket(this.number, this.token);
      if (run !== this.#run) return;
      this.set(ticket);
      if (this.options.live) this.#follow(run);
    } catch (error) {
      if (run === this.#run) this.problem = problemOf(error);
    } finally {
      if (run === this.#run) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
  }

  #follow(run: number): void {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    this.#stop = () => {
      abort.abort();
      clearTimeout(timer);
    };
    const poll = (left: number) => {
      timer = setTimeout(async () => {
        if (!left) return this.#follow(run);
        const ticket = await this.api.ticket(this.number!, this.token).catch(() => undefined);
        if (run !== this.#run) return;
        if (ticket) this.set(ticket);
        poll(left - 1);
      }, pollMilliseconds);
    };
    // The stream's first event is the ticket as it is now, so nothing is missed while it connects.
    void this.api
      .live(this.number!, this.token, abort.signal, (ticket) => run === this.#run && this.set(ticket))
      .catch(() => undefined)
      .then(() => run === this.#run && poll(streamRetryPolls - 1));
  }
}
