import type { Catalogue } from '../catalogue.ts';
import type { TicketRow } from '../store/schema.ts';

const dayMilliseconds = 86_400_000;

/** Until when a closed ticket can be reopened: its queue's reopen window after closing. */
export function reopenUntil(ticket: Pick<TicketRow, 'closed_at' | 'queue_id'>, catalogue: Catalogue): Date | undefined {
  if (!ticket.closed_at) return undefined;
  const days = catalogue.queues.get(ticket.queue_id)?.reopenDays ?? 30;
  return new Date(new Date(ticket.closed_at).getTime() + days * dayMilliseconds);
}

/** How long the links of a closure mail keep opening the reopen page (which then offers a new request). */
export const closureLinkDays = 180;
export { dayMilliseconds };
