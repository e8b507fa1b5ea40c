import { EventEmitter } from 'node:events';

/** What live listeners learn: which ticket changed, in which queue. */
export interface TicketChange {
  number: string;
  queueId: string;
}

/**
 * Carries changes between the processes that share one database (PostgreSQL
 * LISTEN/NOTIFY, server/store/postgres/ticket-changes.ts). SQLite has none:
 * one process owns the file, and the feed stays in-process.
 */
export interface TicketChangeRelay {
  /** Tells the other processes; never throws (a lost notice only delays a live view until its next change). */
  publish(change: TicketChange): void;
  /** Calls `onChange` for every change another process published. */
  onChange(listener: (change: TicketChange) => void): void;
  close(): Promise<void>;
}

/**
 * Tells live streams that a ticket changed, after its transaction committed:
 * at once in this process, and through the relay in the others.
 */
export function createTicketFeed(relay?: TicketChangeRelay) {
  const emitter = new EventEmitter();
  // One listener per open stream: hundreds are normal, not a leak.
  emitter.setMaxListeners(0);
  relay?.onChange((change) => emitter.emit('change', change));
  return {
    publish(change: TicketChange) {
      emitter.emit('change', change);
      relay?.publish(change);
    },
    subscribe(listener: (change: TicketChange) => void): () => void {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
    async close() {
      await relay?.close();
    },
  };
}

export type TicketFeed = ReturnType<typeof createTicketFeed>;
