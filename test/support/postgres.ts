/**
 * A real PostgreSQL for the tests: Debian's binaries, a throwaway cluster in a
 * temp folder, listening on a free loopback port and a socket in that folder,
 * started and stopped by the suite (test/run.ts). As root it runs as the
 * `postgres` system user, since PostgreSQL refuses to run as root.
 * Durability settings are the server's defaults (fsync, synchronous_commit on):
 * what a 201 promises on PostgreSQL is what the tests exercise.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';

export interface TestPostgres {
  /** Connection URL of the cluster's `postgres` database, as its superuser. */
  url: string;
  binDir: string;
  stop(): Promise<void>;
}

/** True when `path` is a file this process may run. */
export function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The folder holding initdb and pg_ctl: GUICHET_TEST_POSTGRES_BIN, else
 * Debian's newest /usr/lib/postgresql/<version>/bin, else the PATH.
 */
export function findPostgresBinDir(): string | undefined {
  const has = (dir: string) => executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl'));
  const override = process.env.GUICHET_TEST_POSTGRES_BIN;
  if (override) return has(override) ? override : undefined;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && has(dir)) return dir;
  return undefined;
}

/** Runs a PostgreSQL binary as the cluster's owner: `postgres` when we are root, else ourselves. */
function runAsOwner(asRoot: boolean, command: string, args: string[]) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
}

function failed(what: string, r: ReturnType<typeof spawnSync>, log?: string): Error {
  const tail = log && existsSync(log) ? `\n--- server log ---\n${readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}` : '';
  return new Error(`${what} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${String(r.stdout ?? '')}${String(r.stderr ?? '')}${tail}`);
}

/** A bounded poll: the server answers a real connection, or we give up after `timeoutMs`. */
async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/**
 * initdb into a fresh temp folder (password auth, UTF-8, C collation so
 * ordering is the same on every machine), then starts the server on a free
 * loopback port. `stop()` shuts it down and deletes the folder.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error('PostgreSQL (initdb, pg_ctl) was not found: install it (Debian: apt-get install -y postgresql) or set GUICHET_TEST_POSTGRES_BIN.');
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'guichet-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (asRoot) {
    const owner = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (owner.status !== 0) throw new Error('Running as root, PostgreSQL needs a non-root user: the `postgres` system user (created by Debian’s postgresql package) does not exist.');
    const [uid, gid] = [Number(owner.stdout.trim()), Number(group.stdout.trim())];
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  const superuser = asRoot ? 'postgres' : userInfo().username;

  const init = runAsOwner(asRoot, join(binDir, 'initdb'), [
    '-D', data, '-U', superuser, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8', '--no-instructions',
  ]);
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw failed('initdb', init);
  }
  rmSync(pwfile);

  const pgCtl = join(binDir, 'pg_ctl');
  let url = '';
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const options = [`-c listen_addresses=127.0.0.1`, `-p ${port}`, `-k ${dir}`, '-c fsync=on', '-c synchronous_commit=on', '-c max_connections=300'].join(' ');
    const start = runAsOwner(asRoot, pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
    if (start.status === 0) {
      url = `postgres://${encodeURIComponent(superuser)}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
      break;
    }
    // Another process may have taken the port between our probe and the server's bind: try another.
    if (attempt >= 3) {
      const error = failed('pg_ctl start', start, log);
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const r = runAsOwner(asRoot, pgCtl, ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    if (r.status !== 0) console.error(failed('pg_ctl stop', r, log).message);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, binDir, stop };
}

/** A database name for a test store, derived from its data folder: two runtimes on one folder share one database. */
export function testDatabaseName(dataDir: string): string {
  return `guichet_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates (once) the database of `dataDir` on the test server and returns its
 * URL. A second runtime on the same folder, or a CLI process given the same
 * URL, finds the same store.
 */
export async function ensureTestDatabase(serverUrl: string, dataDir: string): Promise<string> {
  const name = testDatabaseName(dataDir);
  await admin(serverUrl, async (client) => {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount) return;
    try {
      await client.query(`create database "${name}"`);
    } catch (error) {
      // Created meanwhile by another runtime on the same folder: 42P04 duplicate_database, or 23505 on the catalog.
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
    }
  });
  return withDatabase(serverUrl, name);
}

export async function dropTestDatabase(serverUrl: string, dataDir: string): Promise<void> {
  await admin(serverUrl, (client) => client.query(`drop database if exists "${testDatabaseName(dataDir)}" with (force)`));
}
