import { type Kysely, sql } from 'kysely';
import { surrogateKey } from '../dialect.ts';

/**
 * Personal data kept only as long as needed (issue 20): a ticket whose
 * requester, answers, messages and files were removed is marked
 * `anonymised_at` (the retention job finds the closed ones not marked yet),
 * and every export, erasure and retention run leaves one line in
 * `privacy_records`: what, when, by whom (an operator's or agent's name, never
 * the person concerned), how many requests.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('anonymised_at', 'varchar(32)').execute();
  await db.schema
    .createIndex('tickets_retention')
    .on('tickets')
    .columns(['form_id', 'closed_at'])
    .where(sql<boolean>`anonymised_at is null and closed_at is not null`)
    .execute();
  await db.schema
    .createTable('privacy_records')
    .addColumn('id', 'integer', surrogateKey(db))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('action', 'varchar(16)', (c) => c.notNull())
    .addColumn('actor', 'varchar(400)', (c) => c.notNull())
    .addColumn('requests', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('privacy_records_at').on('privacy_records').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('privacy_records').execute();
  await db.schema.dropIndex('tickets_retention').execute();
  await db.schema.alterTable('tickets').dropColumn('anonymised_at').execute();
}
