import type { Kysely } from 'kysely';
import { openPostgres, type PostgresOptions } from './postgres/database.ts';
import { listenForTicketChanges } from './postgres/ticket-changes.ts';
import type { Database } from './schema.ts';
import { openSqlite, sqliteFileName } from './sqlite/database.ts';

export { listenForTicketChanges, openPostgres, openSqlite, sqliteFileName };

/**
 * Opens the store the configuration names: PostgreSQL when GUICHET_DATABASE_URL
 * is set, else the SQLite file in the data folder. Each dialect's specifics live
 * in its own folder (sqlite/, postgres/); the queries (store.ts) and the
 * migrations are shared.
 */
export async function openDatabase(
  config: { dataDir: string; databaseUrl: string | undefined },
  options: PostgresOptions = {},
): Promise<Kysely<Database>> {
  return config.databaseUrl ? openPostgres(config.databaseUrl, options) : openSqlite(config.dataDir, undefined, options);
}
