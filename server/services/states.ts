import type { Localized } from '../../forms/lang.ts';
import { GuichetError } from '../errors.ts';

export const ticketStates = ['new', 'open', 'pending', 'appointment', 'pending_auto_close', 'closed'] as const;
export type TicketState = (typeof ticketStates)[number];

/**
 * The one table of transitions: from a state, the states a ticket may move to.
 * Anything else is a 409 naming both states. `pending` and `appointment` are
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
 * Where a rejection still applies: an approved request (closing soon) was decided, and a closed one is over;
 * to undo an approval an agent moves it back to open first.
 */
export const rejectableStates: readonly TicketState[] = ['new', 'open', 'pending', 'appointment'];

export function isTicketState(value: string): value is TicketState {
  return (ticketStates as readonly string[]).includes(value);
}

/** What a requester reads for each state. */
export const stateLabels: Record<TicketState, Localized> = {
  new: { fr: 'Reçue', en: 'Received', de: 'Eingegangen' },
  open: { fr: 'En cours de traitement', en: 'In progress', de: 'In Bearbeitung' },
  pending: { fr: 'En attente', en: 'On hold', de: 'Wartend' },
  appointment: { fr: 'Rendez-vous fixé', en: 'Appointment set', de: 'Termin vereinbart' },
  pending_auto_close: { fr: 'Traitée, clôture prévue', en: 'Handled, closing soon', de: 'Erledigt, Schliessung geplant' },
  closed: { fr: 'Clôturée', en: 'Closed', de: 'Geschlossen' },
};

/**
 * What a requester reads for each public event type, sent with the event
 * (`label`) like `stateLabel`: the embed then carries no copy of the table.
 * A type missing here is shown as it is named.
 */
export const eventLabels: Record<string, Localized> = {
  submitted: { fr: 'Demande envoyée', en: 'Request sent', de: 'Anfrage gesendet' },
  requester_message: { fr: 'Message', en: 'Message', de: 'Nachricht' },
  agent_reply: { fr: 'Réponse', en: 'Reply', de: 'Antwort' },
  state_changed: { fr: 'Changement d’état', en: 'State changed', de: 'Statusänderung' },
  approved: { fr: 'Approuvée', en: 'Approved', de: 'Genehmigt' },
  rejected: { fr: 'Refusée', en: 'Rejected', de: 'Abgelehnt' },
  step_approved: { fr: 'Étape approuvée', en: 'Step approved', de: 'Schritt genehmigt' },
  step_declined: { fr: 'Refusée', en: 'Declined', de: 'Abgelehnt' },
  auto_closed: { fr: 'Clôturée automatiquement', en: 'Closed automatically', de: 'Automatisch geschlossen' },
  reopened: { fr: 'Rouverte', en: 'Reopened', de: 'Wieder geöffnet' },
  feedback: { fr: 'Avis', en: 'Feedback', de: 'Bewertung' },
};

/** Throws the 409 `conflict` (docs/contract.md) unless the table allows `from` → `to`. */
export function assertTransition(from: string, to: TicketState): void {
  if (isTicketState(from) && transitions[from].includes(to)) return;
  throw new GuichetError('conflict', {
    reason: 'transition',
    message: {
      fr: `Impossible de passer de l’état « ${from} » à « ${to} ».`,
      en: `A ticket cannot go from "${from}" to "${to}".`,
      de: `Ein Ticket kann nicht von «${from}» nach «${to}» wechseln.`,
    },
  });
}
