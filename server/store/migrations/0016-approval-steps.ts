import { type Kysely, sql } from 'kysely';
import { surrogateKey } from '../dialect.ts';

/**
 * Approval steps (forms/definition.ts `workflow.steps`): one row per step of a
 * ticket, in order, with who decides it and what became of it. A step decided
 * outside the queue is reached through a signed link naming the row and its
 * `round` (a re-send or a re-route starts a new round: earlier links stop
 * working); nothing secret is stored. `tickets.awaiting_approver_since` is set
 * while such a step is the current one: the sweep leaves those tickets alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_steps')
    .addColumn('id', 'integer', surrogateKey(db))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('step_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('outside', 'integer', (c) => c.notNull())
    .addColumn('approver_email', 'varchar(320)')
    .addColumn('approver_name', 'varchar(200)')
    .addColumn('approver_lang', 'varchar(5)')
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('started_at', 'varchar(32)')
    .addColumn('decided_at', 'varchar(32)')
    .addColumn('decided_by', 'varchar(320)')
    .addColumn('reason', 'text')
    .addColumn('link_expires_at', 'varchar(32)')
    .addColumn('reminders_sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_at', 'varchar(32)')
    .addColumn('stuck_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('approval_steps_ticket').on('approval_steps').columns(['ticket_id', 'position']).unique().execute();
  await db.schema
    .createIndex('approval_steps_current_outside')
    .on('approval_steps')
    .columns(['state', 'started_at'])
    .where(sql<boolean>`outside = 1`)
    .execute();
  await db.schema.alterTable('tickets').addColumn('awaiting_approver_since', 'varchar(32)').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('awaiting_approver_since').execute();
  await db.schema.dropTable('approval_steps').execute();
}
