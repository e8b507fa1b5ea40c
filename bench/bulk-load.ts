import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openSqlite } from '../server/store/database.ts';

/**
 * A store in `dataDir` migrated through the real code, then opened for
 * loading rows in bulk without flushes: the load is set-up, not what a bench
 * measures.
 */
export async function openForBulkLoad(dataDir: string): Promise<SQLite.Database> {
  await (await openSqlite(dataDir)).destroy();
  const db = new SQLite(join(dataDir, 'guichet.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  return db;
}

export const secondsSince = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
