import type { Logger } from 'pino';
import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import type { MailComposer } from '../mail/compose.ts';
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
    const seen = new Set<number>();

    if (dryRun) {
      const due = await store.dueForClosure(at, idleCutoffs, Number.MAX_SAFE_INTEGER);
      return { closed: due.map(({ ticket, reason }) => ({ number: ticket.number, reason })) };
    }

    for (;;) {
      const due = (await store.dueForClosure(at, idleCutoffs, batchSize)).filter(({ ticket }) => !seen.has(ticket.id));
      if (due.length === 0) break;
      for (const { ticket } of due) seen.add(ticket.id);
      const batch = await store.transaction(async (tx) => {
        const done: (SweepResult['closed'][number] & { queueId: string })[] = [];
        for (const { ticket, reason } of due) {
          const next = await tx.updateTicket(
            ticket.id,
            ticket.state,
            { state: 'closed', closed_at: at, close_reason: reason, updated_at: at, auto_close_at: null, locked_by_id: null, locked_by_name: null, locked_at: null },
            reason === 'idle' ? { lastActivityAt: ticket.last_activity_at } : undefined,
          );
          // Someone got there first: another sweep, or the requester wrote meanwhile.
          if (!next) continue;
          await tx.appendEvent({
            ticket_id: ticket.id,
            at,
            type: 'auto_closed',
            author_kind: 'system',
            author_id: null,
            author_name: null,
            public: 1,
            body: null,
            data: JSON.stringify({ reason, from: ticket.state }),
          });
          const lang = next.lang as Lang;
          const until = reopenUntil(next, catalogue)!;
          const linkExpiry = new Date(Math.max(until.getTime(), now.getTime() + closureLinkDays * dayMilliseconds));
          await tx.enqueueMail(
            mails.toRequester('closure', next, { reopenLink: mails.reopenLink(next, linkExpiry), reopenUntil: formatInstant(until, lang, deps.timeZone), scheduled: reason === 'scheduled' }, now),
          );
          done.push({ number: next.number, reason, queueId: next.queue_id });
        }
        return done;
      });
      for (const { number, reason, queueId } of batch) {
        closed.push({ number, reason });
        feed.publish({ number, queueId });
      }
      if (batch.length > 0) deps.mailQueued();
    }
    if (closed.length > 0) logger.info({ closed: closed.length }, 'sweep closed tickets');
    return { closed };
  };
}

export type Sweep = ReturnType<typeof createSweep>;
