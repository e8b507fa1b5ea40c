import type { Kysely } from 'kysely';
import { surrogateKey } from '../dialect.ts';

/**
 * Protection against floods and bots (issue 6): rate-limit counters and used
 * ALTCHA solutions live in the store so every process sees them; anonymous
 * submissions wait here until their requester confirms the email address.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(400)', (c) => c.notNull())
    .addColumn('window_start', 'varchar(32)', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
    .execute();
  await db.schema.createIndex('rate_limits_expiry').on('rate_limits').column('expires_at').execute();

  await db.schema
    .createTable('altcha_used')
    .addColumn('id', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('altcha_used_expiry').on('altcha_used').column('expires_at').execute();

  await db.schema
    .createTable('pending_submissions')
    .addColumn('id', 'integer', surrogateKey(db))
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('form_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('idempotency_scope', 'varchar(800)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('name', 'varchar(320)')
    .addColumn('lang', 'varchar(2)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('confirmed_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('pending_submissions_scope').on('pending_submissions').column('idempotency_scope').unique().execute();
  await db.schema.createIndex('pending_submissions_expiry').on('pending_submissions').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pending_submissions').execute();
  await db.schema.dropTable('altcha_used').execute();
  await db.schema.dropTable('rate_limits').execute();
}
