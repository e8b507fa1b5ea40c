import type { Logger } from 'pino';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import type { MailComposer } from '../mail/compose.ts';
import { unansweredDigest } from '../mail/templates.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { formatInstant } from './format.ts';
import { closureLinkDays, dayMilliseconds, reopenUntil } from './reopen-window.ts';
import type { TicketFeed } from './ticket-feed.ts';
import type { Approvals } from './approvals.ts';

export interface SweepDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  mails: MailComposer;
  feed: TicketFeed;
  timeZone: string;
  /** The language of the service's own mails (the queue's daily list). */
  serviceLang: Lang;
  logger: Logger;
  /** Reminds the approvers outside the queue who have not answered, and tells the queue of stuck steps. */
  approvals?: Approvals;
  mailQueued(): void;
}

export interface SweepResult {
  closed: { number: string; reason: 'idle' | 'scheduled'; unanswered?: true }[];
  /** Requests idle past the limit with no agent's answer, in queues that keep such requests open. */
  overdue: { number: string }[];
  /** Requests whose approver outside the queue was reminded, or whose queue was told the step is stuck. */
  approvals?: { reminded: string[]; stuck: string[] };
}

/** The local calendar day of `instant` in `timeZone`, as YYYY-MM-DD. */
function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

const defaults = { batchSize: 500 };

/**
 * The closure sweep: closes approved tickets whose time has come (`scheduled`)
 * and new/open tickets idle past their queue's limit (`idle`); never pending or
 * appointment. Each closure, its event and its mail commit together. Every
 * update re-checks the state (and, for idle tickets, the last activity it saw),
 * so sweeps running at once in several processes close and mail each ticket once.
 *
 * An idle request no agent ever answered is marked so when closed, and the first
 * sweep of each local day mails each queue the list of those not listed yet; a
 * queue set to `unanswered: keepOpen` keeps them open, flagged overdue, instead.
 */
export function createSweep(deps: SweepDeps, options: { batchSize?: number } = {}) {
  const { store, clock, catalogue, mails, feed, logger } = deps;
  const { batchSize } = { ...defaults, ...options };

  // The day whose lists this process already saw claimed (by itself or another): later sweeps that day write nothing.
  let claimedDay: string | undefined;

  return async function sweep({ dryRun = false }: { dryRun?: boolean } = {}): Promise<SweepResult> {
    const now = clock.now();
    const at = now.toISOString();
    const idleCutoffs = [...catalogue.queues.values()].map((q) => ({ queueId: q.id, before: new Date(now.getTime() - q.idleDays * dayMilliseconds).toISOString() }));
    const keepsOpen = (queueId: string) => catalogue.queues.get(queueId)?.unanswered === 'keepOpen';
    const closed: SweepResult['closed'] = [];
    const overdue: SweepResult['overdue'] = [];

    if (dryRun) {
      const due = await store.dueForClosure(at, idleCutoffs, Number.MAX_SAFE_INTEGER);
      const answered = await store.answeredByAgent(due.filter((d) => d.reason === 'idle').map((d) => d.ticket.id));
      for (const { ticket, reason } of due) {
        const unanswered = reason === 'idle' && !answered.has(ticket.id);
        if (unanswered && keepsOpen(ticket.queue_id)) overdue.push({ number: ticket.number });
        else closed.push({ number: ticket.number, reason, ...(unanswered ? { unanswered: true as const } : {}) });
      }
      return { closed, overdue };
    }

    for (;;) {
      const due = await store.dueForClosure(at, idleCutoffs, batchSize);
      if (due.length === 0) break;
      const batch = await store.transaction(async (tx) => {
        const changes = (reason: 'idle' | 'scheduled', unanswered = false) => ({
          state: 'closed',
          closed_at: at,
          close_reason: reason,
          updated_at: at,
          auto_close_at: null,
          locked_by_id: null,
          locked_by_name: null,
          locked_at: null,
          ...(unanswered ? { closed_unanswered_at: at } : {}),
        });
        const ids = (keep: (d: (typeof due)[number]) => boolean) => due.filter(keep).map((d) => d.ticket.id);
        const done: { ticket: TicketRow; reason: 'idle' | 'scheduled'; from: string; unanswered: boolean }[] = [];
        const flagged: TicketRow[] = [];
        const before = new Map(due.map((d) => [d.ticket.id, d.ticket.state]));
        // Read inside the transaction: an agent's answer committed meanwhile counts.
        const answered = await tx.answeredByAgent(ids((d) => d.reason === 'idle'));
        for (const ticket of await tx.closeDue(ids((d) => d.reason === 'scheduled'), { scheduledBy: at }, changes('scheduled'))) {
          done.push({ ticket, reason: 'scheduled', from: before.get(ticket.id)!, unanswered: false });
        }
        for (const { queueId, before: idleBefore } of idleCutoffs) {
          const idle = (unanswered: boolean) => ids((d) => d.reason === 'idle' && d.ticket.queue_id === queueId && answered.has(d.ticket.id) !== unanswered);
          for (const ticket of await tx.closeDue(idle(false), { idleBefore }, changes('idle'))) done.push({ ticket, reason: 'idle', from: before.get(ticket.id)!, unanswered: false });
          if (keepsOpen(queueId)) flagged.push(...(await tx.flagOverdue(idle(true), idleBefore, at)));
          else for (const ticket of await tx.closeDue(idle(true), { idleBefore }, changes('idle', true))) done.push({ ticket, reason: 'idle', from: before.get(ticket.id)!, unanswered: true });
        }
        // In the order found (oldest first), as a dry run lists them.
        const found = new Map(due.map((d, i) => [d.ticket.id, i]));
        done.sort((a, b) => found.get(a.ticket.id)! - found.get(b.ticket.id)!);
        await tx.appendEvents(
          done.map(({ ticket, reason, from, unanswered }) => ({
            ticket_id: ticket.id,
            at,
            type: 'auto_closed',
            author_kind: 'system',
            author_id: null,
            author_name: null,
            public: 1,
            body: null,
            data: JSON.stringify({ reason, from, ...(unanswered ? { unanswered } : {}) }),
          })),
        );
        await tx.enqueueMails(
          done.map(({ ticket, reason }) => {
            const lang = ticket.lang as Lang;
            const until = reopenUntil(ticket, catalogue)!;
            const linkExpiry = new Date(Math.max(until.getTime(), now.getTime() + closureLinkDays * dayMilliseconds));
            return mails.toRequester('closure', ticket, { reopenLink: mails.reopenLink(ticket, linkExpiry), reopenUntil: formatInstant(until, lang, deps.timeZone), scheduled: reason === 'scheduled' }, now);
          }),
        );
        return { done, flagged };
      });
      for (const { ticket, reason, unanswered } of batch.done) {
        closed.push({ number: ticket.number, reason, ...(unanswered ? { unanswered } : {}) });
        feed.publish({ number: ticket.number, queueId: ticket.queue_id });
      }
      for (const ticket of batch.flagged) {
        overdue.push({ number: ticket.number });
        feed.publish({ number: ticket.number, queueId: ticket.queue_id });
      }
      if (batch.done.length > 0) deps.mailQueued();
      // Everything found was closed by someone else meanwhile; what is left is the next sweep's.
      if (batch.done.length + batch.flagged.length === 0) break;
    }
    if (await listUnansweredClosures(now)) deps.mailQueued();
    if (closed.length > 0 || overdue.length > 0) logger.info({ closed: closed.length, overdue: overdue.length }, 'sweep closed tickets');
    const approvals = await deps.approvals?.remind();
    if (approvals && approvals.reminded.length + approvals.stuck.length > 0) logger.info({ reminded: approvals.reminded.length, stuck: approvals.stuck.length }, 'sweep reminded approvers');
    // Said only when it happened: a sweep with nothing to remind answers as it always did.
    return { closed, overdue, ...(approvals && approvals.reminded.length + approvals.stuck.length > 0 ? { approvals } : {}) };
  };

  /**
   * The first sweep of each local day (of any process: the day's row is claimed in the store) mails each queue
   * the requests closed without an answer that no list named yet. True when a list was queued.
   */
  async function listUnansweredClosures(now: Date): Promise<boolean> {
    const day = localDay(now, deps.timeZone);
    if (day === claimedDay) return false;
    const at = now.toISOString();
    let queued = false;
    for (const queue of catalogue.queues.values()) {
      queued =
        (await store.transaction(async (tx) => {
          if (!(await tx.claimQueueDigest(queue.id, day, at))) return false;
          const closures = await tx.unlistedUnansweredClosures(queue.id);
          if (closures.length === 0) return false;
          const lang = deps.serviceLang;
          const when = (instant: string) => formatInstant(instant, lang, deps.timeZone);
          const mail = unansweredDigest(
            lang,
            queue.name[lang],
            closures.map((t) => ({ number: t.number, formTitle: catalogue.form(t.form_id)?.form.title[lang] ?? t.form_id, requesterName: t.requester_name, createdAt: when(t.created_at), closedAt: when(t.closed_unanswered_at!) })),
          );
          await tx.enqueueMails([mails.toQueueAddress(queue.id, 'queue_unanswered_digest', day, mail, now)!]);
          await tx.markUnansweredListed(
            closures.map((t) => t.id),
            at,
          );
          return true;
        })) || queued;
    }
    claimedDay = day;
    return queued;
  }
}

export type Sweep = ReturnType<typeof createSweep>;
