import { join } from 'node:path';
import { Kysely } from 'kysely';
import { makePrivateDir, makePrivateFile } from '../../data-files.ts';
import { migrateToLatest } from '../migrate.ts';
import type { Database } from '../schema.ts';
import { GroupCommitSqliteDialect } from './group-commit.ts';

/** The SQLite file of a data folder (GUICHET_DATA_DIR). */
export const sqliteFileName = 'guichet.sqlite';

/**
 * Opens the embedded SQLite file and migrates it. WAL lets readers run during a
 * write; synchronous=FULL makes a commit durable before we answer 201; group
 * commit (group-commit.ts) makes one flush serve every transaction of an
 * event-loop turn.
 */
export async function openSqlite(dataDir: string, fileName = sqliteFileName, options: { migrate?: boolean } = {}): Promise<Kysely<Database>> {
  makePrivateDir(dataDir);
  const path = join(dataDir, fileName);
  makePrivateFile(path);
  const db = new Kysely<Database>({ dialect: new GroupCommitSqliteDialect(path) });
  if (options.migrate !== false) await migrateToLatest(db);
  return db;
}
