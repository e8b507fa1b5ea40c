import { type Kysely, sql } from 'kysely';

/**
 * Delivery claims the oldest pending mails, a batch at a time. Through
 * `outbox_due` (status, next_attempt_at) that meant reading and sorting every
 * pending mail for each batch, so a backlog made each claim slower and the
 * backlog longer. The pending mails in id order are read until a batch is
 * found; sent mails leave this index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('outbox_pending').on('outbox').column('id').where(sql<boolean>`status = 'pending'`).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_pending').execute();
}
