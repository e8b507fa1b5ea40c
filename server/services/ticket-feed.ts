import { EventEmitter } from 'node:events';
import type { TicketChange, TicketChangeRelay } from '../store/ticket-changes.ts';

export type { TicketChange };

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
