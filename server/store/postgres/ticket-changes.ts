import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.ts';
import type { TicketChange, TicketChangeRelay } from '../ticket-changes.ts';

const channel = 'guichet_ticket_changes';

export interface TicketChangeRelayOptions {
  /** A notice could not be sent, or the listening connection dropped (it reconnects). */
  onError?: (error: Error, what: string) => void;
  /** The listening connection is back after a drop: changes made meanwhile were not relayed. */
  onReconnect?: () => void;
}

/**
 * Relays ticket changes between the processes of one PostgreSQL database:
 * NOTIFY on the pool after a commit, LISTEN on one dedicated connection.
 * Each process tags its notices and skips its own, which it already told its
 * streams. Resolves once listening, so a started process misses nothing.
 */
export async function listenForTicketChanges(url: string, db: Kysely<Database>, options: TicketChangeRelayOptions = {}): Promise<TicketChangeRelay> {
  const origin = randomUUID();
  const listeners: ((change: TicketChange) => void)[] = [];
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = 500;

  function deliver(payload: string | undefined) {
    try {
      const notice = JSON.parse(payload ?? '') as { origin: string; number: string; queueId: string };
      if (notice.origin === origin) return;
      for (const listener of listeners) listener({ number: notice.number, queueId: notice.queueId });
    } catch (error) {
      options.onError?.(error as Error, 'unreadable ticket change notice');
    }
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url, application_name: 'guichet-live' });
    next.on('notification', (message) => deliver(message.payload));
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('connection ended')));
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
    delay = 500;
  }

  function lost(which: pg.Client, error: Error) {
    if (closed || which !== client) return;
    client = undefined;
    which.end().catch(() => undefined);
    options.onError?.(error, 'the connection listening for ticket changes dropped; reconnecting');
    reconnect();
  }

  function reconnect() {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => options.onReconnect?.(),
        (error: Error) => {
          options.onError?.(error, 'could not listen for ticket changes; retrying');
          delay = Math.min(delay * 2, 30_000);
          reconnect();
        },
      );
    }, delay);
    retry.unref();
  }

  await connect();
  return {
    publish(change) {
      const payload = JSON.stringify({ origin, number: change.number, queueId: change.queueId });
      sql`select pg_notify(${channel}, ${payload})`.execute(db).catch((error: Error) => options.onError?.(error, 'could not notify the other processes of a ticket change'));
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
