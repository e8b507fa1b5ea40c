import type { Localized } from '../../forms/lang.ts';
import { GuichetError } from '../errors.ts';
import type { StateRoles } from '../store/state-roles.ts';
import { everyLanguage } from '../words/index.ts';
import { ticketStates, type TicketState } from '../wire/ticket-states.ts';

export { ticketStates, type TicketState };

/**
 * The one table of transitions: from a state, the states a ticket may move to.
 * Anything else is a `conflict` naming both states. `pending` and `appointment` are
 * the waiting states the sweep leaves alone; `pending_auto_close` closes at
 * `autoCloseAt`; `closed` comes back to `open` when the requester reopens.
 */
export const transitions: Readonly<Record<TicketState, readonly TicketState[]>> = {
  new: ['open', 'pending', 'appointment', 'pending_auto_close', 'closed'],
  open: ['pending', 'appointment', 'pending_auto_close', 'closed'],
  pending: ['open', 'appointment', 'pending_auto_close', 'closed'],
  appointment: ['open', 'pending', 'pending_auto_close', 'closed'],
  pending_auto_close: ['open', 'pending', 'appointment', 'closed'],
  closed: ['open'],
};

/**
 * What the sweep does with a ticket in each state: `idles` (new, open) closes
 * after its queue's idle limit without activity and is flagged overdue while
 * an agent owes an answer; `closes-at-date` closes at its `autoCloseAt`;
 * `exempt` (the waiting states) is left alone; `closed` is over (the reports
 * count every other state as open). A state without a role fails the type check.
 */
export const sweepRoles: Readonly<Record<TicketState, 'idles' | 'closes-at-date' | 'exempt' | 'closed'>> = {
  new: 'idles',
  open: 'idles',
  pending: 'exempt',
  appointment: 'exempt',
  pending_auto_close: 'closes-at-date',
  closed: 'closed',
};

const withRole = (role: (typeof sweepRoles)[TicketState]) => ticketStates.filter((state) => sweepRoles[state] === role);

/** The same table as the store is handed it (it filters by these and knows no rule of its own). */
export const stateRoles: StateRoles = {
  idle: withRole('idles'),
  scheduledClosing: withRole('closes-at-date')[0]!,
  closed: withRole('closed')[0]!,
};

/**
 * Where a rejection still applies: an approved request (closing soon) was decided, and a closed one is over;
 * to undo an approval an agent moves it back to open first.
 */
export const rejectableStates: readonly TicketState[] = ['new', 'open', 'pending', 'appointment'];

export function isTicketState(value: string): value is TicketState {
  return (ticketStates as readonly string[]).includes(value);
}

const words = everyLanguage('states');

/** What a requester reads for each state. */
export const stateLabels: Record<TicketState, Localized> = words.label;

/**
 * What a requester reads for each public event type, sent with the event
 * (`label`) like `stateLabel`: the embed then carries no copy of the table.
 * A type missing here is shown as it is named.
 */
export const eventLabels: Record<string, Localized> = words.event;

/** Throws `conflict` (docs/contract.md) unless the table allows `from` → `to`. */
export function assertTransition(from: string, to: TicketState): void {
  if (isTicketState(from) && transitions[from].includes(to)) return;
  throw new GuichetError('conflict', {
    reason: 'transition',
    message: words.transition(from, to),
  });
}
