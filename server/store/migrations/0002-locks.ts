import type { Kysely } from 'kysely';

/** Who works a ticket: an agent's lock, shown to the others. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('locked_by_id', 'varchar(320)').execute();
  await db.schema.alterTable('tickets').addColumn('locked_by_name', 'varchar(320)').execute();
  await db.schema.alterTable('tickets').addColumn('locked_at', 'varchar(32)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['locked_at', 'locked_by_name', 'locked_by_id']) await db.schema.alterTable('tickets').dropColumn(column).execute();
}
