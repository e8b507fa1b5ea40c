import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readableDuration, reportCsv } from '../../server/routes/report-csv.ts';
import { budgetHolderApproves } from '../support/approvals.ts';
import { send, submit, validOrder } from '../support/http.ts';
import { createTestRuntime, type TestRuntime } from '../support/runtime.ts';

const hour = 3_600_000;
const day = 24 * hour;
const help = { subject: 'Screen flickers', category: 'other', description: 'My second screen flickers all day long.' };

// March 2026 in Europe/Zurich, written out by hand: CET until the 29th, then CEST.
const period = { from: '2026-03-01', to: '2026-04-01' };
const periodStart = Date.parse('2026-02-28T23:00:00Z');
const periodEnd = Date.parse('2026-03-31T22:00:00Z');
const inPeriod = (at: number) => at >= periodStart && at < periodEnd;

/** What the test itself did and saw happen to one ticket. */
interface Seen {
  number: string;
  token: string;
  queue: 'purchasing' | 'helpdesk';
  agent: string;
  state: string;
  created: number;
  answers: number[];
  closures: { at: number; by: 'sweep' | 'agent'; reopenedAt?: number }[];
  thanks: number[];
  ratings: { at: number; rating: number }[];
  /** When an agent reopened the ticket themselves. */
  takenBack: number[];
}

/** A small seeded generator, so the month is varied but the same at every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The test's own percentile: sort, then the value at rank ⌈p·n⌉ (nearest rank). */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1]!;
}

const zurichDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich', year: 'numeric', month: '2-digit', day: '2-digit' });

function expectedFigures(tickets: Seen[], queue: string) {
  const mine = tickets.filter((t) => t.queue === queue);
  const cohort = mine.filter((t) => inPeriod(t.created));
  const seconds = (ms: number) => Math.round(ms / 1000);
  const firstReplies = cohort.filter((t) => t.answers.length > 0).map((t) => seconds(t.answers[0]! - t.created));
  const firstClosures = cohort.filter((t) => t.closures.length > 0).map((t) => seconds(t.closures[0]!.at - t.created));
  const closures = mine.flatMap((t) => t.closures).filter((c) => inPeriod(c.at));
  const bySweep = closures.filter((c) => c.by === 'sweep');
  const byAgent = closures.filter((c) => c.by === 'agent');
  const reopenedSweep = bySweep.filter((c) => c.reopenedAt !== undefined).length;
  const reopenedAgent = byAgent.filter((c) => c.reopenedAt !== undefined).length;
  const ratings = mine.flatMap((t) => t.ratings).filter((r) => inPeriod(r.at));
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  const daily = [];
  for (let d = 1; d <= 31; d++) {
    const date = `2026-03-${String(d).padStart(2, '0')}`;
    daily.push({
      date,
      created: mine.filter((t) => zurichDate.format(t.created) === date).length,
      closed: closures.filter((c) => zurichDate.format(c.at) === date).length,
    });
  }
  return {
    created: cohort.length,
    openNow: mine.filter((t) => t.state !== 'closed').length,
    firstReply: { median: percentile(firstReplies, 0.5), p90: percentile(firstReplies, 0.9), count: firstReplies.length },
    closure: { median: percentile(firstClosures, 0.5), p90: percentile(firstClosures, 0.9), count: firstClosures.length },
    closed: { count: closures.length, bySweep: bySweep.length, byAgent: byAgent.length },
    closedBySweepShare: ratio(bySweep.length, closures.length),
    reopened: {
      afterSweep: reopenedSweep,
      afterAgent: reopenedAgent,
      share: ratio(reopenedSweep + reopenedAgent, closures.length),
      afterSweepShare: ratio(reopenedSweep, bySweep.length),
      afterAgentShare: ratio(reopenedAgent, byAgent.length),
    },
    thanks: mine.flatMap((t) => t.thanks).filter(inPeriod).length,
    rating: { mean: ratings.length === 0 ? null : ratings.reduce((s, r) => s + r.rating, 0) / ratings.length, count: ratings.length },
    daily,
  };
}

/**
 * A month of work in two queues, driven through the HTTP API on a moving
 * clock: tickets from late February to early April, replies after varied
 * delays, closures by agents (close, reject), by the sweep (idle, and approved
 * orders at 18:00), reopens after both, thank-you messages and ratings.
 */
async function seedMonth(runtime: TestRuntime): Promise<Seen[]> {
  const next = random(20260301);
  const tickets: Seen[] = [];
  const agenda: { at: number; run: () => Promise<void> }[] = [];
  const plan = (at: number, run: () => Promise<void>) => agenda.push({ at, run });
  const start = Date.parse('2026-02-22T07:00:00Z');
  const stop = Date.parse('2026-04-14T00:00:00Z');

  const ok = (answer: { status: number; body: unknown }, what: string) => assert.ok(answer.status < 300, `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  const agentDoes = async (t: Seen, action: string, json: unknown) => {
    const answer = await send(runtime, 'POST', `/api/agent/tickets/${t.number}/${action}`, { as: t.agent, json });
    ok(answer, `${t.number} ${action}`);
    t.state = answer.body.state;
    return answer;
  };

  function afterClosure(t: Seen, at: number) {
    const roll = next();
    const later = at + (1 + next() * 96) * hour;
    if (roll < 0.35) {
      plan(later, async () => {
        if (t.state !== 'closed') return;
        ok(await send(runtime, 'POST', `/api/tickets/${t.number}/reopen`, { token: t.token, json: { message: 'It broke again.' } }), 'reopen');
        t.closures.at(-1)!.reopenedAt = runtime.clock.now().getTime();
        t.state = 'open';
        work(t, runtime.clock.now().getTime());
      });
    } else if (roll < 0.45) {
      // The agent takes it back up: not a reopen by the requester.
      plan(later, async () => {
        if (t.state !== 'closed') return;
        await agentDoes(t, 'state', { state: 'open' });
        t.takenBack.push(runtime.clock.now().getTime());
        work(t, runtime.clock.now().getTime());
      });
    } else if (roll < 0.7) {
      plan(later, async () => {
        if (t.state !== 'closed') return;
        const answer = await send(runtime, 'POST', `/api/tickets/${t.number}/messages`, { token: t.token, json: { body: 'Merci beaucoup !' } });
        ok(answer, 'thanks');
        t.thanks.push(runtime.clock.now().getTime());
      });
    }
    if (next() < 0.5) {
      const rating = 1 + Math.floor(next() * 5);
      plan(at + (2 + next() * 200) * hour, async () => {
        ok(await send(runtime, 'POST', `/api/tickets/${t.number}/feedback`, { token: t.token, json: { rating } }), 'feedback');
        t.ratings.push({ at: runtime.clock.now().getTime(), rating });
      });
    }
  }

  /** What the agent does with a new or reopened ticket. */
  function work(t: Seen, from: number) {
    const roll = next();
    const replyAt = from + (0.2 + next() * 60) * hour;
    const closeAt = replyAt + (1 + next() * 72) * hour;
    const open = () => t.state === 'new' || t.state === 'open';
    if (roll < 0.15) return; // forgotten: the sweep closes it after six idle days
    plan(replyAt, async () => {
      if (!open()) return;
      if (t.queue === 'purchasing' && roll < 0.45) {
        await agentDoes(t, 'approve', { confirm: { inventoryNumber: true } });
      } else if (t.queue === 'purchasing' && roll < 0.55) {
        await agentDoes(t, 'reject', { reason: 'No budget left this year.' });
        t.closures.push({ at: runtime.clock.now().getTime(), by: 'agent' });
        afterClosure(t, runtime.clock.now().getTime());
      } else {
        await agentDoes(t, 'replies', { body: 'Looking into it.' });
      }
      t.answers.push(runtime.clock.now().getTime());
    });
    if (roll < 0.7) {
      plan(closeAt, async () => {
        if (!open()) return;
        await agentDoes(t, 'state', { state: 'closed' });
        t.closures.push({ at: runtime.clock.now().getTime(), by: 'agent' });
        afterClosure(t, runtime.clock.now().getTime());
      });
    }
  }

  for (let i = 0; i < 70; i++) {
    const queue = i % 2 === 0 ? 'helpdesk' : 'purchasing';
    const at = start + next() * 42 * day;
    plan(at, async () => {
      const answer = await submit(runtime, queue === 'helpdesk' ? 'it-help' : 'software-order', queue === 'helpdesk' ? help : validOrder, { as: 'alice' });
      ok(answer, 'submit');
      // The budget holder answers at once: the figures below are the queue's work.
      if (queue === 'purchasing') await budgetHolderApproves(runtime, answer.body.ticket.number);
      const t: Seen = {
        number: answer.body.ticket.number,
        token: answer.body.accessToken,
        queue,
        agent: queue === 'helpdesk' ? 'felix' : i % 4 === 1 ? 'eva' : 'hugo',
        state: 'new',
        created: runtime.clock.now().getTime(),
        answers: [],
        closures: [],
        thanks: [],
        ratings: [],
        takenBack: [],
      };
      tickets.push(t);
      work(t, t.created);
    });
  }
  for (let at = start + 3 * hour; at < stop; at += 5 * hour) {
    plan(at, async () => {
      const answer = await send(runtime, 'POST', '/api/admin/sweep', { as: 'gina' });
      ok(answer, 'sweep');
      for (const { number } of answer.body.closed as { number: string }[]) {
        const t = tickets.find((s) => s.number === number)!;
        t.state = 'closed';
        t.closures.push({ at: runtime.clock.now().getTime(), by: 'sweep' });
        afterClosure(t, runtime.clock.now().getTime());
      }
    });
  }

  while (agenda.length > 0) {
    agenda.sort((a, b) => a.at - b.at);
    const { at, run } = agenda.shift()!;
    // Whole milliseconds dropped: the seconds the test measures are the ones the store keeps.
    runtime.clock.set(new Date(Math.floor(at / 1000) * 1000));
    await run();
  }
  return tickets;
}

describe('service figures', () => {
  let runtime: TestRuntime;
  let tickets: Seen[];
  before(async () => {
    runtime = await createTestRuntime({ now: new Date('2026-02-22T07:00:00Z') });
    tickets = await seedMonth(runtime);
  });
  after(() => runtime.close());

  const report = (query: string, as = 'gina', headers: Record<string, string> = {}) => send(runtime, 'GET', `/api/agent/reports?${query}`, { as, headers });

  test('the month seeded covers what the figures count', () => {
    const march = tickets.filter((t) => inPeriod(t.created));
    assert.ok(march.length > 30 && march.length < tickets.length, 'tickets inside and outside the month');
    const closures = tickets.flatMap((t) => t.closures).filter((c) => inPeriod(c.at));
    assert.ok(closures.some((c) => c.by === 'sweep' && c.reopenedAt) && closures.some((c) => c.by === 'agent' && c.reopenedAt), 'reopens after both kinds of closure');
    assert.ok(tickets.some((t) => t.takenBack.some(inPeriod)), 'an agent taking a closed ticket back up');
    assert.ok(tickets.some((t) => t.thanks.some(inPeriod)) && tickets.some((t) => t.ratings.some((r) => inPeriod(r.at))), 'thanks and ratings');
  });

  test('the report of March equals the figures computed from the same events, queue by queue', async () => {
    const answer = await report(`from=${period.from}&to=${period.to}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.from, period.from);
    assert.equal(answer.body.to, period.to);
    assert.deepEqual(
      answer.body.queues.map((q: { queueId: string }) => q.queueId),
      ['purchasing', 'helpdesk'],
      'an admin sees every queue',
    );
    for (const figures of answer.body.queues) {
      // The approval steps' waits are held by test/server/approvals.test.ts.
      const { queueId, title, approvalWaits: _, ...rest } = figures;
      assert.equal(title, queueId === 'purchasing' ? 'Achats' : 'Support informatique');
      assert.deepEqual(rest, expectedFigures(tickets, queueId), queueId);
    }
  });

  test('the CSV carries the same figures, one row per queue', async () => {
    const json = (await report(`from=${period.from}&to=${period.to}`)).body;
    for (const ask of [`from=${period.from}&to=${period.to}&format=csv`, `from=${period.from}&to=${period.to}`]) {
      const answer = await report(ask, 'gina', ask.includes('format') ? {} : { accept: 'text/csv' });
      assert.equal(answer.status, 200);
      assert.match(answer.headers.get('content-type') ?? '', /^text\/csv/);
      assert.match(answer.headers.get('content-disposition') ?? '', /^attachment; filename=".+\.csv"$/);
      const [header, ...rows] = (answer.body as string).trimEnd().split('\r\n').map((line) => line.split(','));
      assert.equal(rows.length, 2);
      const cell = (row: string[], name: string) => row[header!.indexOf(name)];
      const text = (value: number | null) => (value === null ? '' : String(value));
      json.queues.forEach((q: any, i: number) => {
        const row = rows[i]!;
        assert.equal(cell(row, 'queue'), q.queueId);
        assert.equal(cell(row, 'from'), period.from);
        assert.equal(cell(row, 'created'), text(q.created));
        assert.equal(cell(row, 'open_now'), text(q.openNow));
        assert.equal(cell(row, 'first_reply_median_seconds'), text(q.firstReply.median));
        assert.equal(cell(row, 'first_reply_p90_seconds'), text(q.firstReply.p90));
        assert.equal(cell(row, 'closure_median_seconds'), text(q.closure.median));
        assert.equal(cell(row, 'closure_p90_seconds'), text(q.closure.p90));
        assert.equal(cell(row, 'closure_median'), readableDuration(q.closure.median) ?? '');
        assert.equal(cell(row, 'first_reply_median'), readableDuration(q.firstReply.median) ?? '');
        assert.equal(cell(row, 'closed_by_sweep_share'), text(q.closedBySweepShare));
        assert.equal(cell(row, 'reopened_after_sweep'), text(q.reopened.afterSweep));
        assert.equal(cell(row, 'reopened_after_agent'), text(q.reopened.afterAgent));
        assert.equal(cell(row, 'thanks'), text(q.thanks));
        assert.equal(cell(row, 'rating_mean'), text(q.rating.mean));
        assert.equal(cell(row, 'rating_count'), text(q.rating.count));
      });
    }
  });

  test('agents see their own queues only; other people none', async () => {
    const felix = await report(`queue=helpdesk&from=${period.from}&to=${period.to}`, 'felix');
    assert.equal(felix.status, 200);
    assert.deepEqual(felix.body.queues[0], (await report(`from=${period.from}&to=${period.to}`)).body.queues[1]);
    assert.equal((await report('queue=purchasing', 'felix')).status, 403, 'an agent of another queue');
    assert.deepEqual((await report('', 'eva')).body.queues.map((q: { queueId: string }) => q.queueId), ['purchasing'], 'without a queue: the agent’s own');
    assert.equal((await report('queue=helpdesk', 'alice')).status, 403, 'a requester');
    assert.equal((await report('', 'alice')).status, 403);
    assert.equal((await send(runtime, 'GET', '/api/agent/reports?queue=helpdesk')).status, 401);
    assert.equal((await report('queue=nowhere')).status, 404);
  });

  test('the period defaults to the last 30 days, today included, and refuses nonsense', async () => {
    runtime.clock.set(new Date('2026-04-13T22:30:00Z'));
    const answer = await report('queue=helpdesk', 'felix');
    assert.equal(answer.body.to, '2026-04-15', 'it is already 14 April in Zurich, and today is included');
    assert.equal(answer.body.from, '2026-03-16');
    assert.equal(answer.body.queues[0].daily.length, 30);
    assert.equal((await report('from=2026-03-10&to=2026-03-01')).status, 422);
    assert.equal((await report('from=2026-02-30&to=2026-03-10')).status, 422);
    assert.equal((await report('from=2024-01-01&to=2026-03-10')).status, 422);
    const wrong = await report('from=March&lang=en');
    assert.equal(wrong.status, 422);
    assert.deepEqual(wrong.body.error.fields, { from: ['Invalid date (YYYY-MM-DD).'] });
    assert.equal((await report('queue=&from=&to=', 'felix')).status, 200, 'empty values are no values');
  });

  test('the route is in the OpenAPI document', async () => {
    const doc = (await send(runtime, 'GET', '/api/openapi.json')).body;
    assert.ok(doc.paths['/api/agent/reports']?.get);
    assert.ok(doc.paths['/api/agent/reports'].get.responses['200'].content['text/csv']);
  });
});

test('a CSV cell keeps commas and quotes in one cell, and never starts a formula', () => {
  const figures = { median: null, p90: null, count: 0 };
  const queue = {
    queueId: 'q',
    title: '=HYPERLINK("http://evil"), "Achats"',
    created: 1,
    openNow: 0,
    firstReply: figures,
    closure: figures,
    closed: { count: 0, bySweep: 0, byAgent: 0 },
    closedBySweepShare: null,
    reopened: { afterSweep: 0, afterAgent: 0, share: null, afterSweepShare: null, afterAgentShare: null },
    thanks: 0,
    rating: { mean: null, count: 0 },
    daily: [],
    approvalWaits: [],
  };
  const [, row] = reportCsv({ from: '2026-03-01', to: '2026-04-01', timeZone: 'Europe/Zurich', queues: [queue] }).split('\r\n');
  assert.equal(row, `2026-03-01,2026-04-01,q,"'=HYPERLINK(""http://evil""), ""Achats""",1,0,,,,,0,,,,,0,0,0,0,,0,0,,0,,0`);
});

test('the CSV gives every duration in exact seconds and as a head of service reads it', () => {
  assert.equal(readableDuration(605356), '7 d 0 h');
  assert.equal(readableDuration(97200), '1 d 3 h');
  assert.equal(readableDuration(12000), '3 h 20 min');
  assert.equal(readableDuration(2712), '45 min');
  assert.equal(readableDuration(12), '12 s');
  assert.equal(readableDuration(0), '0 s');
  assert.equal(readableDuration(null), null);
});

describe('thanks are not reopens', () => {
  test('a thank-you on a closed request counts as thanks and leaves the reopen rate alone; the requester reopening counts', async () => {
    const runtime = await createTestRuntime({ now: new Date('2026-03-10T08:00:00Z') });
    try {
      const created = await submit(runtime, 'it-help', help, { as: 'alice' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const number: string = created.body.ticket.number;
      const token: string = created.body.accessToken;
      const ok = (answer: { status: number; body: unknown }) => assert.ok(answer.status < 300, JSON.stringify(answer.body));
      ok(await send(runtime, 'POST', `/api/agent/tickets/${number}/replies`, { as: 'felix', json: { body: 'Restart the screen, please.' } }));
      ok(await send(runtime, 'POST', `/api/agent/tickets/${number}/state`, { as: 'felix', json: { state: 'closed' } }));
      const helpdesk = async () => {
        const answer = await send(runtime, 'GET', `/api/agent/reports?from=${period.from}&to=${period.to}`, { as: 'gina' });
        return (answer.body.queues as { queueId: string; thanks: number; reopened: { afterAgent: number; share: number | null } }[]).find((q) => q.queueId === 'helpdesk')!;
      };

      runtime.clock.set(new Date('2026-03-10T10:00:00Z'));
      const thanks = await send(runtime, 'POST', `/api/tickets/${number}/messages`, { token, json: { body: 'Merci beaucoup, tout fonctionne !\n\nAlice' } });
      ok(thanks);
      const afterThanks = await helpdesk();
      assert.equal(afterThanks.thanks, 1);
      assert.equal(afterThanks.reopened.afterAgent, 0, 'the thank-you is not a reopen');
      assert.equal(afterThanks.reopened.share, 0);

      runtime.clock.set(new Date('2026-03-10T12:00:00Z'));
      ok(await send(runtime, 'POST', `/api/tickets/${number}/reopen`, { token, json: { message: 'It flickers again.' } }));
      const afterReopen = await helpdesk();
      assert.equal(afterReopen.thanks, 1);
      assert.equal(afterReopen.reopened.afterAgent, 1, 'the requester reopening is one');
      assert.equal(afterReopen.reopened.share, 1);
    } finally {
      await runtime.close();
    }
  });
});
