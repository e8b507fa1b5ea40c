/** What live listeners learn: which ticket changed, in which queue. */
export interface TicketChange {
  number: string;
  queueId: string;
}

/**
 * Carries changes between the processes that share one database (PostgreSQL
 * LISTEN/NOTIFY, server/store/postgres/ticket-changes.ts). SQLite has none:
 * one process owns the file, and the feed stays in-process
 * (server/services/ticket-feed.ts).
 */
export interface TicketChangeRelay {
  /** Tells the other processes; never throws (a lost notice only delays a live view until its next change). */
  publish(change: TicketChange): void;
  /** Calls `onChange` for every change another process published. */
  onChange(listener: (change: TicketChange) => void): void;
  close(): Promise<void>;
}
