import { type InsertQueryBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** The hits' upsert, answering each window's count (store/protection.ts builds it). */
type CountedHits = InsertQueryBuilder<Database, 'rate_limits', { key: string; count: number }>;

/**
 * Runs the upsert of rate-limit hits. Outside a transaction its commit does not
 * wait for the disk (a database crash may lose a few hits, which only lets a
 * few more writes through): SET LOCAL for the statement's own implicit
 * transaction, without a round trip of its own (a transaction's BEGIN and
 * COMMIT would hold the row locks over two more), as the RETURNING list calls
 * set_config. Inside a caller's transaction it would make all of that
 * transaction not durable, so it is left out there.
 */
export function countHitsPostgres(db: Kysely<Database> | Transaction<Database>, insert: CountedHits): Promise<{ key: string; count: number }[]> {
  if (db.isTransaction) return insert.execute();
  return insert.returning(sql<string>`set_config('synchronous_commit', 'off', true)`.as('durability')).execute();
}
