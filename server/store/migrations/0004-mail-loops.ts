import type { Kysely } from 'kysely';

/** Automatic mails are counted per recipient and day, so a robot answering us cannot start a mail loop. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('outbox_recipient_sent').on('outbox').columns(['to_address', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_recipient_sent').execute();
  await db.schema.alterTable('outbox').dropColumn('automatic').execute();
}
