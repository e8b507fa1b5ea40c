/**
 * The submission floor: a bare Hono route on @hono/node-server doing one
 * durable insert per request, into the same kind of store with the same
 * durability as Guichet's (SQLite WAL + synchronous=FULL, as
 * server/store/sqlite/database.ts sets; or the same PostgreSQL, synchronous_commit
 * on, a pool of the same size). No identity, no validation, no idempotency, no
 * mail: what is left is HTTP, JSON and the commit, the cost any server pays.
 *
 *   PORT=… FLOOR_DATA_DIR=… [GUICHET_DATABASE_URL=postgres://…] node --import tsx bench/floor-server.ts
 */
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import SQLite from 'better-sqlite3';
import { Hono } from 'hono';
import pg from 'pg';

interface FloorStore {
  insert(key: string, data: string, at: string): Promise<number>;
  read(id: number): Promise<{ id: number; data: string; created_at: string } | undefined>;
  close(): Promise<void>;
}

async function openFloorStore(): Promise<FloorStore> {
  const url = process.env.GUICHET_DATABASE_URL;
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    await pool.query('CREATE TABLE IF NOT EXISTS submissions (id bigserial PRIMARY KEY, key text NOT NULL UNIQUE, data text NOT NULL, created_at text NOT NULL)');
    return {
      async insert(key, data, at) {
        const { rows } = await pool.query<{ id: string }>('INSERT INTO submissions (key, data, created_at) VALUES ($1, $2, $3) RETURNING id', [key, data, at]);
        return Number(rows[0]!.id);
      },
      async read(id) {
        const { rows } = await pool.query('SELECT id, data, created_at FROM submissions WHERE id = $1', [id]);
        return rows[0];
      },
      close: () => pool.end(),
    };
  }
  const db = new SQLite(join(process.env.FLOOR_DATA_DIR ?? '.', 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS submissions (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, data TEXT NOT NULL, created_at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO submissions (key, data, created_at) VALUES (?, ?, ?)');
  const read = db.prepare<[number], { id: number; data: string; created_at: string }>('SELECT id, data, created_at FROM submissions WHERE id = ?');
  return {
    insert: async (key, data, at) => Number(insert.run(key, data, at).lastInsertRowid),
    read: async (id) => read.get(id),
    close: async () => void db.close(),
  };
}

const store = await openFloorStore();
const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: true }));
app.post('/floor/submissions', async (c) => {
  const body = await c.req.json<{ data: unknown }>();
  const id = await store.insert(c.req.header('idempotency-key') ?? crypto.randomUUID(), JSON.stringify(body.data), new Date().toISOString());
  return c.json({ id }, 201);
});
app.get('/floor/submissions/:id', async (c) => {
  const row = await store.read(Number(c.req.param('id')));
  return row ? c.json({ id: row.id, data: JSON.parse(row.data), createdAt: row.created_at }) : c.json({ error: 'not found' }, 404);
});

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8788), hostname: '127.0.0.1' });
const stop = () => server.close(() => void store.close().then(() => process.exit(0)));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
