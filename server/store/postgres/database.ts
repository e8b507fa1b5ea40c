import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../migrate.ts';
import type { Database } from '../schema.ts';

export interface PostgresOptions {
  /** Connections per process; each transaction holds one until it ends. */
  poolSize?: number;
  /** An idle pooled connection failed (server restart, network): the pool replaces it; we only report it. */
  onIdleError?: (error: Error) => void;
  /** false: open only (`guichet doctor` checks, it does not change the schema). */
  migrate?: boolean;
}

/**
 * Opens the PostgreSQL database at `url` (GUICHET_DATABASE_URL) through a pool
 * and migrates it; Kysely's migrator locks its table, so processes starting
 * together migrate once. The server's defaults are ours: READ COMMITTED (a
 * conditional UPDATE … WHERE state = expected re-checks its WHERE after a
 * concurrent commit, so two writers cannot both move a ticket), and
 * synchronous_commit on, so a commit is durable before we answer 201.
 * Counts (bigint) arrive as strings: the store wraps them in Number().
 */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Kysely<Database>> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: 'guichet' });
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}
