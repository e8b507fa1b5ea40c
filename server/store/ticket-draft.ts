import type { AttachmentRow, NewEventRow, NewOutboxRow, NewTicketRow, TicketRow } from './schema.ts';

/** What the first answer under an Idempotency-Key was: a created ticket is the only one recorded. */
export type RecordedOutcome = 'created';

/**
 * The record's outcome in its `status` column (integer, migration 0001), which
 * the first versions filled with 201 for a created ticket: new rows keep that
 * value, so old and new rows read alike whichever version reads them.
 */
export const outcomeColumn = {
  write: (outcome: RecordedOutcome): number => ({ created: 201 })[outcome],
  read: (_column: number): RecordedOutcome => 'created',
};

export interface StoredResponse {
  ticketId: number;
  outcome: RecordedOutcome;
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
