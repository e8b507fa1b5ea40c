import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { reopenUntil } from './reopen-window.ts';
import { onlyThanks } from './thanks.ts';
import type { TicketFeed } from './ticket-feed.ts';
import { openTicket } from './new-ticket.ts';
import { everyLanguage } from '../words/index.ts';

export interface RequesterWritesDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  mails: MailComposer;
  feed: TicketFeed;
  serviceLang: Lang;
  mailQueued(): void;
}

export type WriteAction = 'message' | 'reopened' | 'new_ticket';

export interface WriteOutcome {
  action: WriteAction;
  ticket: TicketRow;
  /** A message on a closed ticket that only thanked: recorded, the ticket kept closed. */
  thanks?: boolean;
}

/** A received mail kept for the agents only: its sender is not proven, or it came past the rate limit. */
export interface HeldMail {
  from: string;
  reason: 'unverified' | 'rate_limited';
  messageId: string | undefined;
  subject: string | undefined;
}

const words = everyLanguage('requester');

/**
 * What a requester writes, by web or by mail: a message, a reopen, feedback,
 * or — after the reopen window — a new ticket linked to the old one. Each is
 * one transaction with its event and its mails.
 */
export function createRequesterWrites(deps: RequesterWritesDeps) {
  const { store, clock, catalogue, mails, feed } = deps;

  function insideWindow(ticket: TicketRow, now: Date): boolean {
    const until = reopenUntil(ticket, catalogue);
    return until !== undefined && now.getTime() < until.getTime();
  }

  async function commit(work: (tx: Store, now: Date) => Promise<WriteOutcome>): Promise<WriteOutcome> {
    const outcome = await store.transaction((tx) => work(tx, clock.now()));
    deps.mailQueued();
    feed.publish({ number: outcome.ticket.number, queueId: outcome.ticket.queue_id });
    return outcome;
  }

  async function update(tx: Store, ticket: TicketRow, changes: Parameters<Store['updateTicket']>[2]): Promise<TicketRow> {
    const next = await tx.updateTicket(ticket.id, ticket.state, changes);
    if (!next) throw new GuichetError('conflict', { reason: 'changed', message: words.changed });
    return next;
  }

  async function event(tx: Store, ticket: TicketRow, at: string, type: string, body: string | null, data?: unknown): Promise<void> {
    await tx.appendEvent({
      ticket_id: ticket.id,
      at,
      type,
      author_kind: 'requester',
      author_id: ticket.requester_id,
      author_name: ticket.requester_name,
      public: 1,
      body,
      data: data === undefined ? null : JSON.stringify(data),
    });
  }

  async function reopenWith(tx: Store, ticket: TicketRow, body: string | null, now: Date, via: string): Promise<WriteOutcome> {
    const at = now.toISOString();
    const next = await update(tx, ticket, { state: 'open', closed_at: null, close_reason: null, auto_close_at: null, updated_at: at, last_activity_at: at });
    await event(tx, next, at, 'reopened', body, { via, closeReason: ticket.close_reason });
    const notification = mails.toQueue('queue_reopened', next, { body: body ?? '' }, now, deps.serviceLang);
    if (notification) await tx.enqueueMail(notification);
    return { action: 'reopened', ticket: next };
  }

  async function startLinked(tx: Store, old: TicketRow, body: string, now: Date): Promise<WriteOutcome> {
    const { ticket } = await openTicket(
      tx,
      {
        formId: old.form_id,
        formVersion: old.form_version,
        queueId: old.queue_id,
        requester: { id: old.requester_id, email: old.requester_email, name: old.requester_name, affiliations: JSON.parse(old.requester_affiliations) },
        lang: old.lang,
        data: JSON.parse(old.data),
        linkedTo: old,
      },
      now,
      { mails, serviceLang: deps.serviceLang },
    );
    await event(tx, ticket, now.toISOString(), 'requester_message', body);
    return { action: 'new_ticket', ticket };
  }

  /**
   * A message from the requester. On a closed ticket inside the window it
   * reopens unless it only thanks; after the window, by mail it starts a new
   * linked ticket and on the web it is refused (the page offers a new request).
   */
  async function messageIn(tx: Store, ticket: TicketRow, body: string, via: 'web' | 'mail', now: Date): Promise<WriteOutcome> {
    const at = now.toISOString();
    if (ticket.state === 'closed') {
      if (!insideWindow(ticket, now)) {
        if (via === 'web') throw new GuichetError('conflict', { reason: 'window_over', message: words.windowOver });
        return startLinked(tx, ticket, body, now);
      }
      if (!onlyThanks(body, [ticket.requester_name])) return reopenWith(tx, ticket, body, now, via);
      // A thank-you is kept for the agents; the ticket stays closed.
      const next = await update(tx, ticket, { updated_at: at });
      await event(tx, next, at, 'requester_message', body, { thanks: true, via });
      return { action: 'message', ticket: next, thanks: true };
    }
    const back = ticket.state === 'pending_auto_close';
    const next = await update(tx, ticket, { updated_at: at, last_activity_at: at, ...(back ? { state: 'open', auto_close_at: null } : {}) });
    await event(tx, next, at, 'requester_message', body, { via, ...(back ? { from: ticket.state, to: 'open' } : {}) });
    const notification = mails.toQueue('queue_requester_message', next, { body }, now, deps.serviceLang);
    if (notification) await tx.enqueueMail(notification);
    return { action: 'message', ticket: next };
  }

  return {
    /**
     * A message from the requester. On a closed ticket inside the window it
     * reopens unless it only thanks; after the window, by mail it starts a new
     * linked ticket and on the web it is refused (the page offers a new request).
     */
    message(ticket: TicketRow, body: string, via: 'web' | 'mail'): Promise<WriteOutcome> {
      return commit((tx, now) => messageIn(tx, ticket, body, via, now));
    },

    /** A mail that must not change the ticket by itself: an internal entry the agents see, nothing mailed. */
    hold(ticket: TicketRow, body: string, held: HeldMail): Promise<WriteOutcome> {
      return commit(async (tx, now) => {
        await tx.appendEvent({
          ticket_id: ticket.id,
          at: now.toISOString(),
          type: 'mail_held',
          author_kind: 'mail',
          author_id: null,
          author_name: held.from,
          public: 0,
          body,
          data: JSON.stringify(held),
        });
        return { action: 'message', ticket };
      });
    },

    /** An agent vouches for a held mail: it counts as the requester's, as if it had come signed. */
    acceptHeld(ticket: TicketRow, eventId: number, agent: { id: string; name: string }): Promise<WriteOutcome> {
      // An anonymised request is read-only (its held mails lost their bodies with it).
      if (ticket.anonymised_at) return Promise.reject(new GuichetError('not_found'));
      return commit(async (tx, now) => {
        const events = await tx.eventsOf(ticket.id, { publicOnly: false });
        const held = events.find((e) => e.id === eventId && e.type === 'mail_held');
        if (!held) throw new GuichetError('not_found');
        if (events.some((e) => e.type === 'mail_accepted' && (JSON.parse(e.data ?? '{}') as { event?: number }).event === eventId)) {
          throw new GuichetError('conflict', { reason: 'already_accepted', message: words.alreadyAccepted });
        }
        await tx.appendEvent({
          ticket_id: ticket.id,
          at: now.toISOString(),
          type: 'mail_accepted',
          author_kind: 'agent',
          author_id: agent.id,
          author_name: agent.name,
          public: 0,
          body: null,
          data: JSON.stringify({ event: eventId }),
        });
        return messageIn(tx, ticket, held.body ?? '', 'mail', now);
      });
    },

    /** "It is not solved": reopens a closed ticket inside the window; `conflict` otherwise. */
    reopen(ticket: TicketRow, body: string | null): Promise<WriteOutcome> {
      return commit(async (tx, now) => {
        if (ticket.state !== 'closed') throw new GuichetError('conflict', { reason: 'not_closed', message: words.notClosed });
        if (!insideWindow(ticket, now)) throw new GuichetError('conflict', { reason: 'window_over', message: words.windowOver });
        return reopenWith(tx, ticket, body, now, 'web');
      });
    },

    /** A rating of the outcome (1–5) and/or a comment; shown to agents and in the timeline. */
    feedback(ticket: TicketRow, rating: number | null, comment: string | null): Promise<WriteOutcome> {
      return commit(async (tx, now) => {
        const at = now.toISOString();
        const next = await update(tx, ticket, { updated_at: at });
        await event(tx, next, at, 'feedback', comment, rating === null ? {} : { rating });
        return { action: 'message', ticket: next };
      });
    },

    insideWindow,
  };
}

export type RequesterWrites = ReturnType<typeof createRequesterWrites>;
