/**
 * Which states the sweep and the reports ask about. The store knows no ticket
 * rule: the services' state table says (server/services/states.ts), and the
 * store filters by what it is given.
 */
export interface StateRoles {
  /** The states a ticket idles in: closed after its queue's limit without activity, flagged overdue (in this order). */
  idle: readonly string[];
  /** The state that closes at its `auto_close_at`. */
  scheduledClosing: string;
  /** The state of a ticket that is over. */
  closed: string;
}
