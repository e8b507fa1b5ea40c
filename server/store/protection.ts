import type { Kysely, Transaction } from 'kysely';
import { isSqlite } from './dialect.ts';
import { countHitsPostgres } from './postgres/rate-limits.ts';
import { countHitsSqlite } from './sqlite/rate-limits.ts';
import type { Database, NewPendingSubmissionRow, PendingSubmissionRow } from './schema.ts';

/**
 * The queries behind rate limits, ALTCHA replay protection and anonymous
 * submissions waiting for their email confirmation. Part of the Store (store.ts
 * spreads them in), kept apart because nothing else touches these tables.
 */
export interface ProtectionStore {
  /**
   * Counts one hit of each key in the window starting at its `windowStart`,
   * atomically across processes, and returns each window's count including
   * this hit, in the order given. One statement, whose row locks last no
   * longer than it: every write of one address or one person counts on the
   * same row. Outside a transaction its commit on PostgreSQL does not wait for
   * the disk: a database crash may lose these hits, which only lets a few more
   * writes through.
   */
  hitRateLimits(hits: readonly RateLimitHit[]): Promise<number[]>;
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

export interface RateLimitHit {
  key: string;
  windowStart: string;
  expiresAt: string;
}

type Executor = Kysely<Database> | Transaction<Database>;

export function protectionQueries(db: Executor): ProtectionStore {
  return {
    async hitRateLimits(hits) {
      if (hits.length === 0) return [];
      // INSERT … ON CONFLICT DO UPDATE … RETURNING: two processes never lose a hit (SQLite ≥ 3.35, PostgreSQL).
      // The keys of one call differ (by bucket prefix), so no row is met twice in the statement.
      const insert = db
        .insertInto('rate_limits')
        .values(hits.map((hit) => ({ key: hit.key, window_start: hit.windowStart, count: 1, expires_at: hit.expiresAt })))
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
        .returning(['key', 'count']);
      // Outside a transaction, each dialect answers without waiting for the disk (its folder says how).
      const rows = await (isSqlite(db) ? countHitsSqlite : countHitsPostgres)(db, insert);
      const counts = new Map(rows.map((row) => [row.key, Number(row.count)]));
      return hits.map((hit) => counts.get(hit.key)!);
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
