import ky from 'ky';
import type { Lang } from '../../forms/lang.ts';
import { call, defaultApiBase, readTicketEvents, type ApiHost } from '../internal/api.ts';

export type Localized = Record<Lang, string>;

export interface CannedAnswer {
  id: string;
  title: Localized;
  body: Localized;
}

export interface AgentQueue {
  id: string;
  name: string;
  counts: Record<string, number>;
  cannedAnswers: CannedAnswer[];
}

export interface Holder {
  id: string;
  name: string;
}

/** A ticket as an agent sees it (docs/api.md, "Agents"); the list leaves `events` out. */
export interface AgentTicket {
  number: string;
  formId: string;
  title: string;
  queueId: string;
  state: string;
  stateLabel: string;
  requester: { id: string; name: string; email: string; lang: string };
  data: Record<string, unknown>;
  createdAt: string;
  lastActivityAt: string;
  pendingUntil: string | null;
  autoCloseAt: string | null;
  closedAt?: string | null;
  lockedBy: Holder | null;
  approval: { confirm: string[] } | null;
  /** The form's approval steps and where each stands; `approver` is the address an outside step's link went to. */
  approvalSteps?: {
    id: string;
    name: string;
    outside: boolean;
    state: 'waiting' | 'current' | 'approved' | 'declined' | 'cancelled';
    since: string | null;
    decidedAt: string | null;
    decidedBy: string | null;
    approver: string | null;
    remindersSent: number;
    stuckSince: string | null;
  }[];
  /** Waiting for an approver outside the queue since then: the queue cannot decide that step. */
  awaitingApproverSince?: string | null;
  /** Idle past the queue's limit with no agent's answer, kept open by the queue: listed first. */
  overdue?: boolean;
  /** Closed by the sweep with no agent's answer on it. */
  closedUnanswered?: boolean;
  events?: { id: number; at: string; type: string; author: string | null; public: boolean; body: string | null; data: unknown }[];
}

/** One `ticket` event of the queue's live stream: what changed, never the whole ticket. */
export interface QueueChange {
  number: string;
  state: string;
  lockedBy: Holder | null;
  lastActivityAt: string;
  queueId: string;
}

export type AgentAction = 'replies' | 'notes' | 'state' | 'approve' | 'reject' | 'lock' | 'unlock' | 'move' | 'approval/resend' | `held-mails/${number}/accept`;

/** The agent routes the workspace calls (docs/api.md, "Agents"), as the element's dev person and in its language. */
export function agentApiFor(host: ApiHost, lang: Lang) {
  const client = ky.create({
    prefixUrl: `${(host.api || defaultApiBase()).replace(/\/+$/, '')}/api/agent`,
    credentials: 'include',
    timeout: 20_000,
    retry: 0,
    headers: host.devUser ? { 'X-Guichet-Dev-User': host.devUser } : {},
    searchParams: { lang },
  });
  const ticketPath = (number: string) => `tickets/${encodeURIComponent(number)}`;
  return {
    queues: () => call(() => client.get('queues').json<{ agent: Holder; queues: AgentQueue[]; moveTargets: { id: string; name: string }[] }>()),
    tickets: (queueId: string) => call(() => client.get(`queues/${encodeURIComponent(queueId)}/tickets`).json<{ tickets: AgentTicket[]; closedUnanswered: AgentTicket[] }>()),
    search: (text: string) => call(() => client.get('search', { searchParams: new URLSearchParams([['q', text.slice(0, 200)]]) }).json<{ tickets: AgentTicket[] }>()).then((r) => r.tickets),
    ticket: (number: string) => call(() => client.get(ticketPath(number)).json<AgentTicket>()),
    /** Every action answers the ticket as it now stands. A body always goes out: a CORS-simple POST is refused (docs/contract.md, "Origins, credentials and forgery"). */
    act: (number: string, action: AgentAction, json: object = {}) => call(() => client.post(`${ticketPath(number)}/${action}`, { json }).json<AgentTicket>()),
    /** Follows the queue's live stream until it ends, fails or `signal` aborts; the first event lists the queue as it is. */
    live: (queueId: string, signal: AbortSignal, onChange: (change: QueueChange | { queueId: string; tickets: QueueChange[] }) => void) =>
      call(async () => readTicketEvents(await client.get(`queues/${encodeURIComponent(queueId)}/live`, { signal, timeout: false }), onChange)),
  };
}

export type AgentApi = ReturnType<typeof agentApiFor>;
