import { approvalSteps, type FormDefinition } from '../../forms/definition.ts';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { AttachmentStore } from '../store/attachment-files.ts';
import type { ApprovalStepRow, EventRow, NewOutboxRow, TicketRow } from '../store/schema.ts';
import type { Approvals, StepPlan } from './approvals.ts';
import type { AgentQueue, AgentTicket, AgentTicketSummary, MoveTarget, QueueTickets } from '../wire/agent.ts';
import type { Store, TicketUpdate } from '../store/store.ts';
import { attachmentView } from './attachments.ts';
import { nextWallClockTime } from './closing-time.ts';
import { type AttachmentDownload, download } from './requester-tickets.ts';
import { formatInstant } from './format.ts';
import { assertTransition, rejectableStates, stateLabels, type TicketState } from './states.ts';
import type { RequesterWrites } from './requester-writes.ts';
import type { TicketFeed } from './ticket-feed.ts';
import { everyLanguage } from '../words/index.ts';

const approvalWords = everyLanguage('approval');

export interface LifecycleDeps {
  store: Store;
  attachments: AttachmentStore;
  clock: Clock;
  catalogue: Catalogue;
  mails: MailComposer;
  feed: TicketFeed;
  /** The requester's writes: an accepted held mail counts as the requester's message. */
  writes: RequesterWrites;
  timeZone: string;
  /** The approval steps of forms that have them. */
  approvals: Approvals;
  mailQueued(): void;
}

/** A search reads at most this much of what was typed, and answers at most this many tickets. */
const searchTextLimit = 200;
const searchResultLimit = 50;

/** How long the inbox shows apart the requests the sweep closed with no agent's answer. */
const unansweredShownDays = 7;

/** What an agent action records: one event, and the mails it sends, in the same transaction. */
interface Outcome {
  changes?: TicketUpdate & { state?: TicketState };
  event: { type: string; public: boolean; body?: string | null; data?: unknown };
  mails?: (ticket: TicketRow, now: Date) => (NewOutboxRow | undefined)[];
  /** Agent activity moves lastActivityAt; bookkeeping (locks, moves) does not. */
  activity: boolean;
  /** Approval steps the action decides, starts or cancels. */
  steps?: StepPlan['steps'];
}

const stateTargets = ['open', 'pending', 'appointment', 'pending_auto_close', 'closed'] as const;
export type AgentStateTarget = (typeof stateTargets)[number];

const words = everyLanguage('lifecycle');

export function createLifecycle(deps: LifecycleDeps) {
  const { store, clock, catalogue, mails, feed } = deps;

  async function load(number: string, agent: Person, tx: Store = store, forUpdate = false): Promise<TicketRow> {
    const ticket = /^\d{4}-\d{6}$/.test(number) ? await tx.findTicketByNumber(number, { forUpdate }) : undefined;
    if (!ticket) throw new GuichetError('not_found');
    if (!agent.agentOf.includes(ticket.queue_id)) throw new GuichetError('forbidden', { message: words.notAgent });
    return ticket;
  }

  function refuseIfLockedByOther(ticket: TicketRow, agent: Person): void {
    if (ticket.locked_by_id && ticket.locked_by_id !== agent.id) {
      throw new GuichetError('conflict', {
        reason: 'locked',
        message: words.lockedBy(ticket.locked_by_name ?? ticket.locked_by_id),
        extra: { lockedBy: { id: ticket.locked_by_id, name: ticket.locked_by_name ?? ticket.locked_by_id } },
      });
    }
  }

  async function fullView(ticket: TicketRow, lang: Lang): Promise<AgentTicket> {
    const [events, attachments, steps] = await Promise.all([store.eventsOf(ticket.id, { publicOnly: false }), store.attachmentsOf(ticket.id), store.approvalStepsOf(ticket.id)]);
    return { ...view(ticket, events, lang, steps), attachments: attachments.map(attachmentView) };
  }

  /** The fields the agent confirms now: the current queue step's; none while the step is someone else's or all are done. */
  function approvalOf(form: FormDefinition | undefined, steps: readonly ApprovalStepRow[]): { confirm: string[] } | null {
    if (!form?.workflow) return null;
    const definitions = approvalSteps(form.workflow);
    if (steps.length === 0) return { confirm: [...definitions.at(-1)!.confirm] };
    const current = steps.find((s) => s.state === 'current');
    return current && !current.outside ? { confirm: [...(definitions.find((d) => d.id === current.step_id)?.confirm ?? [])] } : null;
  }

  function view(ticket: TicketRow, events: EventRow[], lang: Lang, steps: readonly ApprovalStepRow[] = []): Omit<AgentTicket, 'attachments'> {
    const form = catalogue.form(ticket.form_id)?.form;
    const state = ticket.state as TicketState;
    return {
      number: ticket.number,
      formId: ticket.form_id,
      formVersion: ticket.form_version,
      title: form?.title[lang] ?? ticket.form_id,
      queueId: ticket.queue_id,
      state,
      stateLabel: stateLabels[state]?.[lang] ?? state,
      requester: {
        id: ticket.requester_id,
        name: ticket.requester_name,
        email: ticket.requester_email,
        affiliations: JSON.parse(ticket.requester_affiliations),
        lang: ticket.lang,
      },
      data: JSON.parse(ticket.data),
      createdAt: ticket.created_at,
      updatedAt: ticket.updated_at,
      lastActivityAt: ticket.last_activity_at,
      pendingUntil: ticket.pending_until,
      autoCloseAt: ticket.auto_close_at,
      closedAt: ticket.closed_at,
      closeReason: ticket.close_reason,
      lockedBy: ticket.locked_by_id ? { id: ticket.locked_by_id, name: ticket.locked_by_name ?? ticket.locked_by_id } : null,
      overdue: ticket.overdue_since !== null && ticket.overdue_since > ticket.last_activity_at && (state === 'new' || state === 'open'),
      closedUnanswered: ticket.closed_unanswered_at !== null && state === 'closed',
      approval: approvalOf(form, steps),
      approvalSteps: deps.approvals.agentView(ticket, steps, lang),
      awaitingApproverSince: ticket.awaiting_approver_since,
      events: events.map((e) => ({
        id: e.id,
        at: e.at,
        type: e.type,
        authorKind: e.author_kind,
        author: e.author_name,
        public: e.public === 1,
        body: e.body,
        data: e.data ? JSON.parse(e.data) : null,
      })),
    };
  }

  /**
   * Runs one agent action: loads and checks the ticket inside the transaction,
   * applies the state change through the table, appends the event, queues the
   * mails, commits, then tells the outbox and the live streams.
   * The ticket is read FOR UPDATE and written only if its lock is still the one
   * the decision saw: two agents can never both take (or write past) one lock.
   */
  async function act(number: string, agent: Person, lang: Lang, decide: (ticket: TicketRow, now: Date, steps: readonly ApprovalStepRow[]) => Outcome): Promise<AgentTicket> {
    const updated = await store.transaction(async (tx) => {
      const ticket = await load(number, agent, tx, true);
      // Nobody to answer, and nothing personal may come back to it: an anonymised request is read-only.
      if (ticket.anonymised_at) {
        throw new GuichetError('conflict', {
          reason: 'anonymised',
          message: words.anonymised,
        });
      }
      const now = clock.now();
      const at = now.toISOString();
      const outcome = decide(ticket, now, await tx.approvalStepsOf(ticket.id));
      const changes: TicketUpdate = { ...outcome.changes, updated_at: at, ...(outcome.activity ? { last_activity_at: at } : {}) };
      if (outcome.changes?.state && outcome.changes.state !== ticket.state) assertTransition(ticket.state, outcome.changes.state);
      const next = await tx.updateTicket(ticket.id, ticket.state, changes, { lockedById: ticket.locked_by_id });
      if (!next) {
        throw new GuichetError('conflict', {
          reason: 'changed',
          message: words.changed,
        });
      }
      if (outcome.steps) await deps.approvals.applySteps(tx, { ticket: {}, steps: outcome.steps, mails: () => [] });
      await tx.appendEvent({
        ticket_id: ticket.id,
        at,
        type: outcome.event.type,
        author_kind: 'agent',
        author_id: agent.id,
        author_name: agent.name,
        public: outcome.event.public ? 1 : 0,
        body: outcome.event.body ?? null,
        data: outcome.event.data === undefined ? null : JSON.stringify(outcome.event.data),
      });
      for (const mail of outcome.mails?.(next, now) ?? []) if (mail) await tx.enqueueMail(mail);
      return next;
    });
    deps.mailQueued();
    feed.publish({ number: updated.number, queueId: updated.queue_id });
    return fullView(updated, lang);
  }

  /** A ticket as a list shows it: the agent's view without its history. */
  function listed(ticket: TicketRow, lang: Lang): AgentTicketSummary {
    const { events: _, ...summary } = view(ticket, [], lang);
    return summary;
  }

  const stateChange = (from: string, to: TicketState) => ({ from, to });

  /** The `conflict` when the current step is an outside approver's: the queue cannot decide it. */
  function refuseAwaiting(ticket: TicketRow, step: ApprovalStepRow): never {
    const form = catalogue.form(ticket.form_id)?.form;
    const definition = form?.workflow ? approvalSteps(form.workflow).find((d) => d.id === step.step_id) : undefined;
    const name = definition?.name ?? { fr: step.step_id, en: step.step_id, de: step.step_id };
    throw new GuichetError('conflict', { reason: 'awaiting_approver', message: approvalWords.awaitingApprover(name), extra: { step: step.step_id } });
  }

  return {
    async read(number: string, agent: Person, lang: Lang): Promise<AgentTicket> {
      const ticket = await load(number, agent);
      return fullView(ticket, lang);
    },

    /** A held mail (unverified sender, or past the rate limit) the agent vouches for: it counts as the requester's. */
    async acceptHeldMail(number: string, agent: Person, eventId: number, lang: Lang): Promise<AgentTicket> {
      const ticket = await load(number, agent);
      const outcome = await deps.writes.acceptHeld(ticket, eventId, agent);
      return fullView(outcome.ticket.id === ticket.id ? outcome.ticket : ((await store.findTicketByNumber(number)) ?? ticket), lang);
    },

    /** One attachment of a ticket of the agent's queue. */
    async attachment(number: string, agent: Person, attachmentId: string): Promise<AttachmentDownload> {
      return download(store, deps.attachments, await load(number, agent), attachmentId);
    },

    /** Every queue a ticket may be moved to: the whole catalogue, not only the agent's own queues. */
    moveTargets(lang: Lang): MoveTarget[] {
      return [...catalogue.queues.values()].map((q) => ({ id: q.id, name: q.name[lang] }));
    },

    async queues(agent: Person, lang: Lang): Promise<AgentQueue[]> {
      const counts = await store.countByQueueAndState();
      return agent.agentOf
        .map((id) => catalogue.queues.get(id))
        .filter((q) => q !== undefined)
        .map((q) => ({
          id: q.id,
          name: q.name[lang],
          counts: Object.fromEntries(counts.filter((c) => c.queue_id === q.id).map((c) => [c.state, c.count])),
          // All three languages: an agent may answer a requester in another language than the workspace's.
          cannedAnswers: q.cannedAnswers,
        }));
    },

    /**
     * The agent's search, across the queues they work: a ticket number (or part of one), or words of the requester's
     * name or address, the answers and the messages, each word matched as the start of a word.
     */
    async search(agent: Person, text: string, lang: Lang): Promise<AgentTicketSummary[]> {
      const typed = text.trim().slice(0, searchTextLimit);
      const numberPart = /^[\d-]{3,}$/.test(typed) ? typed : undefined;
      const terms = typed.split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
      const found = await store.searchTickets(agent.agentOf, terms, numberPart, searchResultLimit);
      return found.map((t) => listed(t, lang));
    },

    async queueTickets(queueId: string, agent: Person, states: string[] | undefined, lang: Lang): Promise<QueueTickets> {
      if (!catalogue.queues.has(queueId)) throw new GuichetError('not_found');
      if (!agent.agentOf.includes(queueId)) throw new GuichetError('forbidden', { message: words.notAgent });
      const summary = (t: TicketRow) => listed(t, lang);
      const since = new Date(clock.now().getTime() - unansweredShownDays * 86_400_000).toISOString();
      const [tickets, closedUnanswered] = await Promise.all([store.ticketsOfQueue(queueId, states, 500), store.unansweredClosuresSince(queueId, since, 100)]);
      return { tickets: tickets.map(summary), closedUnanswered: closedUnanswered.map(summary) };
    },

    reply(number: string, agent: Person, body: string, lang: Lang) {
      return act(number, agent, lang, (ticket) => {
        refuseIfLockedByOther(ticket, agent);
        if (ticket.state === 'closed') throw new GuichetError('conflict', { reason: 'closed', message: words.closedReply });
        return {
          // Answering a new ticket is taking it up.
          changes: ticket.state === 'new' ? { state: 'open' } : {},
          event: { type: 'agent_reply', public: true, body },
          mails: (t, now) => [mails.toRequester('agent_reply', t, { agentName: agent.name, body }, now, { automatic: false })],
          activity: true,
        };
      });
    },

    note(number: string, agent: Person, body: string, lang: Lang) {
      return act(number, agent, lang, () => ({ event: { type: 'note', public: false, body }, activity: true }));
    },

    setState(number: string, agent: Person, to: AgentStateTarget, until: string | undefined, lang: Lang) {
      return act(number, agent, lang, (ticket, now, steps) => {
        refuseIfLockedByOther(ticket, agent);
        if ((to === 'appointment' || to === 'pending_auto_close') && !until) throw new GuichetError('validation', { fields: { until: [words.untilRequired[lang]] } });
        if (to === ticket.state) assertTransition(ticket.state, to);
        // Closing for approval's sake would skip the steps still to decide; the approver's step is theirs.
        const awaiting = steps.find((s) => s.state === 'current' && s.outside === 1);
        if (awaiting && to === 'pending_auto_close') refuseAwaiting(ticket, awaiting);
        const closing = to === 'closed';
        const changes: TicketUpdate & { state: TicketState } = {
          state: to,
          pending_until: to === 'pending' || to === 'appointment' ? (until ?? null) : null,
          auto_close_at: to === 'pending_auto_close' ? until! : null,
          ...(closing ? { closed_at: now.toISOString(), close_reason: 'agent', awaiting_approver_since: null } : { closed_at: null, close_reason: null }),
        };
        const requesterLang = ticket.lang as Lang;
        return {
          changes,
          // A request closed before its steps were decided withdraws them: their links then say so.
          steps: closing ? deps.approvals.cancelRest(steps) : undefined,
          event: { type: 'state_changed', public: true, data: { ...stateChange(ticket.state, to), ...(until ? { until } : {}) } },
          mails: (t, at) => {
            if (to === 'pending' || to === 'appointment') {
              const label = stateLabels[to][requesterLang];
              return [mails.toRequester('waiting', t, { stateLabel: label, until: until ? formatInstant(until, requesterLang, deps.timeZone) : undefined }, at)];
            }
            if (to === 'closed') return [mails.toRequester('closed', t, { agentName: agent.name }, at)];
            return [];
          },
          activity: true,
        };
      });
    },

    /**
     * The queue's approval of its step: the step's fields confirmed, then the next step starts (an approver
     * outside the queue gets their mail) or, after the last one, the approval mail leaves and the request
     * closes at the form's time.
     */
    approve(number: string, agent: Person, confirm: Record<string, boolean>, lang: Lang) {
      return act(number, agent, lang, (ticket, now, steps) => {
        refuseIfLockedByOther(ticket, agent);
        const form = catalogue.form(ticket.form_id)?.form;
        const workflow = form?.workflow;
        if (!form || !workflow) throw new GuichetError('conflict', { reason: 'no_workflow', message: words.noWorkflow });
        let current = steps.find((s) => s.state === 'current');
        if (current?.outside) refuseAwaiting(ticket, current);
        if (!current && steps.length > 0) {
          // Reopened after an outside approver declined (or before they decided): approving now would skip their step.
          if (steps.some((s) => s.outside && s.state !== 'approved')) throw new GuichetError('conflict', { reason: 'steps_not_approved', message: approvalWords.stepsNotApproved });
          // Reopened after the queue itself closed or declined it: the queue decides its own step again.
          current = steps.find((s) => s.state !== 'approved');
        }
        const definitions = approvalSteps(workflow);
        const required = current ? (definitions.find((d) => d.id === current.step_id)?.confirm ?? []) : definitions.at(-1)!.confirm;
        const missing = required.filter((field) => confirm[field] !== true);
        if (missing.length > 0) throw new GuichetError('validation', { fields: Object.fromEntries(missing.map((f) => [`confirm.${f}`, [words.confirm[lang]]])) });
        const at = now.toISOString();
        // No current step: none recorded (a form without steps), or all decided; the table then refuses a second approval.
        const plan = deps.approvals.startAt(form, ticket, steps, current ? current.position + 1 : steps.length, now);
        if (plan.closesAt) assertTransition(ticket.state, 'pending_auto_close');
        const decided = current ? [{ id: current.id, expected: { state: current.state, round: current.round }, changes: { state: 'approved', decided_at: at, decided_by: agent.name, reason: null } }] : [];
        const stateChange: TicketUpdate = plan.closesAt ? {} : ticket.state === 'new' ? { state: 'open' } : {};
        return {
          changes: { ...plan.ticket, ...stateChange } as TicketUpdate & { state?: TicketState },
          steps: [...decided, ...plan.steps],
          event: {
            type: plan.closesAt ? 'approved' : 'step_approved',
            public: true,
            data: { ...(current ? { step: current.step_id } : {}), confirmed: required, ...(plan.closesAt ? { autoCloseAt: plan.closesAt.toISOString() } : {}) },
          },
          mails: plan.mails,
          activity: true,
        };
      });
    },

    reject(number: string, agent: Person, reason: string, lang: Lang) {
      return act(number, agent, lang, (ticket, now, steps) => {
        refuseIfLockedByOther(ticket, agent);
        const awaiting = steps.find((s) => s.state === 'current' && s.outside === 1);
        if (awaiting) refuseAwaiting(ticket, awaiting);
        if (!(rejectableStates as readonly string[]).includes(ticket.state)) throw new GuichetError('conflict', { reason: 'transition', message: words.notRejectable });
        const at = now.toISOString();
        const current = steps.find((s) => s.state === 'current');
        return {
          changes: { state: 'closed', closed_at: at, close_reason: 'rejected', auto_close_at: null, pending_until: null, awaiting_approver_since: null },
          steps: [
            ...(current ? [{ id: current.id, expected: { state: 'current', round: current.round }, changes: { state: 'declined', decided_at: at, decided_by: agent.name, reason } }] : []),
            ...deps.approvals.cancelRest(steps.filter((s) => s.id !== current?.id)),
          ],
          event: { type: 'rejected', public: true, body: reason, ...(current ? { data: { step: current.step_id } } : {}) },
          mails: (t, when) => [mails.toRequester('rejected', t, { reason }, when)],
          activity: true,
        };
      });
    },

    /** Sends the waiting approver's link again, or to another address; the ticket as the agent then sees it. */
    async resendApproval(number: string, agent: Person, address: string | undefined, lang: Lang): Promise<AgentTicket> {
      await load(number, agent);
      await deps.approvals.resend(number, agent, address);
      return fullView((await store.findTicketByNumber(number))!, lang);
    },

    lock(number: string, agent: Person, takeOver: boolean, lang: Lang) {
      return act(number, agent, lang, (ticket, now) => {
        const holder = ticket.locked_by_id && ticket.locked_by_id !== agent.id ? { id: ticket.locked_by_id, name: ticket.locked_by_name } : undefined;
        if (holder && !takeOver) refuseIfLockedByOther(ticket, agent);
        return {
          changes: { locked_by_id: agent.id, locked_by_name: agent.name, locked_at: now.toISOString() },
          event: { type: holder ? 'lock_taken_over' : 'locked', public: false, data: holder ? { from: holder } : null },
          activity: false,
        };
      });
    },

    unlock(number: string, agent: Person, lang: Lang) {
      return act(number, agent, lang, (ticket) => {
        refuseIfLockedByOther(ticket, agent);
        return { changes: { locked_by_id: null, locked_by_name: null, locked_at: null }, event: { type: 'unlocked', public: false }, activity: false };
      });
    },

    move(number: string, agent: Person, queueId: string, lang: Lang) {
      return act(number, agent, lang, (ticket) => {
        refuseIfLockedByOther(ticket, agent);
        if (!catalogue.queues.has(queueId)) throw new GuichetError('validation', { fields: { queueId: [words.unknownQueue[lang]] } });
        return {
          // A ticket changing hands leaves its lock behind.
          changes: { queue_id: queueId, locked_by_id: null, locked_by_name: null, locked_at: null },
          event: { type: 'moved', public: false, data: { from: ticket.queue_id, to: queueId } },
          activity: false,
        };
      });
    },
  };
}

export type Lifecycle = ReturnType<typeof createLifecycle>;
export { stateTargets };
