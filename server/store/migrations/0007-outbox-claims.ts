import type { Kysely } from 'kysely';

/**
 * Several processes deliver one outbox: a worker claims a mail until
 * `claim_expires_at` before sending it, so no other worker picks it meanwhile;
 * a claim whose worker died simply expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('claimed_by', 'varchar(100)').execute();
  await db.schema.alterTable('outbox').addColumn('claim_expires_at', 'varchar(32)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('claim_expires_at').execute();
  await db.schema.alterTable('outbox').dropColumn('claimed_by').execute();
}
