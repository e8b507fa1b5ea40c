import type { Localized } from '../../forms/lang.ts';

export const ticketStates = ['new', 'open', 'pending', 'appointment', 'pending_auto_close', 'closed'] as const;
export type TicketState = (typeof ticketStates)[number];

/** What a requester reads for each state. */
export const stateLabels: Record<TicketState, Localized> = {
  new: { fr: 'Reçue', en: 'Received', de: 'Eingegangen' },
  open: { fr: 'En cours de traitement', en: 'In progress', de: 'In Bearbeitung' },
  pending: { fr: 'En attente', en: 'On hold', de: 'Wartend' },
  appointment: { fr: 'Rendez-vous fixé', en: 'Appointment set', de: 'Termin vereinbart' },
  pending_auto_close: { fr: 'Traitée, clôture prévue', en: 'Handled, closing soon', de: 'Erledigt, Schliessung geplant' },
  closed: { fr: 'Clôturée', en: 'Closed', de: 'Geschlossen' },
};
