import type { Kysely } from 'kysely';
import { surrogateKey } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tickets')
    .addColumn('id', 'integer', surrogateKey(db))
    .addColumn('number', 'varchar(16)', (c) => c.notNull().unique())
    .addColumn('form_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('form_version', 'integer', (c) => c.notNull())
    .addColumn('queue_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('state', 'varchar(32)', (c) => c.notNull())
    .addColumn('requester_id', 'varchar(320)', (c) => c.notNull())
    .addColumn('requester_email', 'varchar(320)', (c) => c.notNull())
    .addColumn('requester_name', 'varchar(320)', (c) => c.notNull())
    .addColumn('requester_affiliations', 'text', (c) => c.notNull())
    .addColumn('lang', 'varchar(2)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('access_token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_activity_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('pending_until', 'varchar(32)')
    .addColumn('auto_close_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('close_reason', 'varchar(32)')
    .execute();
  // The sweep asks "which tickets of this state are due": it must cost what is due, not what is stored.
  await db.schema.createIndex('tickets_state_activity').on('tickets').columns(['state', 'last_activity_at']).execute();
  await db.schema.createIndex('tickets_state_auto_close').on('tickets').columns(['state', 'auto_close_at']).execute();
  await db.schema.createIndex('tickets_requester').on('tickets').columns(['requester_id', 'created_at']).execute();
  await db.schema.createIndex('tickets_queue_state').on('tickets').columns(['queue_id', 'state']).execute();

  await db.schema
    .createTable('ticket_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'integer', surrogateKey(db))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('author_kind', 'varchar(16)', (c) => c.notNull())
    .addColumn('author_id', 'varchar(320)')
    .addColumn('author_name', 'varchar(320)')
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('events_ticket').on('events').columns(['ticket_id', 'id']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', surrogateKey(db))
    .addColumn('ticket_id', 'integer', (c) => c.references('tickets.id'))
    .addColumn('kind', 'varchar(32)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('to_address', 'varchar(320)', (c) => c.notNull())
    .addColumn('reply_to', 'varchar(320)')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('sent_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('scope', 'varchar(400)', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
  await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['idempotency_keys', 'outbox', 'events', 'ticket_counters', 'tickets']) await db.schema.dropTable(table).execute();
}
