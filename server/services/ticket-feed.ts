import { EventEmitter } from 'node:events';

/** What live listeners learn: which ticket changed, in which queue. */
export interface TicketChange {
  number: string;
  queueId: string;
}

/**
 * Tells live streams that a ticket changed, after its transaction committed.
 * In-process for now; several processes will relay it through the database.
 */
export function createTicketFeed() {
  const emitter = new EventEmitter();
  // One listener per open stream: hundreds are normal, not a leak.
  emitter.setMaxListeners(0);
  return {
    publish(change: TicketChange) {
      emitter.emit('change', change);
    },
    subscribe(listener: (change: TicketChange) => void): () => void {
      emitter.on('change', listener);
      return () => emitter.off('change', listener);
    },
  };
}

export type TicketFeed = ReturnType<typeof createTicketFeed>;
