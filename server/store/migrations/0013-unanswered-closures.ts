import { type Kysely, sql } from 'kysely';

/**
 * Requests the sweep closes without any agent's answer must not vanish from the
 * queue's sight: such a closure is marked (`closed_unanswered_at`) until the
 * queue's daily list names it (`unanswered_listed_at`); a queue that keeps such
 * requests open flags them overdue instead (`overdue_since`). `queue_digests`
 * holds one row per queue and local day, so the daily list leaves once however
 * many processes sweep.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('closed_unanswered_at', 'varchar(32)').execute();
  await db.schema.alterTable('tickets').addColumn('unanswered_listed_at', 'varchar(32)').execute();
  await db.schema.alterTable('tickets').addColumn('overdue_since', 'varchar(32)').execute();
  await db.schema
    .createIndex('tickets_closed_unanswered')
    .on('tickets')
    .columns(['queue_id', 'closed_unanswered_at'])
    .where(sql<boolean>`closed_unanswered_at is not null`)
    .execute();
  await db.schema
    .createTable('queue_digests')
    .addColumn('queue_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_digests_pk', ['queue_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('queue_digests').execute();
  await db.schema.dropIndex('tickets_closed_unanswered').execute();
  for (const column of ['overdue_since', 'unanswered_listed_at', 'closed_unanswered_at']) await db.schema.alterTable('tickets').dropColumn(column).execute();
}
