import type { Kysely } from 'kysely';

/** A reply after the reopen window starts a new ticket that points to the old one. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('linked_ticket_id', 'integer').execute();
  // The sweep's idle search runs per queue.
  await db.schema.createIndex('tickets_queue_state_activity').on('tickets').columns(['queue_id', 'state', 'last_activity_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_queue_state_activity').execute();
  await db.schema.alterTable('tickets').dropColumn('linked_ticket_id').execute();
}
