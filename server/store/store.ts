import { type Kysely, sql, type Transaction } from 'kysely';
import type { Updateable } from 'kysely';
import { searchTicketsPostgres } from './postgres/search.ts';
import { createTicketPostgres } from './postgres/new-ticket.ts';
import { ticketSequences } from './postgres/ticket-numbers.ts';
import { searchTicketsSqlite } from './sqlite/search.ts';
import type { ApprovalStepRow, AttachmentRow, Database, EventRow, NewEventRow, NewOutboxRow, NewTicketRow, OutboxRow, TicketRow, TicketTable } from './schema.ts';
import { isSqlite } from './dialect.ts';
import { privacyQueries, type PrivacyStore } from './privacy.ts';
import { protectionQueries, type ProtectionStore } from './protection.ts';
import { reportQueries, type ReportStore } from './reports.ts';
import type { StateRoles } from './state-roles.ts';
import { approvalQueries, type ApprovalStore } from './approvals.ts';

export type TicketUpdate = Omit<Updateable<TicketTable>, 'id' | 'number' | 'access_token_hash' | 'created_at'>;

export type { StoredResponse, TicketDraft } from './ticket-draft.ts';
import { outcomeColumn, type StoredResponse, type TicketDraft } from './ticket-draft.ts';

/** Every query Guichet runs; nothing outside store/ knows SQL or the dialect. */
export interface Store extends ProtectionStore, ReportStore, PrivacyStore, ApprovalStore {
  /** Runs `work` in one transaction: everything in it commits together or not at all. */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;

  /**
   * The next counter of `year`, unique across processes sharing the database.
   * Gapless on SQLite; on PostgreSQL a rolled-back transaction's counter is
   * not handed out again (postgres/ticket-numbers.ts).
   */
  nextTicketCounter(year: number): Promise<number>;
  insertTicket(ticket: NewTicketRow): Promise<TicketRow>;
  /**
   * Writes a drafted ticket, its event, mails, attachments and idempotency
   * record, committed together (in the caller's transaction, if any). Rejects,
   * writing nothing, when an unexpired idempotency record holds the key, as
   * saveIdempotentResponse does. SQLite: statement by statement in a
   * transaction. PostgreSQL: one round trip for the id and the number, one
   * statement for the rest.
   */
  createTicket(draft: TicketDraft): Promise<TicketRow>;
  /**
   * `forUpdate` (inside a transaction): on PostgreSQL the row stays locked until
   * it ends, so a concurrent writer waits and then reads what this one wrote;
   * SQLite's writers already run one at a time (BEGIN IMMEDIATE).
   */
  findTicketByNumber(number: string, options?: { forUpdate?: boolean }): Promise<TicketRow | undefined>;
  /** A ticket with its public events (oldest first), its attachments (in the order sent) and its approval steps (in order), read in one query. */
  ticketAsRequesterSees(number: string): Promise<{ ticket: TicketRow; events: EventRow[]; attachments: AttachmentRow[]; steps: ApprovalStepRow[] } | undefined>;
  ticketsOfRequester(requesterId: string, limit: number): Promise<TicketRow[]>;
  ticketsOfQueue(queueId: string, states: readonly string[] | undefined, limit: number): Promise<TicketRow[]>;
  /** Tickets of `queueIds` whose number holds `numberPart`, or whose requester, answers or messages hold every word (as prefixes); most recently active first. */
  searchTickets(queueIds: readonly string[], words: readonly string[], numberPart: string | undefined, limit: number): Promise<TicketRow[]>;
  countByQueueAndState(): Promise<{ queue_id: string; state: string; count: number }[]>;
  /**
   * Applies `changes` only if the ticket is still in `expectedState`: two
   * processes (or an agent and the sweep) cannot both move the same ticket.
   * `guard.lockedById`: only if the lock is still held by that agent (null: by nobody).
   */
  updateTicket(id: number, expectedState: string, changes: TicketUpdate, guard?: { lastActivityAt?: string; lockedById?: string | null }): Promise<TicketRow | undefined>;
  /** Tickets the sweep must close at `now`, oldest first, at most `limit`. */
  dueForClosure(now: string, idleCutoffs: readonly { queueId: string; before: string }[], limit: number): Promise<{ ticket: TicketRow; reason: 'idle' | 'scheduled' }[]>;
  findTicketById(id: number): Promise<TicketRow | undefined>;
  /**
   * Closes those of `ids` that are still due when the UPDATE runs (the same
   * condition the search used), in one statement; returns the closed rows.
   * Another sweep, or activity meanwhile, makes a ticket simply not match.
   */
  closeDue(ids: readonly number[], due: { scheduledBy: string } | { idleBefore: string }, changes: TicketUpdate): Promise<TicketRow[]>;
  appendEvents(events: readonly NewEventRow[]): Promise<void>;
  enqueueMails(mails: readonly NewOutboxRow[]): Promise<void>;
  /** Those of `ids` that carry an agent's public word (a reply, an approval, a state the requester saw). */
  answeredByAgent(ids: readonly number[]): Promise<Set<number>>;
  /** Flags overdue those of `ids` still new or open and idle since before `idleBefore`; returns the flagged rows. */
  flagOverdue(ids: readonly number[], idleBefore: string, at: string): Promise<TicketRow[]>;
  /** Records the daily list of `queueId` for local `day`; false when a sweep (of any process) already did. */
  claimQueueDigest(queueId: string, day: string, at: string): Promise<boolean>;
  /** Unanswered closures of a queue that no daily list named yet, oldest first. */
  unlistedUnansweredClosures(queueId: string): Promise<TicketRow[]>;
  markUnansweredListed(ids: readonly number[], at: string): Promise<void>;
  /** A queue's requests closed unanswered since `since`, most recent first. */
  unansweredClosuresSince(queueId: string, since: string, limit: number): Promise<TicketRow[]>;

  appendEvent(event: NewEventRow): Promise<void>;
  eventsOf(ticketId: number, options: { publicOnly: boolean }): Promise<EventRow[]>;

  enqueueMail(mail: NewOutboxRow): Promise<void>;
  /**
   * Claims for `worker`, until `until`, at most `limit` due mails that no other
   * worker holds (or whose claim expired), oldest first. Two workers never get
   * the same mail: PostgreSQL skips rows another claim is locking (FOR UPDATE
   * SKIP LOCKED); SQLite runs one writer at a time.
   */
  claimDueMails(worker: string, now: string, until: string, limit: number): Promise<OutboxRow[]>;
  /** Extends `worker`'s claim on a mail before sending it; false when the claim was lost (expired and taken, or the mail is done). */
  renewMailClaim(id: number, worker: string, until: string): Promise<boolean>;
  /** Gives back every mail `worker` holds and has not sent, for another worker to send. */
  releaseMailClaims(worker: string): Promise<number>;
  /** Gives back the unsent mails claimed by earlier runs (`installation/…`) of the installation `worker` runs for. */
  releaseEarlierClaims(installation: string, worker: string): Promise<number>;
  /** Marks a mail sent; false when another worker got there first. */
  /** Marks a mail sent and keeps `body` (its copy without tokens, mail/scrub.ts) in place of what was sent. */
  markMailSent(id: number, at: string, body: { text: string; html: string }): Promise<boolean>;
  markMailFailed(id: number, attempts: number, nextAttemptAt: string, error: string, givesUp: boolean): Promise<void>;
  mailsOf(ticketId: number): Promise<OutboxRow[]>;
  /** Automatic mails sent to `address` since `since`, counted up to `atMost`. */
  automaticMailsSentTo(address: string, since: string, atMost: number): Promise<number>;
  markMailSuppressed(id: number, reason: string): Promise<void>;

  findIdempotentResponse(scope: string, key: string, now: string): Promise<StoredResponse | undefined>;
  /** Rejects when an unexpired record holds the key (a concurrent attempt with it committed first). */
  saveIdempotentResponse(scope: string, key: string, response: StoredResponse, now: string, expiresAt: string): Promise<void>;
  forgetExpiredIdempotency(now: string): Promise<number>;

  countTickets(): Promise<number>;

  insertAttachments(attachments: readonly AttachmentRow[]): Promise<void>;
  /** A ticket's attachments in the order they were sent. */
  attachmentsOf(ticketId: number): Promise<AttachmentRow[]>;
  findAttachment(ticketId: number, id: string): Promise<AttachmentRow | undefined>;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** The columns SQLite's json_object must name one by one (PostgreSQL turns a whole row into JSON). */
const rowColumns = {
  events: ['id', 'ticket_id', 'at', 'type', 'author_kind', 'author_id', 'author_name', 'public', 'body', 'data'],
  attachments: ['id', 'ticket_id', 'position', 'field_id', 'name', 'type', 'size', 'storage_key', 'created_at'],
  approval_steps: [
    'id', 'ticket_id', 'position', 'step_id', 'outside', 'approver_email', 'approver_name', 'approver_lang', 'state', 'round', 'started_at',
    'decided_at', 'decided_by', 'reason', 'link_expires_at', 'reminders_sent', 'reminded_at', 'stuck_at',
  ],
} satisfies { events: (keyof EventRow)[]; attachments: (keyof AttachmentRow)[]; approval_steps: (keyof ApprovalStepRow)[] };

function queries(db: Executor, transaction: Store['transaction'], fromSequence: ReturnType<typeof ticketSequences> | undefined, roles: StateRoles): Store {
  return {
    transaction,
    ...protectionQueries(db),
    ...reportQueries(db, roles),
    ...privacyQueries(db, roles),
    ...approvalQueries(db),

    async nextTicketCounter(year) {
      if (fromSequence) return fromSequence(db, year);
      // SQLite runs one writer at a time: the year's row costs no wait there.
      const row = await db
        .insertInto('ticket_counters')
        .values({ year, last: 1 })
        .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ last: eb('ticket_counters.last', '+', 1) })))
        .returning('last')
        .executeTakeFirstOrThrow();
      return row.last;
    },

    async insertTicket(ticket) {
      return db.insertInto('tickets').values(ticket).returningAll().executeTakeFirstOrThrow();
    },

    async createTicket(draft) {
      if (fromSequence) return createTicketPostgres(db, fromSequence, draft);
      return transaction(async (tx) => {
        const ticket = await tx.insertTicket(draft.row(await tx.nextTicketCounter(draft.year)));
        const { event, mails, attachments, idempotency } = draft.rest(ticket);
        await tx.appendEvent(event);
        await tx.enqueueMails(mails);
        await tx.insertAttachments(attachments);
        if (idempotency) await tx.saveIdempotentResponse(idempotency.scope, idempotency.key, { ...idempotency.response, ticketId: ticket.id }, idempotency.now, idempotency.expiresAt);
        return ticket;
      });
    },

    async findTicketByNumber(number, options) {
      const query = db.selectFrom('tickets').selectAll().where('number', '=', number);
      return (options?.forUpdate && !isSqlite(db) ? query.forUpdate() : query).executeTakeFirst();
    },

    async ticketAsRequesterSees(number) {
      // The rows of the ticket's events, attachments and approval steps as JSON arrays beside its own columns.
      const rowsOf = (table: 'events' | 'attachments' | 'approval_steps', filter: string, order: string) =>
        isSqlite(db)
          ? sql<string>`(select json_group_array(json(r)) from (select json_object(${sql.join(rowColumns[table].flatMap((c) => [sql.lit(c), sql.ref(`x.${c}`)]))}) as r
              from ${sql.table(table)} x where x.ticket_id = tickets.id ${sql.raw(filter)} order by ${sql.ref(`x.${order}`)}))`
          : sql<string>`(select coalesce(json_agg(x order by ${sql.ref(`x.${order}`)}), '[]')::text from ${sql.table(table)} x where x.ticket_id = tickets.id ${sql.raw(filter)})`;
      const row = await db
        .selectFrom('tickets')
        .selectAll()
        .select([
          rowsOf('events', 'and x.public = 1', 'id').as('public_events'),
          rowsOf('attachments', '', 'position').as('attachment_rows'),
          rowsOf('approval_steps', '', 'position').as('approval_step_rows'),
        ])
        .where('number', '=', number)
        .executeTakeFirst();
      if (!row) return undefined;
      const { public_events, attachment_rows, approval_step_rows, ...ticket } = row;
      return {
        ticket,
        events: JSON.parse(public_events) as EventRow[],
        attachments: JSON.parse(attachment_rows) as AttachmentRow[],
        steps: JSON.parse(approval_step_rows) as ApprovalStepRow[],
      };
    },

    async ticketsOfRequester(requesterId, limit) {
      return db
        .selectFrom('tickets')
        .selectAll()
        .where('requester_id', '=', requesterId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async ticketsOfQueue(queueId, states, limit) {
      let query = db.selectFrom('tickets').selectAll().where('queue_id', '=', queueId);
      if (states && states.length > 0) query = query.where('state', 'in', states);
      // Overdue requests (flagged after their last activity) first, then the most recently active.
      const overdueFirst = sql<number>`case when overdue_since is not null and overdue_since > last_activity_at then 0 else 1 end`;
      return query.orderBy(overdueFirst).orderBy('last_activity_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },

    async searchTickets(queueIds, words, numberPart, limit) {
      return (isSqlite(db) ? searchTicketsSqlite : searchTicketsPostgres)(db, queueIds, words, numberPart, limit);
    },

    async countByQueueAndState() {
      const rows = await db
        .selectFrom('tickets')
        .select(['queue_id', 'state', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy(['queue_id', 'state'])
        .execute();
      return rows.map((r) => ({ ...r, count: Number(r.count) }));
    },

    async updateTicket(id, expectedState, changes, guard) {
      let query = db.updateTable('tickets').set(changes).where('id', '=', id).where('state', '=', expectedState);
      if (guard?.lastActivityAt) query = query.where('last_activity_at', '=', guard.lastActivityAt);
      if (guard?.lockedById !== undefined) query = guard.lockedById === null ? query.where('locked_by_id', 'is', null) : query.where('locked_by_id', '=', guard.lockedById);
      return query.returningAll().executeTakeFirst();
    },

    async dueForClosure(now, idleCutoffs, limit) {
      const scheduled = await db
        .selectFrom('tickets')
        .selectAll()
        .where('state', '=', roles.scheduledClosing)
        .where('auto_close_at', '<=', now)
        .orderBy('auto_close_at')
        .limit(limit)
        .execute();
      const due: { ticket: TicketRow; reason: 'idle' | 'scheduled' }[] = scheduled.map((ticket) => ({ ticket, reason: 'scheduled' }));
      // One state at a time, so each search walks its index in order instead of sorting all due rows.
      for (const { queueId, before } of idleCutoffs) {
        for (const state of roles.idle) {
          if (due.length >= limit) break;
          const idle = await db
            .selectFrom('tickets')
            .selectAll()
            .where('queue_id', '=', queueId)
            .where('state', '=', state)
            .where('last_activity_at', '<', before)
            // Waiting for an approver outside the queue: not idle, whatever the clock says.
            .where('awaiting_approver_since', 'is', null)
            // Flagged overdue since its last activity: already seen by the sweep, waiting for an agent.
            .where((eb) => eb.or([eb('overdue_since', 'is', null), eb('overdue_since', '<', eb.ref('last_activity_at'))]))
            .orderBy('last_activity_at')
            .limit(limit - due.length)
            .execute();
          for (const ticket of idle) due.push({ ticket, reason: 'idle' });
        }
      }
      return due;
    },

    async closeDue(ids, due, changes) {
      if (ids.length === 0) return [];
      let query = db.updateTable('tickets').set(changes).where('id', 'in', ids);
      query =
        'scheduledBy' in due
          ? query.where('state', '=', roles.scheduledClosing).where('auto_close_at', '<=', due.scheduledBy)
          : query.where('state', 'in', roles.idle).where('last_activity_at', '<', due.idleBefore).where('awaiting_approver_since', 'is', null);
      return query.returningAll().execute();
    },

    async answeredByAgent(ids) {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('events').select('ticket_id').distinct().where('ticket_id', 'in', ids).where('author_kind', '=', 'agent').where('public', '=', 1).execute();
      return new Set(rows.map((r) => r.ticket_id));
    },

    async flagOverdue(ids, idleBefore, at) {
      if (ids.length === 0) return [];
      return db
        .updateTable('tickets')
        .set({ overdue_since: at })
        .where('id', 'in', ids)
        .where('state', 'in', roles.idle)
        .where('last_activity_at', '<', idleBefore)
        .where('awaiting_approver_since', 'is', null)
        .returningAll()
        .execute();
    },

    async claimQueueDigest(queueId, day, at) {
      const inserted = await db
        .insertInto('queue_digests')
        .values({ queue_id: queueId, day, sent_at: at })
        .onConflict((oc) => oc.columns(['queue_id', 'day']).doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async unlistedUnansweredClosures(queueId) {
      return db
        .selectFrom('tickets')
        .selectAll()
        .where('queue_id', '=', queueId)
        .where('closed_unanswered_at', 'is not', null)
        .where('unanswered_listed_at', 'is', null)
        .orderBy('closed_unanswered_at')
        .execute();
    },

    async markUnansweredListed(ids, at) {
      if (ids.length > 0) await db.updateTable('tickets').set({ unanswered_listed_at: at }).where('id', 'in', ids).execute();
    },

    async unansweredClosuresSince(queueId, since, limit) {
      return db
        .selectFrom('tickets')
        .selectAll()
        .where('queue_id', '=', queueId)
        .where('closed_unanswered_at', '>=', since)
        .where('state', '=', roles.closed)
        .orderBy('closed_unanswered_at', 'desc')
        .limit(limit)
        .execute();
    },

    async appendEvents(events) {
      if (events.length > 0) await db.insertInto('events').values([...events]).execute();
    },

    async enqueueMails(mails) {
      if (mails.length > 0) await db.insertInto('outbox').values([...mails]).execute();
    },

    async findTicketById(id) {
      return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async appendEvent(event) {
      await db.insertInto('events').values(event).execute();
    },

    async eventsOf(ticketId, { publicOnly }) {
      let query = db.selectFrom('events').selectAll().where('ticket_id', '=', ticketId);
      if (publicOnly) query = query.where('public', '=', 1);
      return query.orderBy('id').execute();
    },

    async enqueueMail(mail) {
      await db.insertInto('outbox').values(mail).execute();
    },

    async claimDueMails(worker, now, until, limit) {
      let due = db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', sql.lit('pending'))
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
        // Earliest due first, in the order of outbox_due (status, next_attempt_at, then the row id): the index hands
        // the batch over in order and the read stops after it. Ordered by id alone, SQLite read and sorted the whole
        // backlog for every batch (0.45 s for 270,000 pending mails, on the event loop), so a backlog slowed its own
        // delivery and every request beside it.
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      if (!isSqlite(db)) due = due.forUpdate().skipLocked();
      const claimed = await db.updateTable('outbox').set({ claimed_by: worker, claim_expires_at: until }).where('id', 'in', due).returningAll().execute();
      return claimed.sort((a, b) => a.id - b.id);
    },

    async renewMailClaim(id, worker, until) {
      const result = await db
        .updateTable('outbox')
        .set({ claim_expires_at: until })
        .where('id', '=', id)
        .where('claimed_by', '=', worker)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async releaseMailClaims(worker) {
      const result = await db
        .updateTable('outbox')
        .set({ claimed_by: null, claim_expires_at: null })
        .where('claimed_by', '=', worker)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async releaseEarlierClaims(installation, worker) {
      const prefix = `${installation}/`;
      const result = await db
        .updateTable('outbox')
        .set({ claimed_by: null, claim_expires_at: null })
        .where('status', '=', 'pending')
        .where((eb) => eb(eb.fn('substr', ['claimed_by', eb.lit(1), eb.val(prefix.length)]), '=', prefix))
        .where('claimed_by', '!=', worker)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async markMailSent(id, at, body) {
      const result = await db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: at, last_error: null, text: body.text, html: body.html })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async markMailFailed(id, attempts, nextAttemptAt, error, givesUp) {
      await db
        .updateTable('outbox')
        .set({ attempts, next_attempt_at: nextAttemptAt, last_error: error.slice(0, 2000), status: givesUp ? 'failed' : 'pending', claimed_by: null, claim_expires_at: null })
        .where('id', '=', id)
        .execute();
    },

    async automaticMailsSentTo(address, since, atMost) {
      // Counted up to `atMost` only: an address that receives much (a shared desk) would otherwise cost a scan of all its mail for each mail.
      const sent = db
        .selectFrom('outbox')
        .select('id')
        .where('to_address', '=', address)
        .where('sent_at', '>=', since)
        .where('automatic', '=', 1)
        .limit(atMost)
        .as('sent');
      const row = await db
        .selectFrom(sent)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async markMailSuppressed(id, reason) {
      await db.updateTable('outbox').set({ status: 'suppressed', last_error: reason }).where('id', '=', id).where('status', '=', 'pending').execute();
    },

    async mailsOf(ticketId) {
      return db.selectFrom('outbox').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
    },

    async findIdempotentResponse(scope, key, now) {
      const row = await db
        .selectFrom('idempotency_keys')
        .select(['ticket_id', 'status', 'response', 'request_hash'])
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { ticketId: row.ticket_id, outcome: outcomeColumn.read(row.status), body: JSON.parse(row.response), requestHash: row.request_hash };
    },

    async saveIdempotentResponse(scope, key, response, now, expiresAt) {
      // One statement: an expired record under the same key gives way to the new one, a live one stays.
      const record = {
        ticket_id: response.ticketId,
        status: outcomeColumn.write(response.outcome),
        response: JSON.stringify(response.body),
        request_hash: response.requestHash,
        created_at: now,
        expires_at: expiresAt,
      };
      const saved = await db
        .insertInto('idempotency_keys')
        .values({ scope, key, ...record })
        .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet(record).where('idempotency_keys.expires_at', '<=', now))
        .returning('key')
        .executeTakeFirst();
      // As the primary key would have: the transaction rolls back, and the caller answers with the live record.
      if (!saved) throw new Error(`an unexpired idempotency record holds ${scope} ${key}`);
    },

    async forgetExpiredIdempotency(now) {
      const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async countTickets() {
      const row = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insertAttachments(attachments) {
      if (attachments.length > 0) await db.insertInto('attachments').values([...attachments]).execute();
    },

    async attachmentsOf(ticketId) {
      return db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticketId).orderBy('position').execute();
    },

    async findAttachment(ticketId, id) {
      return db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticketId).where('id', '=', id).executeTakeFirst();
    },
  };
}

export function createStore(db: Kysely<Database>, roles: StateRoles): Store {
  const fromSequence = isSqlite(db) ? undefined : ticketSequences();
  return queries(
    db,
    (work) =>
      db.transaction().execute((trx) => {
        // Kysely has no nested transactions: work started inside one joins it.
        const inner: Store = queries(trx, (nested) => nested(inner), fromSequence, roles);
        return work(inner);
      }),
    fromSequence,
    roles,
  );
}
