import type { Logger } from 'pino';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import type { MailComposer } from '../mail/compose.ts';
import type { TicketRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { formatInstant } from './format.ts';
import { closureLinkDays, dayMilliseconds, reopenUntil } from './reopen-window.ts';
import type { TicketFeed } from './ticket-feed.ts';

export interface SweepDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  mails: MailComposer;
  feed: TicketFeed;
  timeZone: string;
  logger: Logger;
  mailQueued(): void;
}

export interface SweepResult {
  closed: { number: string; reason: 'idle' | 'scheduled' }[];
}

const defaults = { batchSize: 500 };

/**
 * The closure sweep: closes approved tickets whose time has come (`scheduled`)
 * and new/open tickets idle past their queue's limit (`idle`); never pending or
 * appointment. Each closure, its event and its mail commit together. Every
 * update re-checks the state (and, for idle tickets, the last activity it saw),
 * so sweeps running at once in several processes close and mail each ticket once.
 */
export function createSweep(deps: SweepDeps, options: { batchSize?: number } = {}) {
  const { store, clock, catalogue, mails, feed, logger } = deps;
  const { batchSize } = { ...defaults, ...options };

  return async function sweep({ dryRun = false }: { dryRun?: boolean } = {}): Promise<SweepResult> {
    const now = clock.now();
    const at = now.toISOString();
    const idleCutoffs = [...catalogue.queues.values()].map((q) => ({ queueId: q.id, before: new Date(now.getTime() - q.idleDays * dayMilliseconds).toISOString() }));
    const closed: SweepResult['closed'] = [];

    if (dryRun) {
      const due = await store.dueForClosure(at, idleCutoffs, Number.MAX_SAFE_INTEGER);
      return { closed: due.map(({ ticket, reason }) => ({ number: ticket.number, reason })) };
    }

    for (;;) {
      const due = await store.dueForClosure(at, idleCutoffs, batchSize);
      if (due.length === 0) break;
      const batch = await store.transaction(async (tx) => {
        const changes = (reason: 'idle' | 'scheduled') => ({
          state: 'closed',
          closed_at: at,
          close_reason: reason,
          updated_at: at,
          auto_close_at: null,
          locked_by_id: null,
          locked_by_name: null,
          locked_at: null,
        });
        const ids = (keep: (d: (typeof due)[number]) => boolean) => due.filter(keep).map((d) => d.ticket.id);
        const done: { ticket: TicketRow; reason: 'idle' | 'scheduled'; from: string }[] = [];
        const before = new Map(due.map((d) => [d.ticket.id, d.ticket.state]));
        for (const ticket of await tx.closeDue(ids((d) => d.reason === 'scheduled'), { scheduledBy: at }, changes('scheduled'))) {
          done.push({ ticket, reason: 'scheduled', from: before.get(ticket.id)! });
        }
        for (const { queueId, before: idleBefore } of idleCutoffs) {
          const closedIdle = await tx.closeDue(ids((d) => d.reason === 'idle' && d.ticket.queue_id === queueId), { idleBefore }, changes('idle'));
          for (const ticket of closedIdle) done.push({ ticket, reason: 'idle', from: before.get(ticket.id)! });
        }
        await tx.appendEvents(
          done.map(({ ticket, reason, from }) => ({
            ticket_id: ticket.id,
            at,
            type: 'auto_closed',
            author_kind: 'system',
            author_id: null,
            author_name: null,
            public: 1,
            body: null,
            data: JSON.stringify({ reason, from }),
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
        return done;
      });
      for (const { ticket, reason } of batch) {
        closed.push({ number: ticket.number, reason });
        feed.publish({ number: ticket.number, queueId: ticket.queue_id });
      }
      if (batch.length > 0) deps.mailQueued();
      // Everything found was closed by someone else meanwhile; what is left is the next sweep's.
      if (batch.length === 0) break;
    }
    if (closed.length > 0) logger.info({ closed: closed.length }, 'sweep closed tickets');
    return { closed };
  };
}

export type Sweep = ReturnType<typeof createSweep>;
