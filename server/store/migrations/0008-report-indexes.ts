import type { Kysely } from 'kysely';

/**
 * Service figures (issue 8): a report reads the events of a period by their
 * time and the tickets of a queue by their creation, without walking a whole
 * year of history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_at').on('events').column('at').execute();
  await db.schema.createIndex('tickets_queue_created').on('tickets').columns(['queue_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('tickets_queue_created').execute();
  await db.schema.dropIndex('events_at').execute();
}
