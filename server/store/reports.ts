import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { StateRoles } from './state-roles.ts';

/** The event types a service report reads; everything else (notes, locks, mails) is left in the database. */
export const reportEventTypes = ['agent_reply', 'approved', 'rejected', 'state_changed', 'auto_closed', 'reopened', 'requester_message', 'feedback'] as const;

export interface ReportTicket {
  id: number;
  queue_id: string;
  created_at: string;
}

export interface ReportEvent {
  id: number;
  ticket_id: number;
  /** The queue the ticket is in now. */
  queue_id: string;
  at: string;
  type: string;
  data: string | null;
}

/**
 * The queries behind the service figures. Part of the Store (store.ts spreads
 * them in). They only select rows; the figures are computed in the service,
 * so the SQL stays the same on SQLite and PostgreSQL.
 */
export interface ReportStore {
  /** Tickets now in one of `queueIds` created in [from, to). */
  ticketsCreatedBetween(queueIds: readonly string[], from: string, to: string): Promise<ReportTicket[]>;
  /** The report's events in [from, to) of tickets now in one of `queueIds`, in the order they were recorded. */
  periodEvents(queueIds: readonly string[], from: string, to: string): Promise<ReportEvent[]>;
  /**
   * The report's events at or after `from` of the tickets `ticketIds`, in the
   * order they were recorded: what happened after the period to the tickets
   * of the period (a late first reply, a reopen of the period's closure).
   */
  laterEvents(ticketIds: readonly number[], from: string): Promise<ReportEvent[]>;
  /** Tickets now in one of `queueIds` that are not closed, per queue. */
  openTicketsByQueue(queueIds: readonly string[]): Promise<{ queue_id: string; count: number }[]>;
}

type Executor = Kysely<Database> | Transaction<Database>;

export function reportQueries(db: Executor, roles: Pick<StateRoles, 'closed'>): ReportStore {
  return {
    async ticketsCreatedBetween(queueIds, from, to) {
      if (queueIds.length === 0) return [];
      return db
        .selectFrom('tickets')
        .select(['id', 'queue_id', 'created_at'])
        .where('queue_id', 'in', queueIds)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    async periodEvents(queueIds, from, to) {
      if (queueIds.length === 0) return [];
      // Walks the events' time index (migration 0008), then each event's ticket by its key.
      return db
        .selectFrom('events')
        .innerJoin('tickets', 'tickets.id', 'events.ticket_id')
        .select(['events.id', 'events.ticket_id', 'tickets.queue_id', 'events.at', 'events.type', 'events.data'])
        .where('events.at', '>=', from)
        .where('events.at', '<', to)
        .where('events.type', 'in', reportEventTypes)
        .where('tickets.queue_id', 'in', queueIds)
        .orderBy('events.id')
        .execute();
    },

    async laterEvents(ticketIds, from) {
      const found: ReportEvent[] = [];
      // In slices, to stay under both dialects' limits on bound parameters.
      for (let i = 0; i < ticketIds.length; i += 1000) {
        const rows = await db
          .selectFrom('events')
          .innerJoin('tickets', 'tickets.id', 'events.ticket_id')
          .select(['events.id', 'events.ticket_id', 'tickets.queue_id', 'events.at', 'events.type', 'events.data'])
          .where('events.ticket_id', 'in', ticketIds.slice(i, i + 1000))
          .where('events.at', '>=', from)
          .where('events.type', 'in', reportEventTypes)
          .execute();
        found.push(...rows);
      }
      return found.sort((a, b) => a.id - b.id);
    },

    async openTicketsByQueue(queueIds) {
      if (queueIds.length === 0) return [];
      const rows = await db
        .selectFrom('tickets')
        .select(['queue_id', (eb) => eb.fn.countAll<number>().as('count')])
        .where('queue_id', 'in', queueIds)
        .where('state', '<>', roles.closed)
        .groupBy('queue_id')
        .execute();
      return rows.map((r) => ({ queue_id: r.queue_id, count: Number(r.count) }));
    },
  };
}
