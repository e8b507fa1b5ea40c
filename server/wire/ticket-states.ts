/**
 * The names of a ticket's states, as every answer carries them. The wire
 * owns the list (it imports nothing of the server); services/states.ts holds
 * the rules about these states (transitions, the sweep's roles).
 */
export const ticketStates = ['new', 'open', 'pending', 'appointment', 'pending_auto_close', 'closed'] as const;
export type TicketState = (typeof ticketStates)[number];
