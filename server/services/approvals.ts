import { type ApprovalStepDefinition, approvalSteps, decidedOutside, type FormDefinition } from '../../forms/definition.ts';
import type { ApprovalStep } from '../wire/tickets.ts';
import type { AgentApprovalStep } from '../wire/agent.ts';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Directory } from '../identity/directory.ts';
import type { Person } from '../identity/person.ts';
import { approvalDeclinedMail, approvalRequestMail, approvalStuckMail, type ApprovalMailFacts } from '../mail/approval-templates.ts';
import type { MailComposer } from '../mail/compose.ts';
import { everyLanguage, serverWords } from '../words/index.ts';
import type { ApprovalStepUpdate } from '../store/approvals.ts';
import type { ApprovalStepRow, NewOutboxRow, TicketRow } from '../store/schema.ts';
import type { Store, TicketUpdate } from '../store/store.ts';
import { nextWallClockTime } from './closing-time.ts';
import { formatInstant } from './format.ts';
import { readApprovalLink, signApprovalLink } from '../mail/link-tokens.ts';
import { summarise } from '../mail/summary.ts';
import type { TicketFeed } from './ticket-feed.ts';

const approvalWords = everyLanguage('approval');

export interface ApprovalDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  mails: MailComposer;
  /** Where `directory` approvers are looked up; without one, such a step is stuck from the start. */
  directory: Directory | undefined;
  secret: string;
  publicUrl: string;
  timeZone: string;
  /** The language of mails to queues. */
  serviceLang: Lang;
  feed: TicketFeed;
  mailQueued(): void;
}

/** Who a step outside the queue asks, found when the request is sent; `unresolved` says why nobody. */
export type ResolvedApprover = { email: string; name: string | null; lang: Lang } | { unresolved: 'noAddress' | 'notInDirectory'; attribute?: string };

/** What the approval page shows for a link, or why it shows nothing to decide. */
export type ApprovalLinkState =
  | { kind: 'open'; step: ApprovalStepRow; ticket: TicketRow; form: FormDefinition; definition: ApprovalStepDefinition }
  | { kind: 'invalid' | 'expired' | 'replaced' | 'withdrawn' }
  /** `fresh`: decided by this very call; otherwise earlier. */
  | { kind: 'decided'; step: ApprovalStepRow; fresh?: boolean };

/** One step as the requester and the agents see it. */
/** A plan of what a decision does: the ticket's changes, the steps' changes, the mails. */
export interface StepPlan {
  ticket: TicketUpdate;
  steps: { id: number; expected: { state: string; round: number }; changes: ApprovalStepUpdate }[];
  mails: (ticket: TicketRow, now: Date) => (NewOutboxRow | undefined)[];
  /** Set when the plan completes the workflow: the closing time. */
  closesAt?: Date;
}

const dayMs = 86_400_000;

/** A DN names its entry first (`uid=bruno,ou=people,…`): its first value is the directory id. */
function directoryId(value: string): string {
  const first = /^[A-Za-z][\w-]*=([^,]+),/.exec(value);
  return first ? first[1]!.trim() : value.trim();
}

/** The catalogue entry (download, install help) of the option the requester chose, if the form has one. */
function catalogueEntry(form: FormDefinition, data: Record<string, unknown>): Record<string, string> | undefined {
  for (const field of form.fields) {
    const chosen = field.options?.find((o) => o.value === data[field.id] && o.details);
    if (chosen?.details) return chosen.details;
  }
  return undefined;
}

export function createApprovals(deps: ApprovalDeps) {
  const { store, clock, catalogue, mails } = deps;

  function formOf(ticket: TicketRow): FormDefinition | undefined {
    return catalogue.form(ticket.form_id)?.form;
  }

  function definitionOf(form: FormDefinition | undefined, step: ApprovalStepRow): ApprovalStepDefinition | undefined {
    return form?.workflow ? approvalSteps(form.workflow).find((s) => s.id === step.step_id) : undefined;
  }

  function stepName(form: FormDefinition | undefined, step: ApprovalStepRow, ticket: TicketRow, lang: Lang): string {
    const definition = definitionOf(form, step);
    return definition?.name?.[lang] ?? catalogue.queues.get(ticket.queue_id)?.name[lang] ?? step.step_id;
  }

  function mailFacts(ticket: TicketRow, form: FormDefinition | undefined, step: ApprovalStepRow, lang: Lang): ApprovalMailFacts {
    return {
      number: ticket.number,
      formTitle: form?.title[lang] ?? ticket.form_id,
      requesterName: ticket.requester_name,
      queueName: catalogue.queues.get(ticket.queue_id)?.name[lang] ?? ticket.queue_id,
      stepName: stepName(form, step, ticket, lang),
      summary: form ? summarise(form, JSON.parse(ticket.data), lang) : [],
    };
  }

  function linkOf(step: ApprovalStepRow, round: number, expiresAt: Date, lang: Lang): string {
    const token = signApprovalLink(deps.secret, step.id, round, expiresAt);
    return `${new URL('/approval', deps.publicUrl + '/').href}?lang=${lang}&token=${token}`;
  }

  /** The mail asking the step's approver (or reminding them), with a link of `round` valid until `expiresAt`. */
  function requestMail(ticket: TicketRow, step: ApprovalStepRow, round: number, expiresAt: Date, now: Date, reminder: boolean, to?: { address: string; name: string | null; lang: Lang }): NewOutboxRow | undefined {
    const address = to?.address ?? step.approver_email;
    if (!address) return undefined;
    const lang = to?.lang ?? ((step.approver_lang as Lang | null) ?? (ticket.lang as Lang));
    const form = formOf(ticket);
    const mail = approvalRequestMail(lang, mailFacts(ticket, form, step, lang), linkOf(step, round, expiresAt, lang), formatInstant(expiresAt, lang, deps.timeZone), reminder);
    return mails.aboutTicket(reminder ? 'approval_reminder' : 'approval_request', ticket, { address, name: to ? to.name : step.approver_name }, mail, now);
  }

  function stuckMail(ticket: TicketRow, step: ApprovalStepRow, now: Date): NewOutboxRow | undefined {
    const lang = deps.serviceLang;
    const form = formOf(ticket);
    const facts = mailFacts(ticket, form, step, lang);
    const definition = definitionOf(form, step);
    const stuck = step.approver_email
      ? { who: step.approver_email, since: formatInstant(step.started_at ?? now, lang, deps.timeZone), reminders: step.reminders_sent }
      : { why: definition && 'directory' in definition.approver ? serverWords[lang].approval.mail.unresolved.notInDirectory(definition.approver.directory) : serverWords[lang].approval.mail.unresolved.noAddress };
    return mails.aboutTicket('approval_stuck', ticket, 'queue', approvalStuckMail(lang, facts, stuck), now);
  }

  /**
   * What starting the step at `position` does: an outside step mails its approver (or, with nobody to ask, tells the
   * queue at once) and marks the ticket waiting; a queue step hands it to the agents; past the last step the
   * workflow is complete: the approval mail leaves and the ticket closes at the form's `closeAt`.
   */
  function startAt(form: FormDefinition, ticket: TicketRow, steps: readonly ApprovalStepRow[], position: number, now: Date): StepPlan {
    const at = now.toISOString();
    const workflow = form.workflow!;
    const step = steps.find((s) => s.position === position);
    if (!step) {
      const closesAt = nextWallClockTime(now, workflow.closeAt.time, workflow.closeAt.timeZone);
      const entry = catalogueEntry(form, JSON.parse(ticket.data));
      const lang = ticket.lang as Lang;
      return {
        ticket: { state: 'pending_auto_close', auto_close_at: closesAt.toISOString(), pending_until: null, awaiting_approver_since: null },
        steps: [],
        closesAt,
        mails: (t, when) => [
          mails.toRequester('approved', t, { download: entry?.download, installHelp: entry?.installHelp, closesAt: formatInstant(closesAt, lang, workflow.closeAt.timeZone) }, when),
        ],
      };
    }
    const expiresAt = new Date(now.getTime() + workflow.linkDays * dayMs);
    const started: ApprovalStepUpdate = { state: 'current', started_at: at, link_expires_at: step.outside ? expiresAt.toISOString() : null, stuck_at: step.outside && !step.approver_email ? at : null };
    const planned = { ...step, ...started } as ApprovalStepRow;
    return {
      ticket: { awaiting_approver_since: step.outside ? at : null },
      steps: [{ id: step.id, expected: { state: step.state, round: step.round }, changes: started }],
      mails: (t, when) => (step.outside ? [step.approver_email ? requestMail(t, planned, step.round, expiresAt, when, false) : stuckMail(t, planned, when)] : []),
    };
  }

  /** Writes a plan's step changes; false when a step had moved meanwhile (the caller's transaction then rolls back). */
  async function applySteps(tx: Store, plan: StepPlan): Promise<void> {
    for (const change of plan.steps) {
      if (!(await tx.updateApprovalStep(change.id, change.expected, change.changes))) throw new GuichetError('conflict', { reason: 'changed', message: approvalWords.changed });
    }
  }

  /** The remaining steps, cancelled: the request was declined or closed before them. */
  function cancelRest(steps: readonly ApprovalStepRow[]): StepPlan['steps'] {
    return steps.filter((s) => s.state === 'waiting' || s.state === 'current').map((s) => ({ id: s.id, expected: { state: s.state, round: s.round }, changes: { state: 'cancelled' } }));
  }

  async function loadLink(tx: Store, token: string, now: Date): Promise<ApprovalLinkState> {
    const link = readApprovalLink(deps.secret, token, now);
    if (!link) return { kind: 'invalid' };
    const found = await tx.findApprovalStep(link.stepId, { forUpdate: true });
    const byId = found && (await tx.findTicketById(found.ticket_id));
    const ticket = byId && (await tx.findTicketByNumber(byId.number, { forUpdate: true }));
    const step = found && (await tx.findApprovalStep(found.id));
    const form = ticket && formOf(ticket);
    const definition = step && definitionOf(form, step);
    if (!step || !ticket || !form || !definition || !step.outside) return { kind: 'invalid' };
    if (step.state === 'approved' || step.state === 'declined') return { kind: 'decided', step };
    if (step.state === 'cancelled' || ticket.state === 'closed') return { kind: 'withdrawn' };
    if (step.round !== link.round) return { kind: 'replaced' };
    if (link.expired) return { kind: 'expired' };
    if (step.state !== 'current') return { kind: 'invalid' };
    return { kind: 'open', step, ticket, form, definition };
  }

  function viewOf(ticket: TicketRow, steps: readonly ApprovalStepRow[], lang: Lang): AgentApprovalStep[] {
    const form = formOf(ticket);
    return steps.map((s) => ({
      id: s.step_id,
      name: stepName(form, s, ticket, lang),
      outside: s.outside === 1,
      state: s.state as ApprovalStep['state'],
      since: s.started_at,
      decidedAt: s.decided_at,
      decidedBy: s.decided_by,
      approver: s.approver_email,
      remindersSent: s.reminders_sent,
      stuckSince: s.stuck_at,
      reason: s.reason,
    }));
  }

  const done = (ticket: TicketRow) => {
    deps.mailQueued();
    deps.feed.publish({ number: ticket.number, queueId: ticket.queue_id });
  };

  return {
    startAt,
    applySteps,
    cancelRest,

    /** The steps as the agents see them. */
    agentView: viewOf,

    /** The steps as the requester sees them: who decides and where it stands, not the addresses. */
    requesterView(ticket: TicketRow, steps: readonly ApprovalStepRow[], lang: Lang): ApprovalStep[] {
      return viewOf(ticket, steps, lang).map(({ id, name, outside, state, since, decidedAt, decidedBy }) => ({ id, name, outside, state, since, decidedAt, decidedBy: outside ? decidedBy : null }));
    },

    /**
     * Who each outside step of `form` asks, found before the request's transaction (a directory may be slow):
     * the address typed in the step's field, or the one the requester's directory attribute leads to.
     */
    async resolve(form: FormDefinition, requester: Pick<Person, 'id'>, values: Record<string, unknown>, lang: Lang): Promise<Map<string, ResolvedApprover>> {
      const found = new Map<string, ResolvedApprover>();
      if (!form.workflow) return found;
      for (const step of approvalSteps(form.workflow)) {
        const approver = step.approver;
        if ('field' in approver) {
          const email = typeof values[approver.field] === 'string' ? (values[approver.field] as string).trim() : '';
          if (!email) {
            found.set(step.id, { unresolved: 'noAddress' });
            continue;
          }
          // The directory only lends a name and a language to the mail; the address is the one typed.
          const person = await deps.directory?.findByEmail(email).catch(() => undefined);
          found.set(step.id, { email, name: person?.name ?? null, lang: person?.lang ?? lang });
        } else if ('directory' in approver) {
          const requesterEntry = await deps.directory?.find(requester.id);
          const value = requesterEntry?.attributes?.[approver.directory];
          const named = value && !value.includes('@') ? await deps.directory?.find(directoryId(value)) : undefined;
          const email = named?.email ?? (value?.includes('@') ? value.trim() : undefined);
          found.set(step.id, email ? { email, name: named?.name ?? null, lang: named?.lang ?? lang } : { unresolved: 'notInDirectory', attribute: approver.directory });
        }
      }
      return found;
    },

    /** Inside the request's transaction: its steps, the first one started. The ticket as it is after. */
    async open(tx: Store, ticket: TicketRow, form: FormDefinition, approvers: Map<string, ResolvedApprover>, now: Date): Promise<TicketRow> {
      if (!form.workflow?.steps) return ticket;
      await tx.insertApprovalSteps(
        form.workflow.steps.map((step, position) => {
          const approver = approvers.get(step.id);
          const known = approver && 'email' in approver ? approver : undefined;
          return {
            ticket_id: ticket.id,
            position,
            step_id: step.id,
            outside: decidedOutside(step) ? 1 : 0,
            approver_email: known?.email ?? null,
            approver_name: known?.name ?? null,
            approver_lang: known?.lang ?? null,
            state: 'waiting',
            round: 0,
            started_at: null,
            decided_at: null,
            decided_by: null,
            reason: null,
            link_expires_at: null,
            reminders_sent: 0,
            reminded_at: null,
            stuck_at: null,
          };
        }),
      );
      const plan = startAt(form, ticket, await tx.approvalStepsOf(ticket.id), 0, now);
      await applySteps(tx, plan);
      const next = (await tx.updateTicket(ticket.id, ticket.state, plan.ticket)) ?? ticket;
      await tx.enqueueMails(plan.mails(next, now).filter((m) => m !== undefined));
      return next;
    },

    /** What an approval link shows. Reading never decides (mail scanners follow links). */
    async show(token: string): Promise<ApprovalLinkState> {
      return loadLink(store, token, clock.now());
    },

    /**
     * The approver's decision, through their link: recorded with who and when, once. A second decision, an
     * expired or replaced link, or a request closed meanwhile changes nothing and says so.
     */
    async decide(token: string, decision: 'approve' | 'decline', reason: string | undefined): Promise<ApprovalLinkState> {
      const outcome = await store.transaction(async (tx) => {
        const now = clock.now();
        const at = now.toISOString();
        const state = await loadLink(tx, token, now);
        if (state.kind !== 'open') return state;
        const { step, ticket, form } = state;
        const who = step.approver_email ?? '';
        const steps = await tx.approvalStepsOf(ticket.id);
        const decided: ApprovalStepUpdate = { state: decision === 'approve' ? 'approved' : 'declined', decided_at: at, decided_by: who, reason: decision === 'decline' ? (reason ?? null) : null };
        const plan: StepPlan =
          decision === 'approve'
            ? startAt(form, ticket, steps, step.position + 1, now)
            : {
                ticket: { state: 'closed', closed_at: at, close_reason: 'rejected', auto_close_at: null, pending_until: null, awaiting_approver_since: null },
                steps: cancelRest(steps.filter((s) => s.id !== step.id)),
                mails: (t, when) => {
                  const lang = t.lang as Lang;
                  const statusLink = { ...serverWords[lang].mail.follow, href: mails.facts(t, lang, when).statusLink };
                  return [mails.aboutTicket('approval_declined', t, 'requester', approvalDeclinedMail(lang, mailFacts(t, form, step, lang), who, reason ?? '', statusLink), when)];
                },
              };
        if (!(await tx.updateApprovalStep(step.id, { state: 'current', round: step.round }, decided))) return { kind: 'decided' as const, step };
        await applySteps(tx, plan);
        const next = await tx.updateTicket(ticket.id, ticket.state, { ...plan.ticket, updated_at: at, last_activity_at: at });
        if (!next) throw new GuichetError('conflict', { reason: 'changed', message: approvalWords.changed });
        await tx.appendEvent({
          ticket_id: ticket.id,
          at,
          type: decision === 'approve' ? 'step_approved' : 'step_declined',
          author_kind: 'approver',
          author_id: who,
          author_name: step.approver_name ?? who,
          public: 1,
          body: decision === 'decline' ? (reason ?? null) : null,
          data: JSON.stringify({ step: step.step_id, by: who, ...(plan.closesAt ? { autoCloseAt: plan.closesAt.toISOString() } : {}) }),
        });
        await tx.enqueueMails(plan.mails(next, now).filter((m) => m !== undefined));
        return { kind: 'decided' as const, step: { ...step, ...decided } as ApprovalStepRow, ticket: next };
      });
      if ('ticket' in outcome) {
        done(outcome.ticket);
        return { kind: 'decided', step: outcome.step, fresh: true };
      }
      return outcome;
    },

    /**
     * An agent sends the current outside step's link again, or to another address (re-route): a new round, so
     * earlier links stop deciding; the reminders start over.
     */
    async resend(number: string, agent: Person, address: string | undefined): Promise<void> {
      const ticket = await store.transaction(async (tx) => {
        const now = clock.now();
        const at = now.toISOString();
        const ticket = /^\d{4}-\d{6}$/.test(number) ? await tx.findTicketByNumber(number, { forUpdate: true }) : undefined;
        if (!ticket) throw new GuichetError('not_found');
        if (!agent.agentOf.includes(ticket.queue_id)) throw new GuichetError('forbidden', { message: approvalWords.notAgent });
        const step = (await tx.approvalStepsOf(ticket.id)).find((s) => s.state === 'current' && s.outside === 1);
        const form = formOf(ticket);
        if (!step || !form?.workflow || ticket.state === 'closed') throw new GuichetError('conflict', { reason: 'no_waiting_step', message: approvalWords.nothingToResend });
        const to = address?.trim() || step.approver_email;
        if (!to) throw new GuichetError('validation', { fields: { email: [approvalWords.addressNeeded[ticket.lang as Lang] ?? approvalWords.addressNeeded.en] } });
        const rerouted = to.toLowerCase() !== (step.approver_email ?? '').toLowerCase();
        const person = rerouted ? await deps.directory?.findByEmail(to).catch(() => undefined) : undefined;
        const expiresAt = new Date(now.getTime() + form.workflow.linkDays * dayMs);
        const changes: ApprovalStepUpdate = {
          round: step.round + 1,
          approver_email: to,
          ...(rerouted ? { approver_name: person?.name ?? null, approver_lang: person?.lang ?? ticket.lang } : {}),
          link_expires_at: expiresAt.toISOString(),
          reminders_sent: 0,
          reminded_at: at,
          stuck_at: null,
        };
        const next = await tx.updateApprovalStep(step.id, { state: 'current', round: step.round }, changes);
        if (!next) throw new GuichetError('conflict', { reason: 'changed', message: approvalWords.changed });
        await tx.appendEvent({
          ticket_id: ticket.id,
          at,
          type: rerouted ? 'approval_rerouted' : 'approval_resent',
          author_kind: 'agent',
          author_id: agent.id,
          author_name: agent.name,
          public: 0,
          body: null,
          data: JSON.stringify({ step: step.step_id, to, ...(rerouted ? { from: step.approver_email } : {}) }),
        });
        const mail = requestMail(ticket, next, next.round, expiresAt, now, false);
        if (mail) await tx.enqueueMail(mail);
        await tx.updateTicket(ticket.id, ticket.state, { updated_at: at });
        return ticket;
      });
      done(ticket);
    },

    /**
     * Reminders (the sweep runs them): an outside approver silent for the form's `afterDays` gets the link again,
     * at most `atMost` times; after that the queue is told, once, that the step is stuck.
     */
    async remind(): Promise<{ reminded: string[]; stuck: string[] }> {
      const now = clock.now();
      const at = now.toISOString();
      const reminded: string[] = [];
      const stuck: string[] = [];
      for (const step of await store.currentOutsideSteps(1000)) {
        if (step.stuck_at) continue;
        const outcome = await store.transaction(async (tx) => {
          const ticket = await tx.findTicketById(step.ticket_id);
          const form = ticket && formOf(ticket);
          if (!ticket || !form?.workflow || ticket.state === 'closed') return undefined;
          const { afterDays, atMost } = form.workflow.reminders;
          const last = new Date(step.reminded_at ?? step.started_at ?? at).getTime();
          if (now.getTime() - last < afterDays * dayMs) return undefined;
          const remind = step.reminders_sent < atMost;
          const expiresAt = new Date(Math.max(new Date(step.link_expires_at ?? at).getTime(), now.getTime() + form.workflow.linkDays * dayMs));
          const changes: ApprovalStepUpdate = remind ? { reminders_sent: step.reminders_sent + 1, reminded_at: at, link_expires_at: expiresAt.toISOString() } : { stuck_at: at };
          // Another sweep (of any process) reminding or telling at once finds the step changed, and leaves it.
          const next = await tx.updateApprovalStep(step.id, { state: 'current', round: step.round, remindersSent: step.reminders_sent, notStuck: true }, changes);
          if (!next) return undefined;
          await tx.appendEvent({
            ticket_id: ticket.id,
            at,
            type: remind ? 'approval_reminded' : 'approval_stuck',
            author_kind: 'system',
            author_id: null,
            author_name: null,
            public: 0,
            body: null,
            data: JSON.stringify({ step: step.step_id, to: step.approver_email, ...(remind ? { reminder: next.reminders_sent } : {}) }),
          });
          const mail = remind ? requestMail(ticket, next, next.round, expiresAt, now, true) : stuckMail(ticket, next, now);
          if (mail) await tx.enqueueMail(mail);
          return { ticket, remind };
        });
        if (!outcome) continue;
        (outcome.remind ? reminded : stuck).push(outcome.ticket.number);
        done(outcome.ticket);
      }
      return { reminded, stuck };
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
