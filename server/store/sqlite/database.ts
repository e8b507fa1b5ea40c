import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from '../migrate.ts';
import type { Database } from '../schema.ts';

/**
 * Opens the embedded SQLite file and migrates it. WAL lets readers run during a
 * write; synchronous=FULL makes a commit durable before we answer 201.
 * One connection: Kysely runs one transaction at a time on it, so writers queue.
 */
export async function openSqlite(dataDir: string, fileName = 'guichet.sqlite'): Promise<Kysely<Database>> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(join(dataDir, fileName));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  return db;
}
