/**
 * The SQLite store commits the transactions of one event-loop turn together
 * (server/store/sqlite/group-commit.ts). What an operator relies on: nobody is
 * told "done" before the write is on disk, a failing transaction takes nobody
 * else's work with it, and readers never see what is not committed. Checked
 * against the file itself through a connection of its own, as another process
 * would see it. (SQLite only, whichever dialect the run is for.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/store/schema.ts';
import { openSqlite } from '../../server/store/sqlite/database.ts';
import { withoutWaitingForDisk } from '../../server/store/sqlite/group-commit.ts';

let dir: string;
let db: Kysely<Database>;
let outside: SQLite.Database;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'guichet-group-commit-'));
  db = await openSqlite(dir);
  outside = new SQLite(join(dir, 'guichet.sqlite'), { readonly: true });
});
after(async () => {
  outside.close();
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const hit = (key: string) => ({ key, window_start: '2026-11-23T00:00:00.000Z', count: 1, expires_at: '2026-11-24T00:00:00.000Z' });
const onDisk = (key: string) => outside.prepare('select count(*) as n from rate_limits where key = ?').get(key) as { n: number };

test('a hundred transactions started at once each commit whole, and each is on disk when it answers', async () => {
  const seenOnDisk = await Promise.all(
    Array.from({ length: 100 }, async (_, i) => {
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('rate_limits').values(hit(`many-${i}-a`)).execute();
        await tx.insertInto('rate_limits').values(hit(`many-${i}-b`)).execute();
      });
      return onDisk(`many-${i}-a`).n + onDisk(`many-${i}-b`).n;
    }),
  );
  assert.deepEqual(seenOnDisk, Array(100).fill(2));
});

test('a transaction that fails rolls back alone; the others committed with it keep their work', async () => {
  const results = await Promise.allSettled(
    ['first', 'failing', 'last'].map((name) =>
      db.transaction().execute(async (tx) => {
        await tx.insertInto('rate_limits').values(hit(`alone-${name}`)).execute();
        if (name === 'failing') throw new Error('the service refused');
      }),
    ),
  );
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.deepEqual(['first', 'failing', 'last'].map((name) => onDisk(`alone-${name}`).n), [1, 0, 1]);
});

test('a constraint violation fails its own transaction only', async () => {
  await db.insertInto('rate_limits').values(hit('taken')).execute();
  const results = await Promise.allSettled([
    db.transaction().execute(async (tx) => {
      await tx.insertInto('rate_limits').values(hit('before-duplicate')).execute();
      await tx.insertInto('rate_limits').values(hit('taken')).execute();
    }),
    db.insertInto('rate_limits').values(hit('beside-duplicate')).execute(),
  ]);
  assert.equal(results[0].status, 'rejected');
  assert.equal(results[1].status, 'fulfilled');
  assert.equal(onDisk('before-duplicate').n, 0);
  assert.equal(onDisk('beside-duplicate').n, 1);
});

test('a read never sees a write that is not yet committed; one in a transaction waits for its batch mates to be durable', async () => {
  let finish!: () => void;
  const held = new Promise<void>((resolve) => (finish = resolve));
  let written!: () => void;
  const wrote = new Promise<void>((resolve) => (written = resolve));
  const writing = db.transaction().execute(async (tx) => {
    await tx.insertInto('rate_limits').values(hit('uncommitted')).execute();
    written();
    await held;
  });
  await wrote;
  const outsideRead = await db.selectFrom('rate_limits').select('key').where('key', '=', 'uncommitted').execute();
  assert.equal(outsideRead.length, 0, 'a reader saw a write before its commit');
  let answered = false;
  const insideRead = db
    .transaction()
    .execute((tx) => tx.selectFrom('rate_limits').select('key').where('key', '=', 'uncommitted').execute())
    .then((rows) => ((answered = true), { rows: rows.length, onDisk: onDisk('uncommitted').n }));
  for (let turn = 0; turn < 5; turn++) await new Promise(setImmediate);
  assert.equal(answered, false, 'a transaction answered before the write it read was committed');
  finish();
  await writing;
  assert.deepEqual(await insideRead, { rows: 1, onDisk: 1 });
});

test('two stores of one process on one file write side by side without waiting on the lock', async () => {
  const second = await openSqlite(dir);
  try {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? db : second).transaction().execute(async (tx) => {
          await tx.insertInto('rate_limits').values(hit(`shared-${i}`)).execute();
        }),
      ),
    );
    // SQLite's busy timeout is 5 s: a store blocked on the other's lock would take that long, or fail.
    assert.ok(Date.now() - started < 4_000, `took ${Date.now() - started} ms`);
    assert.equal(Array.from({ length: 20 }, (_, i) => onDisk(`shared-${i}`).n).reduce((a, b) => a + b), 20);
  } finally {
    await second.destroy();
  }
  // The first store still works once the second is gone.
  await db.insertInto('rate_limits').values(hit('after-second')).execute();
  assert.equal(onDisk('after-second').n, 1);
});

test('a rate-limit hit answers before its flush, and reaches the disk with its batch', async () => {
  await withoutWaitingForDisk(() => db.insertInto('rate_limits').values(hit('relaxed')).execute());
  const whenAnswered = onDisk('relaxed').n;
  await db.insertInto('rate_limits').values(hit('after-relaxed')).execute();
  assert.deepEqual([whenAnswered, onDisk('relaxed').n], [0, 1]);
});
