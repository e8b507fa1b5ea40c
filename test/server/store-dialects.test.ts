/**
 * What the store promises on every dialect, checked where the dialects differ:
 * `npm test` runs this file (like every server suite) on SQLite and on
 * PostgreSQL. On SQLite, transactions take turns on one writer (group commit); on
 * PostgreSQL they really overlap, under READ COMMITTED.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PostgresAdapter, SqliteAdapter, sql } from 'kysely';
import type { NewTicketRow } from '../../server/store/schema.ts';
import { createTestRuntime, testDialect, type TestRuntime } from '../support/runtime.ts';

let runtime: TestRuntime;
before(async () => {
  runtime = await createTestRuntime();
});
after(() => runtime.close());

let serial = 0;
function newTicket(overrides: Partial<NewTicketRow> = {}): NewTicketRow {
  const at = '2026-03-10T09:00:00.000Z';
  serial++;
  return {
    number: `T-${serial}`,
    form_id: 'software-order',
    form_version: 1,
    queue_id: 'it-help',
    state: 'new',
    requester_id: 'alice',
    requester_email: 'alice@uni.example',
    requester_name: 'Alice',
    requester_affiliations: '[]',
    lang: 'fr',
    data: '{}',
    access_token_hash: 'x'.repeat(64),
    created_at: at,
    updated_at: at,
    last_activity_at: at,
    pending_until: null,
    auto_close_at: null,
    closed_at: null,
    close_reason: null,
    ...overrides,
  };
}

/** Resolves when a PostgreSQL backend of this database waits on a row lock (a bounded poll); on SQLite there is nothing to wait for. */
async function someoneWaitsOnALock(): Promise<void> {
  if (testDialect !== 'postgres') return;
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(runtime.db);
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the second transaction never waited on the first one’s row lock');
}

describe(`the store on ${testDialect}`, () => {
  test('runs on the dialect the suite was asked for', async () => {
    const adapter = runtime.db.getExecutor().adapter;
    assert.ok(testDialect === 'postgres' ? adapter instanceof PostgresAdapter : adapter instanceof SqliteAdapter, `expected ${testDialect}`);
    assert.equal(runtime.config.databaseUrl !== undefined, testDialect === 'postgres');
  });

  test('ticket counters handed out concurrently, none rolled back, are unique and gapless', async () => {
    const counters = await Promise.all(Array.from({ length: 30 }, () => runtime.store.transaction((tx) => tx.nextTicketCounter(2031))));
    assert.deepEqual(
      [...counters].sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    assert.equal(typeof counters[0], 'number');
  });

  test('ticket numbers go on from the year’s counter row an earlier version kept', async () => {
    // Before PostgreSQL numbered from a sequence, every dialect counted in this row.
    await runtime.db.insertInto('ticket_counters').values({ year: 2032, last: 41 }).execute();
    const next = [await runtime.store.transaction((tx) => tx.nextTicketCounter(2032)), await runtime.store.nextTicketCounter(2032)];
    assert.deepEqual(next, [42, 43]);
  });

  // On SQLite transactions queue on the one connection by design; on PostgreSQL they overlap, and numbering must not serialise them.
  if (testDialect === 'postgres') {
    test('a transaction holding a ticket number open does not hold up the next submission, and a rollback leaves a gap', async () => {
      const year = 2033;
      assert.equal(await runtime.store.transaction((tx) => tx.nextTicketCounter(year)), 1);
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let numbered!: (n: number) => void;
      const firstNumber = new Promise<number>((r) => (numbered = r));
      const first = runtime.store.transaction(async (tx) => {
        const n = await tx.nextTicketCounter(year);
        await tx.insertTicket(newTicket({ number: `${year}-${n}` }));
        numbered(n);
        await held;
        return n;
      });
      assert.equal(await firstNumber, 2);
      const second = runtime.store.transaction(async (tx) => {
        const n = await tx.nextTicketCounter(year);
        await tx.insertTicket(newTicket({ number: `${year}-${n}` }));
        return n;
      });
      let timer: NodeJS.Timeout | undefined;
      const blocked = new Promise<'blocked'>((r) => (timer = setTimeout(() => r('blocked'), 5_000)));
      try {
        assert.equal(await Promise.race([second, blocked]), 3, 'the second commits while the first is still open');
      } finally {
        clearTimeout(timer);
        release();
      }
      assert.equal(await first, 2);
      await assert.rejects(
        runtime.store.transaction(async (tx) => {
          assert.equal(await tx.nextTicketCounter(year), 4);
          throw new Error('the submission failed');
        }),
        /the submission failed/,
      );
      assert.equal(await runtime.store.transaction((tx) => tx.nextTicketCounter(year)), 5, '4 went with the rollback and is not handed out again');
    });
  }

  test('of two transactions moving one ticket from the same state, exactly one wins', async () => {
    const ticket = await runtime.store.insertTicket(newTicket());
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let updated!: () => void;
    const hasUpdated = new Promise<void>((r) => (updated = r));
    const first = runtime.store.transaction(async (tx) => {
      const moved = await tx.updateTicket(ticket.id, 'new', { state: 'open', updated_at: '2026-03-10T09:01:00.000Z' });
      updated();
      await held;
      return moved;
    });
    // On SQLite the second transaction queues behind the first; on PostgreSQL it starts once the first holds the row.
    if (testDialect === 'postgres') await hasUpdated;
    const second = runtime.store.transaction((tx) => tx.updateTicket(ticket.id, 'new', { state: 'closed', updated_at: '2026-03-10T09:02:00.000Z' }));
    await someoneWaitsOnALock();
    release();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a?.state, 'open', 'the first holds the row and commits');
    assert.equal(b, undefined, 'the second re-checks its WHERE after the commit and matches nothing');
    assert.equal((await runtime.store.findTicketById(ticket.id))?.state, 'open');
  });

  test('a transaction that throws leaves nothing behind', async () => {
    const before = await runtime.store.countTickets();
    await assert.rejects(
      runtime.store.transaction(async (tx) => {
        await tx.insertTicket(newTicket());
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.equal(await runtime.store.countTickets(), before);
  });

  test('counts are numbers and text ordering is the same on both', async () => {
    for (const [i, at] of ['2026-03-10T09:00:00.000Z', '2026-03-10T10:00:00.000Z', '2026-03-09T23:59:59.999Z'].entries()) {
      await runtime.store.insertTicket(newTicket({ requester_id: 'order-check', queue_id: 'Order-Queue', created_at: at, number: `O-${i}` }));
    }
    const mine = await runtime.store.ticketsOfRequester('order-check', 10);
    assert.deepEqual(
      mine.map((t) => t.number),
      ['O-1', 'O-0', 'O-2'],
    );
    const counts = await runtime.store.countByQueueAndState();
    const row = counts.find((c) => c.queue_id === 'Order-Queue');
    assert.deepEqual(row, { queue_id: 'Order-Queue', state: 'new', count: 3 });
    assert.equal(counts.find((c) => c.queue_id === 'order-queue'), undefined, 'identifiers compare case-sensitively');
    assert.equal(typeof (await runtime.store.countTickets()), 'number');
  });
});
