import type { Lang } from '../../forms/lang.ts';
import { de } from './locales/de.ts';
import { en } from './locales/en.ts';
import { fr } from './locales/fr.ts';

/** The events of a ticket's history (the server's `type`). */
export const eventTypes = [
  'submitted',
  'requester_message',
  'agent_reply',
  'note',
  'state_changed',
  'approved',
  'rejected',
  'auto_closed',
  'reopened',
  'feedback',
  'locked',
  'unlocked',
  'lock_taken_over',
  'moved',
  'mail_held',
  'mail_accepted',
  'anonymised',
  'step_approved',
  'step_declined',
  'approval_resent',
  'approval_rerouted',
  'approval_reminded',
  'approval_stuck',
] as const;
export type EventType = (typeof eventTypes)[number];

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
  searchLabel: string;
  searchHint: string;
  noResults: string;
  /** A request idle past the queue's limit that no agent answered (queue kept open). */
  overdue: string;
  closedUnansweredTitle: string;
  closedUnansweredHint: string;
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
  /** Every event the server writes, by its type: the history never shows a raw type. */
  eventTypes: Record<EventType, string>;
  takenFrom: (name: string) => string;
  /** What an event's data adds: by mail, a thank-you that kept the ticket closed, why a mail was held. */
  viaMail: string;
  thanksKept: string;
  heldUnverified: (from: string) => string;
  heldRateLimited: (from: string) => string;
  acceptMail: string;
  mailAccepted: string;
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
  /** Approval steps: the list's mark, the section, each step's line, re-sending or re-routing an outside approver's link. */
  awaitingApprover: string;
  approvalsTitle: string;
  approvalStep: (name: string, state: 'waiting' | 'current' | 'approved' | 'declined' | 'cancelled', date: string | undefined, by: string | undefined) => string;
  approvalAsked: (address: string, reminders: number) => string;
  approvalStuck: (date: string) => string;
  approvalNobody: string;
  resendLegend: string;
  resendHint: string;
  resendAddress: string;
  resend: string;
  resent: string;
  /** Said when another agent changed a ticket of the list. */
  changed: (number: string, what: string) => string;
}

export const agentTerms: Record<Lang, AgentTerms> = { fr, en, de };
