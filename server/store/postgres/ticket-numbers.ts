import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** One sequence per year, named after it: `ticket_number_2026`. */
export const ticketSequenceName = (year: number) => `ticket_number_${Math.trunc(year)}`;

/** 42P07: the sequence exists; 23505: a concurrent creator committed it first (the catalog's unique index). */
const createdMeanwhile = (error: unknown) => ['42P07', '23505'].includes((error as { code?: string }).code ?? '');

/**
 * Ticket counters on PostgreSQL. The year's counter row (`ticket_counters`),
 * which SQLite keeps, would be locked by each submission from its first
 * statement to its commit, so every submission of every process would queue on
 * it. A sequence never waits: `nextval` hands out a number at once and is not
 * undone by a rollback. So a rolled-back submission leaves a gap in the year's
 * numbers; numbers stay unique across processes and keep their YYYY-NNNNNN
 * form, which is all they promise.
 *
 * The year's sequence is created when its first ticket opens, starting after
 * the year's `ticket_counters.last`, so an installation numbered by the counter
 * row before goes on where it was. It is created inside that ticket's own
 * transaction, behind a savepoint: made on another pooled connection instead,
 * the transactions of a busy first minute of the year, holding every
 * connection of the pool, could each wait for one more. Until it commits, a
 * concurrent first ticket of the same year waits on it (once a year); then its
 * CREATE fails on the catalog's unique index, it rolls back to its savepoint
 * and takes the next number. Once a process has seen the sequence committed, it
 * only calls `nextval`.
 */
export function ticketSequences() {
  const known = new Set<number>();

  async function next(trx: Transaction<Database>, year: number): Promise<number> {
    const name = ticketSequenceName(year);
    if (!known.has(year)) {
      const { rows } = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(trx);
      // Seen committed: it outlives this transaction. One this transaction creates may still roll back with it.
      if (rows[0]?.found) known.add(year);
      else await create(trx, year);
    }
    const { rows } = await sql<{ value: string }>`select nextval(${name}::regclass) as value`.execute(trx);
    return Number(rows[0]!.value);
  }

  async function create(trx: Transaction<Database>, year: number): Promise<void> {
    const counter = await trx.selectFrom('ticket_counters').select('last').where('year', '=', year).executeTakeFirst();
    const start = (counter ? Number(counter.last) : 0) + 1;
    await sql`savepoint ticket_sequence`.execute(trx);
    try {
      await sql`create sequence if not exists ${sql.id(ticketSequenceName(year))} as bigint start with ${sql.lit(start)}`.execute(trx);
      await sql`release savepoint ticket_sequence`.execute(trx);
    } catch (error) {
      if (!createdMeanwhile(error)) throw error;
      await sql`rollback to savepoint ticket_sequence`.execute(trx);
      await sql`release savepoint ticket_sequence`.execute(trx);
    }
  }

  /** The next counter of `year`; outside a transaction, in a short one of its own (a savepoint needs one). */
  function nextTicketCounter(db: Kysely<Database> | Transaction<Database>, year: number): Promise<number> {
    return db.isTransaction ? next(db as Transaction<Database>, year) : db.transaction().execute((trx) => next(trx, year));
  }
  /** Whether `year`'s sequence was seen committed: then `nextval` alone gives its next counter (postgres/new-ticket.ts). */
  return Object.assign(nextTicketCounter, { known: (year: number) => known.has(year) });
}
