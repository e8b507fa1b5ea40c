import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import type { EventRow, TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { stateLabels, type TicketState } from './states.ts';
import type { MailComposer } from '../mail/compose.ts';
import { verifyTicketLink } from './link-tokens.ts';
import type { TicketFeed } from './ticket-feed.ts';
import { tokenMatches } from './tokens.ts';

export interface RequesterTicketView {
  number: string;
  formId: string;
  title: string;
  data: Record<string, unknown>;
  state: string;
  stateLabel: string;
  createdAt: string;
  updatedAt: string;
  lastActivityAt: string;
  autoCloseAt?: string;
  closedAt?: string;
  closeReason?: string;
  canReopen: boolean;
  reopenUntil?: string;
  nextStep?: string;
  events: { at: string; type: string; author: string; body?: string }[];
}

export interface TicketAccess {
  number: string;
  token: string | undefined;
  person: Person | undefined;
}

const nextSteps: Partial<Record<TicketState, (queue: string) => Record<Lang, string>>> = {
  new: (queue) => ({
    fr: `Votre demande attend d’être prise en charge par : ${queue}. Vous recevrez un e-mail à chaque étape.`,
    en: `Your request is waiting to be taken up by: ${queue}. You will get an email at each step.`,
    de: `Ihre Anfrage wartet auf Bearbeitung durch: ${queue}. Sie erhalten bei jedem Schritt eine E-Mail.`,
  }),
  open: (queue) => ({
    fr: `${queue} traite votre demande.`,
    en: `${queue} is working on your request.`,
    de: `${queue} bearbeitet Ihre Anfrage.`,
  }),
};

const systemAuthor = 'Guichet';

export interface RequesterTicketsDeps {
  store: Store;
  catalogue: Catalogue;
  secret: string;
  clock: Clock;
  mails: MailComposer;
  feed: TicketFeed;
  /** The language of mails to queues. */
  serviceLang: Lang;
  mailQueued(): void;
}

export function createRequesterTickets(deps: RequesterTicketsDeps) {
  const { store, catalogue } = deps;

  /**
   * The ticket, if the token or the signed-in owner grants it. A wrong token and
   * an unknown number answer the same 404, so numbers cannot be probed.
   */
  async function authorise(access: TicketAccess): Promise<TicketRow> {
    if (access.token === undefined && !access.person) throw new GuichetError('unauthenticated');
    const ticket = /^\d{4}-\d{6}$/.test(access.number) ? await store.findTicketByNumber(access.number) : undefined;
    const granted =
      ticket !== undefined &&
      (access.token !== undefined
        ? tokenMatches(access.token, ticket.access_token_hash) || verifyTicketLink(deps.secret, ticket.number, access.token, deps.clock.now())
        : access.person!.id === ticket.requester_id);
    if (!granted) throw new GuichetError('not_found');
    return ticket;
  }

  function view(ticket: TicketRow, events: EventRow[], lang: Lang): RequesterTicketView {
    const form = catalogue.form(ticket.form_id)?.form;
    const queue = catalogue.queues.get(ticket.queue_id);
    const state = ticket.state as TicketState;
    const next = nextSteps[state]?.(queue?.name[lang] ?? ticket.queue_id)[lang];
    return {
      number: ticket.number,
      formId: ticket.form_id,
      title: form?.title[lang] ?? ticket.form_id,
      data: JSON.parse(ticket.data) as Record<string, unknown>,
      state,
      stateLabel: stateLabels[state]?.[lang] ?? state,
      createdAt: ticket.created_at,
      updatedAt: ticket.updated_at,
      lastActivityAt: ticket.last_activity_at,
      ...(ticket.auto_close_at ? { autoCloseAt: ticket.auto_close_at } : {}),
      ...(ticket.closed_at ? { closedAt: ticket.closed_at } : {}),
      ...(ticket.close_reason ? { closeReason: ticket.close_reason } : {}),
      canReopen: false,
      ...(next ? { nextStep: next } : {}),
      events: events.map((e) => ({
        at: e.at,
        type: e.type,
        author: e.author_kind === 'system' ? systemAuthor : (e.author_name ?? systemAuthor),
        ...(e.body !== null ? { body: e.body } : {}),
      })),
    };
  }

  return {
    async read(access: TicketAccess, lang: Lang): Promise<RequesterTicketView> {
      const ticket = await authorise(access);
      return view(ticket, await store.eventsOf(ticket.id, { publicOnly: true }), lang);
    },
    /**
     * A message from the requester: recorded, counted as activity, sent to the
     * queue. An approved ticket waiting to close comes back to the agents.
     */
    async addMessage(access: TicketAccess, body: string, lang: Lang): Promise<RequesterTicketView> {
      const ticket = await authorise(access);
      if (ticket.state === 'closed') {
        throw new GuichetError('conflict', {
          reason: 'closed',
          message: {
            fr: 'Cette demande est clôturée.',
            en: 'This request is closed.',
            de: 'Diese Anfrage ist geschlossen.',
          },
        });
      }
      const updated = await store.transaction(async (tx) => {
        const now = deps.clock.now();
        const at = now.toISOString();
        const reopen = ticket.state === 'pending_auto_close';
        const next = await tx.updateTicket(ticket.id, ticket.state, {
          updated_at: at,
          last_activity_at: at,
          ...(reopen ? { state: 'open', auto_close_at: null } : {}),
        });
        if (!next) throw new GuichetError('conflict', { reason: 'changed' });
        await tx.appendEvent({
          ticket_id: ticket.id,
          at,
          type: 'requester_message',
          author_kind: 'requester',
          author_id: ticket.requester_id,
          author_name: ticket.requester_name,
          public: 1,
          body,
          data: reopen ? JSON.stringify({ from: ticket.state, to: 'open' }) : null,
        });
        const notification = deps.mails.toQueue('queue_requester_message', next, { body }, now, deps.serviceLang);
        if (notification) await tx.enqueueMail(notification);
        return next;
      });
      deps.mailQueued();
      deps.feed.publish({ number: updated.number, queueId: updated.queue_id });
      return view(updated, await store.eventsOf(updated.id, { publicOnly: true }), lang);
    },

    async listMine(person: Person | undefined, lang: Lang): Promise<RequesterTicketView[]> {
      if (!person) throw new GuichetError('unauthenticated');
      const tickets = await store.ticketsOfRequester(person.id, 200);
      return Promise.all(tickets.map(async (t) => view(t, await store.eventsOf(t.id, { publicOnly: true }), lang)));
    },
  };
}
