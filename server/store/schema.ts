import type { Generated, Insertable, Selectable } from 'kysely';

/** Times are ISO-8601 UTC strings (Date#toISOString): portable across dialects and ordered as text. */
type Instant = string;

export interface TicketTable {
  id: Generated<number>;
  number: string;
  form_id: string;
  form_version: number;
  queue_id: string;
  state: string;
  requester_id: string;
  requester_email: string;
  requester_name: string;
  requester_affiliations: string;
  lang: string;
  data: string;
  access_token_hash: string;
  created_at: Instant;
  updated_at: Instant;
  last_activity_at: Instant;
  pending_until: Instant | null;
  auto_close_at: Instant | null;
  closed_at: Instant | null;
  close_reason: string | null;
  locked_by_id: Generated<string | null>;
  locked_by_name: Generated<string | null>;
  locked_at: Generated<string | null>;
  linked_ticket_id: Generated<number | null>;
  /** Closed by the sweep with no agent's answer on it (migration 0013); `unanswered_listed_at` once the queue's daily list named it. */
  closed_unanswered_at: Generated<Instant | null>;
  unanswered_listed_at: Generated<Instant | null>;
  /** Idle past its queue's limit with no agent's answer, in a queue that keeps such requests open; stale once activity is later. */
  overdue_since: Generated<Instant | null>;
  /** When its requester, answers, messages and files were removed (migration 0015); the rest stays for the figures. */
  anonymised_at: Generated<Instant | null>;
  /** Set while the current approval step waits for an approver outside the queue (migration 0016): the sweep never closes it. */
  awaiting_approver_since: Generated<Instant | null>;
}

/** One approval step of a ticket (migration 0016; services/approvals.ts). */
export interface ApprovalStepTable {
  id: Generated<number>;
  ticket_id: number;
  position: number;
  /** The step's id in the form definition. */
  step_id: string;
  /** 1: decided through a mailed link, outside the queue; 0: by the queue's agents. */
  outside: number;
  approver_email: string | null;
  approver_name: string | null;
  approver_lang: string | null;
  /** `waiting` (a later step), `current`, `approved`, `declined`, or `cancelled` (the request closed first). */
  state: string;
  /** Raised by each re-send or re-route: only links of the current round decide. */
  round: number;
  started_at: Instant | null;
  decided_at: Instant | null;
  decided_by: string | null;
  reason: string | null;
  link_expires_at: Instant | null;
  reminders_sent: number;
  reminded_at: Instant | null;
  /** When the queue was told nobody answers (or nobody could be found to ask). */
  stuck_at: Instant | null;
}

/** One export, erasure or retention run (migration 0015): never who it was about. */
export interface PrivacyRecordTable {
  id: Generated<number>;
  at: Instant;
  action: string;
  /** Who ran it: `cli`, `schedule`, `admin-token`, `agent:<id>` for an admin signed in, `requester` for one's own export. */
  actor: string;
  /** How many requests it covered. */
  requests: number;
}

/** One row per queue and local day: the daily list of unanswered closures left (migration 0013). */
export interface QueueDigestTable {
  queue_id: string;
  day: string;
  sent_at: Instant;
}

export interface TicketCounterTable {
  year: number;
  last: number;
}

export interface EventTable {
  id: Generated<number>;
  ticket_id: number;
  at: Instant;
  type: string;
  author_kind: string;
  author_id: string | null;
  author_name: string | null;
  public: number;
  body: string | null;
  data: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  ticket_id: number | null;
  kind: string;
  message_id: string;
  to_address: string;
  reply_to: string | null;
  subject: string;
  text: string;
  html: string;
  headers: string;
  status: string;
  attempts: number;
  next_attempt_at: Instant;
  last_error: string | null;
  created_at: Instant;
  sent_at: Instant | null;
  automatic: Generated<number>;
  /** The delivery worker holding the mail until `claim_expires_at` (migration 0007). */
  claimed_by: Generated<string | null>;
  claim_expires_at: Generated<Instant | null>;
}

export interface IdempotencyTable {
  key: string;
  scope: string;
  ticket_id: number;
  status: number;
  response: string;
  /** A hash of the request the answer was for (migration 0012); null for records from before. */
  request_hash: Generated<string | null>;
  created_at: Instant;
  expires_at: Instant;
}

/** One fixed window of one rate-limit key (migration 0005). */
export interface RateLimitTable {
  key: string;
  window_start: Instant;
  count: number;
  expires_at: Instant;
}

/** An ALTCHA challenge whose solution was accepted once: a second use is refused. */
export interface AltchaUsedTable {
  id: string;
  expires_at: Instant;
}

/** An anonymous submission waiting for its requester to confirm the email address. */
export interface PendingSubmissionTable {
  id: Generated<number>;
  token_hash: string;
  form_id: string;
  idempotency_scope: string;
  email: string;
  name: string | null;
  lang: string;
  data: string;
  created_at: Instant;
  expires_at: Instant;
  confirmed_at: Instant | null;
}

/** A file sent with a submission; its bytes are in the attachment store under `storage_key` (migration 0006). */
export interface AttachmentTable {
  id: string;
  ticket_id: number;
  /** The order the files were sent in, within the ticket. */
  position: number;
  field_id: string;
  /** The sender's file name, sanitized: shown and offered on download, never a path. */
  name: string;
  /** The MIME type detected from the content. */
  type: string;
  size: number;
  storage_key: string;
  created_at: Instant;
}

export interface Database {
  tickets: TicketTable;
  ticket_counters: TicketCounterTable;
  events: EventTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyTable;
  rate_limits: RateLimitTable;
  altcha_used: AltchaUsedTable;
  pending_submissions: PendingSubmissionTable;
  attachments: AttachmentTable;
  queue_digests: QueueDigestTable;
  privacy_records: PrivacyRecordTable;
  approval_steps: ApprovalStepTable;
}

export type TicketRow = Selectable<TicketTable>;
export type NewTicketRow = Insertable<TicketTable>;
export type EventRow = Selectable<EventTable>;
export type NewEventRow = Insertable<EventTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type PendingSubmissionRow = Selectable<PendingSubmissionTable>;
export type NewPendingSubmissionRow = Insertable<PendingSubmissionTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type ApprovalStepRow = Selectable<ApprovalStepTable>;
export type NewApprovalStepRow = Insertable<ApprovalStepTable>;
