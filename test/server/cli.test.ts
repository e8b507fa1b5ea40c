import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { submit, validOrder } from '../support/http.ts';
import { createTestRuntime } from '../support/runtime.ts';

const repo = join(import.meta.dirname, '../..');
const folders: string[] = [];
after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

function folder(): string {
  const path = mkdtempSync(join(tmpdir(), 'guichet-cli-'));
  folders.push(path);
  return path;
}

/** `guichet …` as an operator types it, on this checkout's sources. */
async function guichet(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_')));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/guichet.js', ...args], { cwd: repo, env: { ...base, LOG_LEVEL: 'silent', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('guichet, the command', () => {
  test('every command has --help; an unknown one lists them and fails', async () => {
    for (const command of ['serve', 'migrate', 'sweep', 'forms', 'doctor', 'backup']) {
      const help = await guichet([command, '--help']);
      assert.equal(help.code, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`usage: guichet ${command}`));
    }
    const unknown = await guichet(['serv']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "serv"[\s\S]*doctor/);
  });

  test('migrate reads --env-file, and the environment wins over the file', async () => {
    const dir = folder();
    const envFile = join(dir, 'guichet.env');
    writeFileSync(envFile, `GUICHET_MODE=dev\nGUICHET_DATA_DIR=${join(dir, 'from-file')}\n`);
    const migrated = await guichet(['migrate', '--env-file', envFile], { GUICHET_DATA_DIR: join(dir, 'data') });
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /applied 0001-tickets, .*0009-outbox-pending/);
    const again = await guichet(['migrate', `--env-file=${envFile}`], { GUICHET_DATA_DIR: join(dir, 'data') });
    assert.match(again.stdout, /the database is up to date/);
  });

  test('backup copies the SQLite database while it is open, and refuses to overwrite', async () => {
    const dataDir = folder();
    // SQLite in either test run: an empty variable counts as unset (PostgreSQL is backed up with pg_dump).
    const runtime = await createTestRuntime({ dataDir, env: { GUICHET_DATABASE_URL: '' } });
    try {
      const { number } = (await submit(runtime, 'software-order', validOrder, { as: 'alice' })).body.ticket;
      const copy = join(folder(), 'copy.sqlite');
      const env = { GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir };
      const done = await guichet(['backup', copy], env);
      assert.equal(done.code, 0, done.stderr);
      const db = new Sqlite(copy, { readonly: true });
      assert.deepEqual(db.prepare('select number from tickets').all(), [{ number }]);
      db.close();
      const refused = await guichet(['backup', copy], env);
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /exists already/);
    } finally {
      await runtime.close();
    }
  });

  test('backup on PostgreSQL says to use pg_dump', async () => {
    const refused = await guichet(['backup', join(folder(), 'x')], { GUICHET_MODE: 'dev', GUICHET_DATA_DIR: folder(), GUICHET_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /pg_dump/);
  });
});
