import { z } from '@hono/zod-openapi';
import { ticketStates } from './ticket-states.ts';
import { approvalStep, attachment, ticketNumber } from './tickets.ts';

/**
 * What the agents' workspace reads, defined once: the agent routes publish
 * these schemas in OpenAPI, the lifecycle service returns their types and the
 * agent inbox imports them type-only.
 */

/** An agent, as a lock or the workspace names them. */
export const holder = z.object({ id: z.string(), name: z.string() });

/** What an agent sees more of a step than its requester: where the link went, the reminders, whether the queue was told it is stuck. */
export const agentApprovalStep = approvalStep.extend({
  outside: z.boolean().openapi({ description: 'Decided outside the queue, through a mailed link' }),
  since: z.string().nullable(),
  decidedBy: z.string().nullable(),
  approver: z.string().nullable().openapi({ description: 'The address the link went to' }),
  remindersSent: z.number(),
  stuckSince: z.string().nullable().openapi({ description: 'When the queue was told nobody answers (or nobody could be asked)' }),
  reason: z.string().nullable(),
});

export const agentTicket = z
  .object({
    number: ticketNumber,
    formId: z.string(),
    formVersion: z.number(),
    title: z.string(),
    queueId: z.string(),
    state: z.enum(ticketStates),
    stateLabel: z.string(),
    requester: z.object({ id: z.string(), name: z.string(), email: z.string(), affiliations: z.array(z.string()), lang: z.string() }),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActivityAt: z.string(),
    pendingUntil: z.string().nullable(),
    autoCloseAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    closeReason: z.string().nullable(),
    lockedBy: holder.nullable(),
    overdue: z.boolean().openapi({ description: 'Idle past the queue’s limit with no agent’s answer, kept open (queue setting `unanswered: keepOpen`): listed first' }),
    closedUnanswered: z.boolean().openapi({ description: 'Closed by the sweep with no agent’s answer on it' }),
    approval: z.object({ confirm: z.array(z.string()) }).nullable().openapi({ description: 'The fields the agent confirms to approve the current step; null while the current step is an approver’s outside the queue, or when none is left' }),
    approvalSteps: z.array(agentApprovalStep).openapi({ description: 'The form’s approval steps in order, and where each stands' }),
    awaitingApproverSince: z.string().nullable().openapi({ description: 'Since when the request waits for an approver outside the queue: the queue cannot decide that step, and the sweep never closes the request' }),
    events: z.array(
      z.object({ id: z.number(), at: z.string(), type: z.string(), authorKind: z.string(), author: z.string().nullable(), public: z.boolean(), body: z.string().nullable(), data: z.unknown() }),
    ),
    attachments: z.array(attachment),
  })
  .openapi('AgentTicket');

/** A ticket in a list: everything but its events and attachments. */
export const agentTicketSummary = agentTicket.omit({ events: true, attachments: true });

const localizedText = z.object({ fr: z.string(), en: z.string(), de: z.string() });

export const agentQueue = z
  .object({
    id: z.string(),
    name: z.string(),
    counts: z.record(z.string(), z.number()),
    cannedAnswers: z.array(z.object({ id: z.string(), title: localizedText, body: localizedText })).openapi({ description: 'Answers declared for the queue (queues.json), in every language' }),
  })
  .openapi('AgentQueue');

/** A queue a ticket may be moved to. */
export const moveTarget = z.object({ id: z.string(), name: z.string() });

export const agentQueues = z.object({
  agent: holder.openapi({ description: 'Who asks: the workspace says “you” for the tickets this agent holds' }),
  queues: z.array(agentQueue),
  moveTargets: z.array(moveTarget).openapi({ description: 'Every queue of the catalogue, which a ticket may be moved to, whether the agent works it or not' }),
});

export const queueTickets = z.object({ tickets: z.array(agentTicketSummary), closedUnanswered: z.array(agentTicketSummary) });

export const searchResults = z.object({ tickets: z.array(agentTicketSummary) });

export type Holder = z.infer<typeof holder>;
export type AgentApprovalStep = z.infer<typeof agentApprovalStep>;
export type AgentTicket = z.infer<typeof agentTicket>;
export type AgentTicketSummary = z.infer<typeof agentTicketSummary>;
export type AgentQueue = z.infer<typeof agentQueue>;
export type MoveTarget = z.infer<typeof moveTarget>;
export type AgentQueues = z.infer<typeof agentQueues>;
export type QueueTickets = z.infer<typeof queueTickets>;
export type SearchResults = z.infer<typeof searchResults>;

/** One `ticket` event of a queue's live stream: what changed, never the whole ticket (`state` is `moved` once it left the queue). */
export type QueueChange = Pick<AgentTicket, 'number' | 'lockedBy' | 'lastActivityAt' | 'queueId'> & { state: AgentTicket['state'] | 'moved' };
