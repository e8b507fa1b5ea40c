import type { InsertQueryBuilder, Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { withoutWaitingForDisk } from './group-commit.ts';

/** The hits' upsert, answering each window's count (store/protection.ts builds it). */
type CountedHits = InsertQueryBuilder<Database, 'rate_limits', { key: string; count: number }>;

/**
 * Runs the upsert of rate-limit hits. Outside a transaction it joins the group
 * commit's batch and answers without waiting for its flush, its counts read
 * where they are written (a crash may lose a few hits, which only lets a few
 * more writes through); inside a caller's transaction it waits with it.
 */
export function countHitsSqlite(db: Kysely<Database> | Transaction<Database>, insert: CountedHits): Promise<{ key: string; count: number }[]> {
  return db.isTransaction ? insert.execute() : withoutWaitingForDisk(() => insert.execute());
}
