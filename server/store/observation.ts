import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** The reads behind the scrape-time gauges of /metrics; apart from the Store because only operations use them. */
export function observationQueries(db: Kysely<Database>) {
  return {
    /** Mails not yet delivered nor given up, and when the oldest of them was queued. */
    async outboxBacklog(): Promise<{ pending: number; oldestCreatedAt: string | null }> {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll<number | string>().as('pending'), eb.fn.min('created_at').as('oldest')])
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return { pending: Number(row.pending), oldestCreatedAt: (row.oldest as string | null) ?? null };
    },
  };
}
