import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import type { ReportEvent } from '../store/reports.ts';
import type { Store } from '../store/store.ts';
import { localDate, wallClock } from './closing-time.ts';

export interface ReportsDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  timeZone: string;
}

/** Durations in whole seconds; `null` when nothing was measured. */
export interface DurationFigures {
  median: number | null;
  p90: number | null;
  count: number;
}

export interface QueueReport {
  queueId: string;
  title: string;
  /** Tickets created in the period. */
  created: number;
  /** Tickets of the queue not closed at the time of the report, whatever the period. */
  openNow: number;
  /** From creation to the first answer an agent sent (reply, approval or rejection), for tickets created in the period. */
  firstReply: DurationFigures;
  /** From creation to the first closure, for tickets created in the period. */
  closure: DurationFigures;
  /** Closures that happened in the period: by the sweep (idle or scheduled) and by an agent (close or reject). */
  closed: { count: number; bySweep: number; byAgent: number };
  closedBySweepShare: number | null;
  /** Closures of the period that the requester later reopened, by who had closed the ticket. */
  reopened: { afterSweep: number; afterAgent: number; share: number | null; afterSweepShare: number | null; afterAgentShare: number | null };
  /** Messages on closed tickets recorded as "thank you" (not reopening) in the period. */
  thanks: number;
  /** Ratings (1–5) given in the period. */
  rating: { mean: number | null; count: number };
  /** One entry per local day of the period. */
  daily: { date: string; created: number; closed: number }[];
}

export interface Report {
  /** First day of the period (inclusive), a local date in `timeZone`. */
  from: string;
  /** Day after the period (exclusive), a local date in `timeZone`. */
  to: string;
  timeZone: string;
  queues: QueueReport[];
}

const words = {
  notAgent: {
    fr: 'Vous n’êtes pas agent·e de cette file.',
    en: 'You are not an agent of this queue.',
    de: 'Sie sind nicht Agent:in dieser Warteschlange.',
  },
  noQueue: {
    fr: 'Vous ne travaillez dans aucune file.',
    en: 'You do not work in any queue.',
    de: 'Sie arbeiten in keiner Warteschlange.',
  },
  badDate: { fr: 'Date invalide (AAAA-MM-JJ).', en: 'Invalid date (YYYY-MM-DD).', de: 'Ungültiges Datum (JJJJ-MM-TT).' },
  order: { fr: 'Doit être après « from ».', en: 'Must be after "from".', de: 'Muss nach «from» liegen.' },
  span: { fr: `Au plus ${366} jours.`, en: `At most ${366} days.`, de: `Höchstens ${366} Tage.` },
};

const defaultDays = 30;
const maxDays = 366;
const dayMilliseconds = 86_400_000;

/**
 * Nearest-rank percentile: the smallest measured value with at least `p` of
 * the values at or below it (rank ⌈p·n⌉ of the sorted values). Every figure is
 * thus a duration that actually happened; the median is the lower middle value.
 */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

function durationFigures(seconds: number[]): DurationFigures {
  const sorted = [...seconds].sort((a, b) => a - b);
  return { median: nearestRank(sorted, 0.5), p90: nearestRank(sorted, 0.9), count: sorted.length };
}

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);

/** A calendar date as the UTC midnight of that date, for day arithmetic without a time zone. */
function parseDate(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const day = Date.UTC(y, m - 1, d);
  const back = new Date(day);
  return back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d ? day : undefined;
}

const dateText = (day: number) => new Date(day).toISOString().slice(0, 10);

/** How a closing event closed its ticket, or undefined when the event closes nothing. */
function closedBy(event: ReportEvent, data: Record<string, unknown>): 'sweep' | 'agent' | undefined {
  if (event.type === 'auto_closed') return 'sweep';
  if (event.type === 'rejected') return 'agent';
  if (event.type === 'state_changed' && data.to === 'closed') return 'agent';
  return undefined;
}

const answers = new Set(['agent_reply', 'approved', 'rejected']);

/**
 * Service figures per queue and period, for heads of service. The period is
 * [from, to) in local days of the configured time zone. Durations are measured
 * on the tickets created in the period (whenever the answer or closure came);
 * closures, reopens, thanks and ratings are counted when they happened in the
 * period. A ticket counts in the queue it is in now.
 */
export function createReports(deps: ReportsDeps) {
  const { store, clock, catalogue, timeZone } = deps;

  /** The period as UTC midnights of its local dates; undefined where a date does not parse. */
  function period(from: string | undefined, to: string | undefined) {
    const [y, m, d] = localDate(clock.now(), timeZone);
    // By default the last 30 days, today included.
    const end = to === undefined ? Date.UTC(y, m - 1, d + 1) : parseDate(to);
    const start = from === undefined ? end && end - defaultDays * dayMilliseconds : parseDate(from);
    return { start, end };
  }

  function queuesFor(person: Person | undefined, queueId: string | undefined): string[] {
    if (!person) throw new GuichetError('unauthenticated');
    const visible = [...catalogue.queues.keys()].filter((id) => person.admin || person.agentOf.includes(id));
    if (queueId !== undefined) {
      if (!catalogue.queues.has(queueId)) throw new GuichetError('not_found');
      if (!visible.includes(queueId)) throw new GuichetError('forbidden', { message: words.notAgent });
      return [queueId];
    }
    if (visible.length === 0) throw new GuichetError('forbidden', { message: words.noQueue });
    return visible;
  }

  return {
    async report(person: Person | undefined, query: { queue?: string; from?: string; to?: string }, lang: Lang): Promise<Report> {
      const queueIds = queuesFor(person, query.queue);
      const { start, end } = period(query.from, query.to);
      if (end === undefined) throw new GuichetError('validation', { fields: { to: [words.badDate[lang]] } });
      if (start === undefined) throw new GuichetError('validation', { fields: { from: [words.badDate[lang]] } });
      if (end <= start) throw new GuichetError('validation', { fields: { to: [words.order[lang]] } });
      if (end - start > maxDays * dayMilliseconds) throw new GuichetError('validation', { fields: { to: [words.span[lang]] } });

      // Local midnights, so a day of the chart is a day on the service's wall clock (23 or 25 hours across DST).
      const days: number[] = [];
      for (let day = start; day <= end; day += dayMilliseconds) {
        const d = new Date(day);
        days.push(wallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, timeZone).getTime());
      }
      const fromAt = new Date(days[0]!).toISOString();
      const toAt = new Date(days.at(-1)!).toISOString();
      const fromMs = days[0]!;
      const toMs = days.at(-1)!;
      const dayOf = (ms: number) => {
        let low = 0;
        let high = days.length - 2;
        while (low < high) {
          const middle = (low + high + 1) >> 1;
          if (days[middle]! <= ms) low = middle;
          else high = middle - 1;
        }
        return low;
      };
      const inPeriod = (ms: number) => ms >= fromMs && ms < toMs;

      const [tickets, events, open] = await Promise.all([
        store.ticketsCreatedBetween(queueIds, fromAt, toAt),
        store.reportEvents(queueIds, fromAt, toAt),
        store.openTicketsByQueue(queueIds),
      ]);

      const figures = new Map(
        queueIds.map((id) => [
          id,
          {
            created: 0,
            firstReply: [] as number[],
            closure: [] as number[],
            closed: { count: 0, bySweep: 0, byAgent: 0 },
            reopened: { afterSweep: 0, afterAgent: 0 },
            thanks: 0,
            ratings: [] as number[],
            daily: days.slice(0, -1).map(() => ({ created: 0, closed: 0 })),
          },
        ]),
      );
      const cohort = new Map<number, { queue: string; createdMs: number; answered: boolean; closed: boolean }>();
      for (const t of tickets) {
        const createdMs = Date.parse(t.created_at);
        const queue = figures.get(t.queue_id)!;
        queue.created += 1;
        queue.daily[dayOf(createdMs)]!.created += 1;
        cohort.set(t.id, { queue: t.queue_id, createdMs, answered: false, closed: false });
      }

      // Events come ordered per ticket, so the closure a reopen undoes is the last one seen on that ticket.
      let lastClosure: { ticketId: number; kind: 'sweep' | 'agent' } | undefined;
      for (const event of events) {
        const queue = figures.get(event.queue_id)!;
        if (lastClosure && lastClosure.ticketId !== event.ticket_id) lastClosure = undefined;
        const ms = Date.parse(event.at);
        const data = (event.data ? JSON.parse(event.data) : {}) as Record<string, unknown>;
        const own = cohort.get(event.ticket_id);
        if (own && !own.answered && answers.has(event.type)) {
          own.answered = true;
          queue.firstReply.push(Math.round((ms - own.createdMs) / 1000));
        }
        const kind = closedBy(event, data);
        if (kind) {
          if (own && !own.closed) {
            own.closed = true;
            queue.closure.push(Math.round((ms - own.createdMs) / 1000));
          }
          lastClosure = undefined;
          if (inPeriod(ms)) {
            queue.closed.count += 1;
            queue.closed[kind === 'sweep' ? 'bySweep' : 'byAgent'] += 1;
            queue.daily[dayOf(ms)]!.closed += 1;
            lastClosure = { ticketId: event.ticket_id, kind };
          }
          continue;
        }
        if (event.type === 'reopened') {
          if (lastClosure) queue.reopened[lastClosure.kind === 'sweep' ? 'afterSweep' : 'afterAgent'] += 1;
          lastClosure = undefined;
        } else if (event.type === 'state_changed' && data.from === 'closed') {
          // An agent reopening is not the requester coming back.
          lastClosure = undefined;
        }
        if (!inPeriod(ms)) continue;
        if (event.type === 'requester_message' && data.thanks === true) queue.thanks += 1;
        if (event.type === 'feedback' && typeof data.rating === 'number') queue.ratings.push(data.rating);
      }

      const openNow = new Map(open.map((o) => [o.queue_id, o.count]));
      return {
        from: dateText(start),
        to: dateText(end),
        timeZone,
        queues: queueIds.map((id) => {
          const f = figures.get(id)!;
          const reopenedTotal = f.reopened.afterSweep + f.reopened.afterAgent;
          return {
            queueId: id,
            title: catalogue.queues.get(id)!.name[lang],
            created: f.created,
            openNow: openNow.get(id) ?? 0,
            firstReply: durationFigures(f.firstReply),
            closure: durationFigures(f.closure),
            closed: f.closed,
            closedBySweepShare: share(f.closed.bySweep, f.closed.count),
            reopened: {
              ...f.reopened,
              share: share(reopenedTotal, f.closed.count),
              afterSweepShare: share(f.reopened.afterSweep, f.closed.bySweep),
              afterAgentShare: share(f.reopened.afterAgent, f.closed.byAgent),
            },
            thanks: f.thanks,
            rating: { mean: f.ratings.length === 0 ? null : f.ratings.reduce((a, b) => a + b, 0) / f.ratings.length, count: f.ratings.length },
            daily: f.daily.map((d, i) => ({ date: dateText(start + i * dayMilliseconds), ...d })),
          };
        }),
      };
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
