import type { Lang } from '../../forms/lang.ts';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Person } from '../identity/person.ts';
import type { ReportEvent } from '../store/reports.ts';
import type { Store } from '../store/store.ts';
import { localDate, wallClock } from './closing-time.ts';
import { everyLanguage } from '../words/index.ts';
import { approvalSteps } from '../../forms/definition.ts';
import type { StepWait } from '../store/approvals.ts';
import type { DurationFigures, QueueReport, Report } from '../wire/reports.ts';

export interface ReportsDeps {
  store: Store;
  clock: Clock;
  catalogue: Catalogue;
  timeZone: string;
}

const words = everyLanguage('reports');

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

// Only these events carry data a report reads.
const readData = new Set(['state_changed', 'requester_message', 'feedback']);
const parse = (event: ReportEvent) => (event.data && readData.has(event.type) ? JSON.parse(event.data) : {}) as Record<string, unknown>;

/** The period's local days as instants: `starts[i]` begins day i, the last entry ends the period. */
function localDays(start: number, end: number, timeZone: string) {
  const starts: number[] = [];
  for (let day = start; day <= end; day += dayMilliseconds) {
    const d = new Date(day);
    // Local midnights, so a day of the chart is a day on the service's wall clock (23 or 25 hours across DST).
    starts.push(wallClock(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0, timeZone).getTime());
  }
  const from = starts[0]!;
  const to = starts.at(-1)!;
  return {
    starts,
    from,
    to,
    includes: (ms: number) => ms >= from && ms < to,
    /** The index of the day holding `ms`, which must be inside the period. */
    indexOf(ms: number): number {
      let low = 0;
      let high = starts.length - 2;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle]! <= ms) low = middle;
        else high = middle - 1;
      }
      return low;
    },
  };
}

type Days = ReturnType<typeof localDays>;

/** A queue's figures while they are being counted. */
function emptyTally(days: Days) {
  return {
    created: 0,
    firstReply: [] as number[],
    closure: [] as number[],
    closed: { count: 0, bySweep: 0, byAgent: 0 },
    reopened: { afterSweep: 0, afterAgent: 0 },
    thanks: 0,
    ratings: [] as number[],
    daily: days.starts.slice(0, -1).map(() => ({ created: 0, closed: 0 })),
  };
}

type Tally = ReturnType<typeof emptyTally>;

/**
 * Whether a ticket's story may go on after the period in a way the report
 * counts: a ticket of the period not yet answered or closed, or a closure of
 * the period not yet reopened.
 */
function unfinished(history: readonly ReportEvent[], createdInPeriod: boolean): boolean {
  let answered = false;
  let closed = false;
  let endsClosed = false;
  for (const event of history) {
    if (answers.has(event.type)) answered = true;
    if (event.type !== 'auto_closed' && event.type !== 'rejected' && event.type !== 'state_changed' && event.type !== 'reopened') continue;
    const data = parse(event);
    if (closedBy(event, data)) closed = endsClosed = true;
    else if (event.type === 'reopened' || data.from === 'closed') endsClosed = false;
  }
  return endsClosed || (createdInPeriod && !(answered && closed));
}

/** Counts one ticket's history (the period's events, then later ones) into its queue's tally. */
function tallyHistory(history: readonly ReportEvent[], tally: Tally, days: Days, createdMs: number | undefined): void {
  let answered = false;
  let closedOnce = false;
  // The closure a reopen undoes: the last one seen on the ticket, if it happened in the period.
  let lastClosure: 'sweep' | 'agent' | undefined;
  const since = (ms: number) => Math.round((ms - createdMs!) / 1000);
  for (const event of history) {
    const ms = Date.parse(event.at);
    const data = parse(event);
    if (createdMs !== undefined && !answered && answers.has(event.type)) {
      answered = true;
      tally.firstReply.push(since(ms));
    }
    const kind = closedBy(event, data);
    if (kind) {
      if (createdMs !== undefined && !closedOnce) {
        closedOnce = true;
        tally.closure.push(since(ms));
      }
      lastClosure = undefined;
      if (days.includes(ms)) {
        tally.closed.count += 1;
        tally.closed[kind === 'sweep' ? 'bySweep' : 'byAgent'] += 1;
        tally.daily[days.indexOf(ms)]!.closed += 1;
        lastClosure = kind;
      }
      continue;
    }
    if (event.type === 'reopened') {
      if (lastClosure) tally.reopened[lastClosure === 'sweep' ? 'afterSweep' : 'afterAgent'] += 1;
      lastClosure = undefined;
    } else if (event.type === 'state_changed' && data.from === 'closed') {
      // An agent reopening is not the requester coming back.
      lastClosure = undefined;
    }
    if (!days.includes(ms)) continue;
    if (event.type === 'requester_message' && data.thanks === true) tally.thanks += 1;
    if (event.type === 'feedback' && typeof data.rating === 'number') tally.ratings.push(data.rating);
  }
}

/** The waits of one queue's decided steps, per form and step in the forms' order. */
function approvalWaits(catalogue: Catalogue, queueId: string, waits: readonly StepWait[], lang: Lang): QueueReport['approvalWaits'] {
  const byStep = new Map<string, { formId: string; stepId: string; seconds: number[] }>();
  for (const w of waits) {
    if (w.queue_id !== queueId) continue;
    const key = `${w.form_id}\u0000${w.step_id}`;
    const entry = byStep.get(key) ?? { formId: w.form_id, stepId: w.step_id, seconds: [] };
    entry.seconds.push(Math.round((Date.parse(w.decided_at) - Date.parse(w.started_at)) / 1000));
    byStep.set(key, entry);
  }
  const position = (formId: string, stepId: string) => {
    const workflow = catalogue.form(formId)?.form.workflow;
    return workflow ? approvalSteps(workflow).findIndex((s) => s.id === stepId) : -1;
  };
  return [...byStep.values()]
    .sort((a, b) => a.formId.localeCompare(b.formId) || position(a.formId, a.stepId) - position(b.formId, b.stepId))
    .map(({ formId, stepId, seconds }) => {
      const workflow = catalogue.form(formId)?.form.workflow;
      const name = (workflow && approvalSteps(workflow).find((s) => s.id === stepId)?.name?.[lang]) ?? catalogue.queues.get(queueId)?.name[lang] ?? stepId;
      return { formId, stepId, name, wait: durationFigures(seconds) };
    });
}

function queueReport(queueId: string, title: string, tally: Tally, openNow: number, start: number, waits: QueueReport['approvalWaits']): QueueReport {
  const reopened = tally.reopened.afterSweep + tally.reopened.afterAgent;
  return {
    queueId,
    title,
    created: tally.created,
    openNow,
    firstReply: durationFigures(tally.firstReply),
    closure: durationFigures(tally.closure),
    closed: tally.closed,
    closedBySweepShare: share(tally.closed.bySweep, tally.closed.count),
    reopened: {
      ...tally.reopened,
      share: share(reopened, tally.closed.count),
      afterSweepShare: share(tally.reopened.afterSweep, tally.closed.bySweep),
      afterAgentShare: share(tally.reopened.afterAgent, tally.closed.byAgent),
    },
    thanks: tally.thanks,
    rating: { mean: tally.ratings.length === 0 ? null : tally.ratings.reduce((a, b) => a + b, 0) / tally.ratings.length, count: tally.ratings.length },
    daily: tally.daily.map((d, i) => ({ date: dateText(start + i * dayMilliseconds), ...d })),
    approvalWaits: waits,
  };
}

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

  function queuesFor(person: Person, queueId: string | undefined): string[] {
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
    async report(person: Person, query: { queue?: string; from?: string; to?: string }, lang: Lang): Promise<Report> {
      const queueIds = queuesFor(person, query.queue);
      const { start, end } = period(query.from, query.to);
      if (end === undefined) throw new GuichetError('validation', { fields: { to: [words.badDate[lang]] } });
      if (start === undefined) throw new GuichetError('validation', { fields: { from: [words.badDate[lang]] } });
      if (end <= start) throw new GuichetError('validation', { fields: { to: [words.order[lang]] } });
      if (end - start > maxDays * dayMilliseconds) throw new GuichetError('validation', { fields: { to: [words.span(maxDays)[lang]] } });

      const days = localDays(start, end, timeZone);
      const fromAt = new Date(days.from).toISOString();
      const toAt = new Date(days.to).toISOString();
      const [tickets, during, open, waits] = await Promise.all([
        store.ticketsCreatedBetween(queueIds, fromAt, toAt),
        store.periodEvents(queueIds, fromAt, toAt),
        store.openTicketsByQueue(queueIds),
        store.stepWaitsBetween(queueIds, fromAt, toAt),
      ]);

      const tallies = new Map(queueIds.map((id) => [id, emptyTally(days)]));
      const created = new Map<number, number>();
      for (const t of tickets) {
        const ms = Date.parse(t.created_at);
        const tally = tallies.get(t.queue_id)!;
        tally.created += 1;
        tally.daily[days.indexOf(ms)]!.created += 1;
        created.set(t.id, ms);
      }

      // Each ticket's history in the order it was recorded: the period's events, then those after it.
      const histories = new Map<number, { queueId: string; events: ReportEvent[] }>(tickets.map((t) => [t.id, { queueId: t.queue_id, events: [] }]));
      const add = (event: ReportEvent) => {
        const history = histories.get(event.ticket_id);
        if (history) history.events.push(event);
        else histories.set(event.ticket_id, { queueId: event.queue_id, events: [event] });
      };
      during.forEach(add);
      const unsettled = [...histories].filter(([id, h]) => unfinished(h.events, created.has(id))).map(([id]) => id);
      (await store.laterEvents(unsettled, toAt)).forEach(add);
      for (const [id, { queueId, events }] of histories) tallyHistory(events, tallies.get(queueId)!, days, created.get(id));

      const openNow = new Map(open.map((o) => [o.queue_id, o.count]));
      return {
        from: dateText(start),
        to: dateText(end),
        timeZone,
        queues: queueIds.map((id) => queueReport(id, catalogue.queues.get(id)!.name[lang], tallies.get(id)!, openNow.get(id) ?? 0, start, approvalWaits(catalogue, id, waits, lang))),
      };
    },
  };
}

export type Reports = ReturnType<typeof createReports>;
