import type { AttachmentRow, NewEventRow, NewOutboxRow, NewTicketRow, TicketRow } from './schema.ts';

export interface StoredResponse {
  ticketId: number;
  status: number;
  body: unknown;
  /** A hash of the request answered (null on records from before migration 0012). */
  requestHash: string | null;
}

/**
 * A new ticket and everything written with it, composed by the caller in two
 * steps: its row once the year's counter is known, the rest once its id is.
 * PostgreSQL hands out both before the write (postgres/new-ticket.ts), so the
 * mails can be composed first and all of it sent in one statement.
 */
export interface TicketDraft {
  year: number;
  row(counter: number): NewTicketRow;
  rest(ticket: TicketRow): {
    event: NewEventRow;
    mails: readonly NewOutboxRow[];
    attachments: readonly AttachmentRow[];
    /** The first answer under an Idempotency-Key, kept with the ticket. */
    idempotency?: { scope: string; key: string; response: Omit<StoredResponse, 'ticketId'>; now: string; expiresAt: string };
  };
}
