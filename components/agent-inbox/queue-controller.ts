import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Lang } from '../../forms/lang.ts';
import type { ApiHost } from '../internal/api.ts';
import type { AgentQueue, AgentTicket, AgentTicketSummary, Holder, QueueChange } from '../../server/wire/agent.ts';
import { agentApiFor } from './agent-api.ts';

export interface QueueHost extends ReactiveControllerHost, HTMLElement, ApiHost {}

/** A burst of changes (an action, then its mail) costs one reload of the list. */
const refreshMilliseconds = 100;
/** A dropped stream is tried again after this long; the list is reloaded when it comes back. */
const reconnectMilliseconds = 2_000;

/**
 * The agent's queues and the tickets of the one shown, kept current by the
 * queue's live stream: a change patches its row at once (holder, state, last
 * activity) and the list and counts are read again right after, so the API
 * stays the one source of truth.
 */
export class QueueController implements ReactiveController {
  agent?: Holder;
  queues?: AgentQueue[];
  /** Every queue of the catalogue: a ticket may be moved to one the agent does not work. */
  moveTargets: { id: string; name: string }[] = [];
  queueId = '';
  tickets?: AgentTicketSummary[];
  /** The requests the sweep closed with no agent's answer in the last week, shown apart. */
  closedUnanswered: AgentTicketSummary[] = [];
  problem?: unknown;
  live = false;

  #run = 0;
  #abort?: AbortController;
  #refresh?: ReturnType<typeof setTimeout>;
  #retry?: ReturnType<typeof setTimeout>;
  #key?: string;

  constructor(
    private readonly host: QueueHost,
    private readonly lang: () => Lang,
    /** Told of every change another tab or agent made, after the row is patched. */
    private readonly changed: (change: QueueChange, before: AgentTicketSummary | undefined) => void,
  ) {
    host.addController(this);
  }

  get api() {
    return agentApiFor(this.host, this.lang());
  }

  hostConnected(): void {
    this.#key = undefined;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#stop();
  }

  hostUpdate(): void {
    const key = `${this.host.api} ${this.host.devUser} ${this.lang()}`;
    if (key === this.#key) return;
    this.#key = key;
    void this.#start();
  }

  /** Shows another queue, following its stream. */
  show(queueId: string): void {
    if (queueId === this.queueId) return;
    this.queueId = queueId;
    this.tickets = undefined;
    this.closedUnanswered = [];
    this.host.requestUpdate();
    this.#follow(this.#run);
  }

  /** A ticket as an action answered it: its row changes now, not when the stream says so. */
  patch(ticket: AgentTicket): void {
    if (!this.tickets) return;
    if (ticket.queueId !== this.queueId) this.tickets = this.tickets.filter((t) => t.number !== ticket.number);
    else {
      const { events: _events, attachments: _attachments, ...row } = ticket;
      this.tickets = sorted(this.tickets.map((t) => (t.number === ticket.number ? { ...t, ...row } : t)));
    }
    this.host.requestUpdate();
    this.#scheduleRefresh(this.#run);
  }

  #stop(): void {
    this.#run++;
    this.#abort?.abort();
    clearTimeout(this.#refresh);
    clearTimeout(this.#retry);
    this.live = false;
  }

  async #start(): Promise<void> {
    this.#stop();
    const run = this.#run;
    this.problem = undefined;
    try {
      const { agent, queues, moveTargets } = await this.api.queues();
      if (run !== this.#run) return;
      this.agent = agent;
      this.moveTargets = moveTargets;
      this.queues = queues;
      if (!queues.some((q) => q.id === this.queueId)) this.queueId = queues[0]?.id ?? '';
      if (this.queueId) this.#follow(run);
    } catch (error) {
      if (run === this.#run) this.problem = error;
    }
    this.host.requestUpdate();
  }

  #follow(run: number): void {
    this.#abort?.abort();
    clearTimeout(this.#retry);
    const abort = (this.#abort = new AbortController());
    const queueId = this.queueId;
    const current = () => run === this.#run && queueId === this.queueId && !abort.signal.aborted;
    void this.api
      .live(queueId, abort.signal, (event) => {
        if (!current()) return;
        if ('tickets' in event) {
          // The stream's first event: it is listening now, so a full read misses nothing.
          this.live = true;
          this.#scheduleRefresh(run, 0);
          return;
        }
        const before = this.tickets?.find((t) => t.number === event.number);
        if (before && this.tickets) {
          const { state } = event;
          const moved = state === 'moved' || event.queueId !== queueId;
          this.tickets = moved
            ? this.tickets.filter((t) => t.number !== event.number)
            : sorted(this.tickets.map((t) => (t === before ? { ...t, state, lockedBy: event.lockedBy, lastActivityAt: event.lastActivityAt } : t)));
        }
        this.host.requestUpdate();
        this.changed(event, before);
        this.#scheduleRefresh(run);
      })
      .catch(() => undefined)
      .then(() => {
        if (!current()) return;
        this.live = false;
        this.host.requestUpdate();
        this.#retry = setTimeout(() => current() && this.#follow(run), reconnectMilliseconds);
      });
  }

  #scheduleRefresh(run: number, delay = refreshMilliseconds): void {
    clearTimeout(this.#refresh);
    this.#refresh = setTimeout(async () => {
      const queueId = this.queueId;
      try {
        const [{ tickets, closedUnanswered }, { queues }] = await Promise.all([this.api.tickets(queueId), this.api.queues()]);
        if (run !== this.#run || queueId !== this.queueId) return;
        this.tickets = sorted(tickets);
        this.closedUnanswered = closedUnanswered;
        this.queues = queues;
        this.problem = undefined;
      } catch (error) {
        if (run === this.#run) this.problem = error;
      }
      this.host.requestUpdate();
    }, delay);
  }
}

/** Overdue first, then most recently active first, as the server sorts them; the number breaks ties so rows never swap at random. */
const sorted = (tickets: AgentTicketSummary[]) =>
  [...tickets].sort((a, b) => Number(!!b.overdue) - Number(!!a.overdue) || b.lastActivityAt.localeCompare(a.lastActivityAt) || b.number.localeCompare(a.number));
