import type { Kysely, Transaction } from 'kysely';
import type { Database, NewPendingSubmissionRow, PendingSubmissionRow } from './schema.ts';

/**
 * The queries behind rate limits, ALTCHA replay protection and anonymous
 * submissions waiting for their email confirmation. Part of the Store (store.ts
 * spreads them in), kept apart because nothing else touches these tables.
 */
export interface ProtectionStore {
  /**
   * Counts one hit of `key` in the window starting at `windowStart`, atomically
   * across processes, and returns the window's count including this hit.
   */
  hitRateLimit(key: string, windowStart: string, expiresAt: string): Promise<number>;
  /** The count of `key` in its window so far, without counting. */
  rateLimitCount(key: string, windowStart: string): Promise<number>;
  forgetExpiredRateLimits(now: string): Promise<number>;

  /** Records an ALTCHA challenge as used; false when it already was (a replay). */
  useAltchaChallenge(id: string, expiresAt: string): Promise<boolean>;
  forgetExpiredAltcha(now: string): Promise<number>;

  insertPendingSubmission(row: NewPendingSubmissionRow): Promise<PendingSubmissionRow>;
  /** A pending submission not yet expired at `now`, by its token's hash or its idempotency scope. */
  findPendingSubmission(by: { tokenHash: string } | { scope: string }, now: string): Promise<PendingSubmissionRow | undefined>;
  markPendingConfirmed(id: number, at: string): Promise<void>;
  forgetExpiredPending(now: string): Promise<number>;
}

type Executor = Kysely<Database> | Transaction<Database>;

export function protectionQueries(db: Executor): ProtectionStore {
  return {
    async hitRateLimit(key, windowStart, expiresAt) {
      // INSERT … ON CONFLICT DO UPDATE … RETURNING: one statement, so two processes never lose a hit (SQLite ≥ 3.35, PostgreSQL).
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: windowStart, count: 1, expires_at: expiresAt })
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
        .returning('count')
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },

    async rateLimitCount(key, windowStart) {
      const row = await db.selectFrom('rate_limits').select('count').where('key', '=', key).where('window_start', '=', windowStart).executeTakeFirst();
      return row ? Number(row.count) : 0;
    },

    async forgetExpiredRateLimits(now) {
      const result = await db.deleteFrom('rate_limits').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async useAltchaChallenge(id, expiresAt) {
      const row = await db
        .insertInto('altcha_used')
        .values({ id, expires_at: expiresAt })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      return row !== undefined;
    },

    async forgetExpiredAltcha(now) {
      const result = await db.deleteFrom('altcha_used').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertPendingSubmission(row) {
      return db.insertInto('pending_submissions').values(row).returningAll().executeTakeFirstOrThrow();
    },

    async findPendingSubmission(by, now) {
      let query = db.selectFrom('pending_submissions').selectAll().where('expires_at', '>', now);
      query = 'tokenHash' in by ? query.where('token_hash', '=', by.tokenHash) : query.where('idempotency_scope', '=', by.scope);
      return query.executeTakeFirst();
    },

    async markPendingConfirmed(id, at) {
      await db.updateTable('pending_submissions').set({ confirmed_at: at }).where('id', '=', id).where('confirmed_at', 'is', null).execute();
    },

    async forgetExpiredPending(now) {
      const result = await db.deleteFrom('pending_submissions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
