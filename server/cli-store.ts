/** The `guichet` commands that work on the store: migrate, sweep, backup (server/cli.ts parses their arguments). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createRuntime } from './runtime.ts';
import { openDatabase, sqliteFileName } from './store/database.ts';
import { migrateToLatest } from './store/migrate.ts';

type Env = Record<string, string | undefined>;

/** Applies the migrations not applied yet, names them, and exits: a deploy script runs it before restarting the servers. */
export async function migrate(env: Env): Promise<number> {
  const config = loadConfig(env);
  const db = await openDatabase(config, { migrate: false });
  try {
    const applied = await migrateToLatest(db);
    console.log(applied.length === 0 ? 'guichet migrate: the database is up to date' : `guichet migrate: applied ${applied.join(', ')}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

/** One sweep, printed as JSON; logs go to stderr so stdout stays parseable. */
export async function sweep(env: Env, dryRun: boolean): Promise<number> {
  const runtime = await createRuntime(loadConfig(env), { logger: createLogger(env.LOG_LEVEL ?? 'warn', pino.destination(2)) });
  try {
    const result = await runtime.sweep({ dryRun });
    console.log(JSON.stringify(result));
    // Closure mails leave now rather than at the next server poll; failures stay queued for the server's retries.
    if (!dryRun) await runtime.delivery.deliverDue();
    return 0;
  } finally {
    await runtime.close();
  }
}

/**
 * An online copy of the SQLite database (SQLite's backup API through
 * better-sqlite3): consistent while the server keeps writing. PostgreSQL has
 * its own tool for this.
 */
export async function backup(env: Env, target: string): Promise<number> {
  const config = loadConfig(env);
  if (config.databaseUrl) {
    console.error('guichet backup: the database is PostgreSQL (GUICHET_DATABASE_URL): back it up with pg_dump, e.g. pg_dump --format=custom --file=guichet.dump "$GUICHET_DATABASE_URL"');
    return 1;
  }
  const source = join(config.dataDir, sqliteFileName);
  const destination = resolve(target);
  if (!existsSync(source)) {
    console.error(`guichet backup: ${source} does not exist (GUICHET_DATA_DIR=${config.dataDir})`);
    return 1;
  }
  if (existsSync(destination)) {
    console.error(`guichet backup: ${destination} exists already; name a new file`);
    return 1;
  }
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(source, { fileMustExist: true });
  try {
    const { totalPages } = await db.backup(destination);
    console.log(`guichet backup: ${source} copied to ${destination} (${totalPages} pages)`);
    return 0;
  } finally {
    db.close();
  }
}
