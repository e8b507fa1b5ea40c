import ky from 'ky';
import type { Lang } from '../../forms/lang.ts';
import type { AgentQueues, AgentTicket, AgentTicketSummary, QueueChange, QueueTickets, SearchResults } from '../../server/wire/agent.ts';
import { call, defaultApiBase, readTicketEvents, type ApiHost } from '../internal/api.ts';

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
    queues: () => call(() => client.get('queues').json<AgentQueues>()),
    tickets: (queueId: string) => call(() => client.get(`queues/${encodeURIComponent(queueId)}/tickets`).json<QueueTickets>()),
    search: (text: string) => call(() => client.get('search', { searchParams: new URLSearchParams([['q', text.slice(0, 200)]]) }).json<SearchResults>()).then((r) => r.tickets),
    ticket: (number: string) => call(() => client.get(ticketPath(number)).json<AgentTicket>()),
    /** Every action answers the ticket as it now stands. A body always goes out: a CORS-simple POST is refused (docs/contract.md, "Origins, credentials and forgery"). */
    act: (number: string, action: AgentAction, json: object = {}) => call(() => client.post(`${ticketPath(number)}/${action}`, { json }).json<AgentTicket>()),
    /** Follows the queue's live stream until it ends, fails or `signal` aborts; the first event lists the queue as it is. */
    live: (queueId: string, signal: AbortSignal, onChange: (change: QueueChange | { queueId: string; tickets: QueueChange[] }) => void) =>
      call(async () => readTicketEvents(await client.get(`queues/${encodeURIComponent(queueId)}/live`, { signal, timeout: false }), onChange)),
  };
}

export type AgentApi = ReturnType<typeof agentApiFor>;
