import type { Lang } from '../../forms/lang.ts';

/**
 * The workspace's own words. They live beside the component, not in
 * components/locales: the requester embed must not carry them.
 */
export interface AgentTerms {
  loading: string;
  networkError: string;
  genericError: string;
  signIn: string;
  notAgent: string;
  queuesTitle: string;
  queueButton: (name: string, counts: string) => string;
  count: (state: string, n: number) => string;
  noTickets: string;
  ticketsTitle: (queue: string) => string;
  filterLabel: string;
  filterActive: string;
  filterAll: string;
  listHint: string;
  /** The agent's own words for the states (the requester's stateLabel is the server's). */
  states: Record<string, string>;
  heldBy: (name: string) => string;
  heldByYou: string;
  free: string;
  lastActivity: string;
  live: string;
  offline: string;
  pick: string;
  back: string;
  requester: string;
  state: string;
  holder: string;
  created: string;
  pendingUntil: string;
  autoCloseAt: string;
  data: string;
  history: string;
  internal: string;
  yes: string;
  no: string;
  eventTypes: Record<string, string>;
  takenFrom: (name: string) => string;
  lockSection: string;
  lockFree: string;
  lockMine: string;
  lockOther: (name: string) => string;
  lock: string;
  unlock: string;
  takeOver: string;
  locked: string;
  unlocked: string;
  tookOver: string;
  reply: string;
  replySend: string;
  replySent: string;
  canned: string;
  cannedInsert: string;
  note: string;
  noteAdd: string;
  noteAdded: string;
  stateLegend: string;
  stateNew: string;
  until: string;
  untilHint: string;
  untilNeeded: string;
  stateSubmit: string;
  stateChanged: (label: string) => string;
  approveLegend: string;
  approveHint: string;
  confirmField: (label: string, value: string) => string;
  confirmMissing: string;
  approve: string;
  approved: string;
  rejectLabel: string;
  reject: string;
  rejected: string;
  moveLabel: string;
  move: string;
  moved: (queue: string) => string;
  /** Said when another agent changed a ticket of the list. */
  changed: (number: string, what: string) => string;
}

const fr: AgentTerms = {
  loading: 'Chargement…',
  networkError: 'Le serveur ne répond pas. Vérifiez votre connexion et réessayez.',
  genericError: 'Une erreur est survenue. Réessayez.',
  signIn: 'Connectez-vous pour voir vos files.',
  notAgent: 'Vous n’êtes agent·e d’aucune file.',
  queuesTitle: 'Mes files',
  queueButton: (name, counts) => `${name} — ${counts}`,
  count: (state, n) => `${state} : ${n}`,
  noTickets: 'Aucun ticket ici.',
  ticketsTitle: (queue) => `Tickets — ${queue}`,
  filterLabel: 'Afficher',
  filterActive: 'Non clôturés',
  filterAll: 'Tous',
  listHint: 'Flèches pour parcourir, Entrée pour ouvrir.',
  states: { new: 'Nouveau', open: 'Ouvert', pending: 'En attente', appointment: 'Rendez-vous', pending_auto_close: 'Clôture automatique prévue', closed: 'Clôturé' },
  heldBy: (name) => `tenu par ${name}`,
  heldByYou: 'tenu par vous',
  free: 'libre',
  lastActivity: 'Dernière activité',
  live: 'Mise à jour en direct',
  offline: 'Hors ligne : nouvel essai dans quelques secondes…',
  pick: 'Choisissez un ticket dans la liste.',
  back: 'Retour à la liste',
  requester: 'Demandeur·euse',
  state: 'État',
  holder: 'Tenu par',
  created: 'Créé',
  pendingUntil: 'Jusqu’au',
  autoCloseAt: 'Clôture automatique le',
  data: 'Données de la demande',
  history: 'Historique',
  internal: 'interne',
  yes: 'Oui',
  no: 'Non',
  eventTypes: {
    submitted: 'Demande envoyée',
    requester_message: 'Message',
    agent_reply: 'Réponse',
    note: 'Note',
    state_changed: 'Changement d’état',
    approved: 'Approuvée',
    rejected: 'Refusée',
    auto_closed: 'Clôturée automatiquement',
    reopened: 'Rouverte',
    feedback: 'Avis',
    locked: 'Ticket pris',
    unlocked: 'Ticket libéré',
    lock_taken_over: 'Ticket repris',
    moved: 'Déplacé',
  },
  takenFrom: (name) => `Repris à ${name}`,
  lockSection: 'Verrou',
  lockFree: 'Personne ne traite ce ticket.',
  lockMine: 'Vous traitez ce ticket.',
  lockOther: (name) => `${name} traite ce ticket. Attendez qu’il ou elle le libère, ou reprenez-le.`,
  lock: 'Prendre le ticket',
  unlock: 'Libérer le ticket',
  takeOver: 'Reprendre le ticket',
  locked: 'Vous avez pris le ticket.',
  unlocked: 'Vous avez libéré le ticket.',
  tookOver: 'Vous avez repris le ticket.',
  reply: 'Réponse à la personne (envoyée par e-mail)',
  replySend: 'Envoyer la réponse',
  replySent: 'Réponse envoyée.',
  canned: 'Réponse type',
  cannedInsert: 'Insérer la réponse type',
  note: 'Note interne (jamais montrée à la personne)',
  noteAdd: 'Ajouter la note',
  noteAdded: 'Note ajoutée.',
  stateLegend: 'Changer l’état',
  stateNew: 'Nouvel état',
  until: 'Date et heure',
  untilHint: 'Obligatoire pour un rendez-vous et une clôture automatique ; pour « en attente », date de rappel facultative.',
  untilNeeded: 'Indiquez la date et l’heure.',
  stateSubmit: 'Changer l’état',
  stateChanged: (label) => `Nouvel état : ${label}`,
  approveLegend: 'Approbation',
  approveHint: 'Cochez ce que vous avez vérifié. La personne reçoit le lien de téléchargement et l’aide à l’installation.',
  confirmField: (label, value) => `J’ai vérifié « ${label} » : ${value}`,
  confirmMissing: 'Cochez chaque vérification avant d’approuver.',
  approve: 'Approuver',
  approved: 'Demande approuvée.',
  rejectLabel: 'Motif du refus (envoyé à la personne)',
  reject: 'Refuser la demande',
  rejected: 'Demande refusée.',
  moveLabel: 'Déplacer vers la file',
  move: 'Déplacer',
  moved: (queue) => `Ticket déplacé vers ${queue}.`,
  changed: (number, what) => `${number} : ${what}`,
};

const en: AgentTerms = {
  loading: 'Loading…',
  networkError: 'The server does not answer. Check your connection and try again.',
  genericError: 'Something went wrong. Try again.',
  signIn: 'Sign in to see your queues.',
  notAgent: 'You are not an agent of any queue.',
  queuesTitle: 'My queues',
  queueButton: (name, counts) => `${name} — ${counts}`,
  count: (state, n) => `${state}: ${n}`,
  noTickets: 'No ticket here.',
  ticketsTitle: (queue) => `Tickets — ${queue}`,
  filterLabel: 'Show',
  filterActive: 'Not closed',
  filterAll: 'All',
  listHint: 'Arrow keys to move, Enter to open.',
  states: { new: 'New', open: 'Open', pending: 'On hold', appointment: 'Appointment', pending_auto_close: 'Closing automatically', closed: 'Closed' },
  heldBy: (name) => `held by ${name}`,
  heldByYou: 'held by you',
  free: 'free',
  lastActivity: 'Last activity',
  live: 'Live updates',
  offline: 'Offline: trying again in a few seconds…',
  pick: 'Pick a ticket in the list.',
  back: 'Back to the list',
  requester: 'Requester',
  state: 'State',
  holder: 'Held by',
  created: 'Created',
  pendingUntil: 'Until',
  autoCloseAt: 'Closes automatically on',
  data: 'What was asked',
  history: 'History',
  internal: 'internal',
  yes: 'Yes',
  no: 'No',
  eventTypes: {
    submitted: 'Request sent',
    requester_message: 'Message',
    agent_reply: 'Reply',
    note: 'Note',
    state_changed: 'State changed',
    approved: 'Approved',
    rejected: 'Rejected',
    auto_closed: 'Closed automatically',
    reopened: 'Reopened',
    feedback: 'Feedback',
    locked: 'Ticket taken',
    unlocked: 'Ticket released',
    lock_taken_over: 'Ticket taken over',
    moved: 'Moved',
  },
  takenFrom: (name) => `Taken over from ${name}`,
  lockSection: 'Lock',
  lockFree: 'Nobody is working on this ticket.',
  lockMine: 'You are working on this ticket.',
  lockOther: (name) => `${name} is working on this ticket. Wait until they release it, or take it over.`,
  lock: 'Take the ticket',
  unlock: 'Release the ticket',
  takeOver: 'Take the ticket over',
  locked: 'You took the ticket.',
  unlocked: 'You released the ticket.',
  tookOver: 'You took the ticket over.',
  reply: 'Reply to the requester (sent by email)',
  replySend: 'Send the reply',
  replySent: 'Reply sent.',
  canned: 'Canned answer',
  cannedInsert: 'Insert the canned answer',
  note: 'Internal note (never shown to the requester)',
  noteAdd: 'Add the note',
  noteAdded: 'Note added.',
  stateLegend: 'Change the state',
  stateNew: 'New state',
  until: 'Date and time',
  untilHint: 'Required for an appointment and an automatic closing; for “on hold”, an optional reminder date.',
  untilNeeded: 'Give the date and time.',
  stateSubmit: 'Change the state',
  stateChanged: (label) => `New state: ${label}`,
  approveLegend: 'Approval',
  approveHint: 'Tick what you checked. The requester gets the download link and the install help.',
  confirmField: (label, value) => `I checked “${label}”: ${value}`,
  confirmMissing: 'Tick every check before approving.',
  approve: 'Approve',
  approved: 'Request approved.',
  rejectLabel: 'Reason for the rejection (sent to the requester)',
  reject: 'Reject the request',
  rejected: 'Request rejected.',
  moveLabel: 'Move to the queue',
  move: 'Move',
  moved: (queue) => `Ticket moved to ${queue}.`,
  changed: (number, what) => `${number}: ${what}`,
};

const de: AgentTerms = {
  loading: 'Wird geladen…',
  networkError: 'Der Server antwortet nicht. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  genericError: 'Ein Fehler ist aufgetreten. Versuchen Sie es erneut.',
  signIn: 'Melden Sie sich an, um Ihre Warteschlangen zu sehen.',
  notAgent: 'Sie sind in keiner Warteschlange Agent:in.',
  queuesTitle: 'Meine Warteschlangen',
  queueButton: (name, counts) => `${name} — ${counts}`,
  count: (state, n) => `${state}: ${n}`,
  noTickets: 'Hier gibt es kein Ticket.',
  ticketsTitle: (queue) => `Tickets — ${queue}`,
  filterLabel: 'Anzeigen',
  filterActive: 'Nicht geschlossen',
  filterAll: 'Alle',
  listHint: 'Pfeiltasten zum Blättern, Eingabetaste zum Öffnen.',
  states: { new: 'Neu', open: 'Offen', pending: 'Wartend', appointment: 'Termin', pending_auto_close: 'Automatische Schliessung geplant', closed: 'Geschlossen' },
  heldBy: (name) => `in Bearbeitung bei ${name}`,
  heldByYou: 'in Bearbeitung bei Ihnen',
  free: 'frei',
  lastActivity: 'Letzte Aktivität',
  live: 'Live-Aktualisierung',
  offline: 'Offline: neuer Versuch in einigen Sekunden…',
  pick: 'Wählen Sie ein Ticket in der Liste.',
  back: 'Zurück zur Liste',
  requester: 'Antragsteller:in',
  state: 'Status',
  holder: 'In Bearbeitung bei',
  created: 'Erstellt',
  pendingUntil: 'Bis',
  autoCloseAt: 'Automatische Schliessung am',
  data: 'Angaben der Anfrage',
  history: 'Verlauf',
  internal: 'intern',
  yes: 'Ja',
  no: 'Nein',
  eventTypes: {
    submitted: 'Anfrage gesendet',
    requester_message: 'Nachricht',
    agent_reply: 'Antwort',
    note: 'Notiz',
    state_changed: 'Status geändert',
    approved: 'Genehmigt',
    rejected: 'Abgelehnt',
    auto_closed: 'Automatisch geschlossen',
    reopened: 'Wieder geöffnet',
    feedback: 'Rückmeldung',
    locked: 'Ticket übernommen',
    unlocked: 'Ticket freigegeben',
    lock_taken_over: 'Ticket an sich genommen',
    moved: 'Verschoben',
  },
  takenFrom: (name) => `Von ${name} übernommen`,
  lockSection: 'Sperre',
  lockFree: 'Niemand bearbeitet dieses Ticket.',
  lockMine: 'Sie bearbeiten dieses Ticket.',
  lockOther: (name) => `${name} bearbeitet dieses Ticket. Warten Sie auf die Freigabe, oder nehmen Sie es an sich.`,
  lock: 'Ticket übernehmen',
  unlock: 'Ticket freigeben',
  takeOver: 'Ticket an sich nehmen',
  locked: 'Sie haben das Ticket übernommen.',
  unlocked: 'Sie haben das Ticket freigegeben.',
  tookOver: 'Sie haben das Ticket an sich genommen.',
  reply: 'Antwort an die Person (per E-Mail)',
  replySend: 'Antwort senden',
  replySent: 'Antwort gesendet.',
  canned: 'Textbaustein',
  cannedInsert: 'Textbaustein einfügen',
  note: 'Interne Notiz (nie für die Person sichtbar)',
  noteAdd: 'Notiz hinzufügen',
  noteAdded: 'Notiz hinzugefügt.',
  stateLegend: 'Status ändern',
  stateNew: 'Neuer Status',
  until: 'Datum und Uhrzeit',
  untilHint: 'Pflicht für einen Termin und eine automatische Schliessung; für «wartend» ein freiwilliges Erinnerungsdatum.',
  untilNeeded: 'Geben Sie Datum und Uhrzeit an.',
  stateSubmit: 'Status ändern',
  stateChanged: (label) => `Neuer Status: ${label}`,
  approveLegend: 'Genehmigung',
  approveHint: 'Kreuzen Sie an, was Sie geprüft haben. Die Person erhält den Download-Link und die Installationshilfe.',
  confirmField: (label, value) => `Ich habe «${label}» geprüft: ${value}`,
  confirmMissing: 'Bestätigen Sie jede Prüfung vor der Genehmigung.',
  approve: 'Genehmigen',
  approved: 'Anfrage genehmigt.',
  rejectLabel: 'Grund der Ablehnung (an die Person gesendet)',
  reject: 'Anfrage ablehnen',
  rejected: 'Anfrage abgelehnt.',
  moveLabel: 'In die Warteschlange verschieben',
  move: 'Verschieben',
  moved: (queue) => `Ticket nach ${queue} verschoben.`,
  changed: (number, what) => `${number}: ${what}`,
};

export const agentTerms: Record<Lang, AgentTerms> = { fr, en, de };
