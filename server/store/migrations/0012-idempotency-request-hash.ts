import type { Kysely } from 'kysely';

/**
 * An Idempotency-Key replays its first answer only for the same request: the
 * record keeps a hash of what was sent (services/submission.ts), and a key
 * presented again with another body is refused. Records from before have none
 * and replay as they did.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('request_hash', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('request_hash').execute();
}
