import { type Kysely, sql, type Transaction } from 'kysely';
import type { StateRoles } from './state-roles.ts';
import { isSqlite } from './dialect.ts';
import { walCheckpoint } from './sqlite/group-commit.ts';
import type { Database, OutboxRow, PrivacyRecordTable, TicketRow, TicketTable } from './schema.ts';
import type { Insertable, Selectable, Updateable } from 'kysely';

export type PrivacyRecord = Selectable<PrivacyRecordTable>;

/** Where a retention rule applies: one form, or a queue's tickets of every form without a rule of its own. */
export type RetentionScope = { formId: string } | { queueId: string; exceptForms: readonly string[] };

/** What stays on an anonymised ticket is the caller's rule; these are the columns it rewrites. */
export type AnonymisedTicket = { id: number } & Required<Pick<Updateable<TicketTable>, 'requester_id' | 'requester_email' | 'requester_name' | 'requester_affiliations' | 'data' | 'access_token_hash' | 'anonymised_at'>> &
  Pick<Updateable<TicketTable>, 'state' | 'closed_at' | 'close_reason' | 'updated_at' | 'auto_close_at' | 'pending_until'>;

/** What lives outside the database and must go too: attachment bytes and the dev outbox's copies of the mails. */
export interface RemovedCopies {
  /** The tickets this call anonymised: one another process anonymised meanwhile is left out. */
  ids: number[];
  storageKeys: string[];
  messageIds: string[];
}

/**
 * The queries behind retention, a person's export and erasure (issue 20).
 * Part of the Store (store.ts spreads them in).
 */
export interface PrivacyStore {
  /** Every ticket of a requester by their stable id or their address (an operator's look-up), oldest first, at most `limit`. */
  ticketsOfPerson(person: { id?: string; email?: string }, limit: number): Promise<TicketRow[]>;
  /** Closed tickets of `scope`, not anonymised yet, closed before `closedBefore`, oldest closure first. */
  dueForAnonymisation(scope: RetentionScope, closedBefore: string, limit: number): Promise<TicketRow[]>;
  /**
   * Rewrites `tickets` and removes every copy of their personal data the
   * database holds: message bodies, the requester's name on events, event data
   * other than of `keepEventData` types, attachment rows, their mails, their
   * idempotency records and their rows of the search index. Returns what must
   * be removed outside the database.
   */
  anonymiseTickets(tickets: readonly AnonymisedTicket[], keepEventData: readonly string[]): Promise<RemovedCopies>;
  /** Drops rate-limit windows whose key is one of `keys` or starts with one of `prefixes`. */
  forgetRateLimitKeys(keys: readonly string[], prefixes: readonly string[]): Promise<number>;
  /** Drops anonymous submissions (waiting or confirmed) sent from `email`. */
  forgetPendingSubmissionsOf(email: string): Promise<number>;
  /** Mails about no single ticket (a queue's daily list) whose text holds `text`. */
  mailsWithoutTicketHolding(text: string): Promise<OutboxRow[]>;
  rewriteMail(id: number, body: { subject: string; text: string; html: string }): Promise<void>;
  recordPrivacyAction(record: Insertable<PrivacyRecordTable>): Promise<void>;
  /** The most recent records first. */
  privacyRecords(limit: number): Promise<PrivacyRecord[]>;
  /**
   * After an erasure, outside any transaction. SQLite: the search index merged
   * so its pages hold no deleted word, and the write-ahead log emptied into the
   * database file, whose freed space secure_delete zeroed. PostgreSQL: nothing
   * (its files are not in the data folder; vacuum reclaims dead rows).
   */
  compactAfterErasure(): Promise<void>;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** Bound parameters per statement stay under both dialects' limits. */
const slice = 500;

export function privacyQueries(db: Executor, roles: StateRoles): PrivacyStore {
  return {
    async ticketsOfPerson(person, limit) {
      if (!person.id && !person.email) return [];
      return db
        .selectFrom('tickets')
        .selectAll()
        .where((eb) => {
          const any = [];
          if (person.id) any.push(eb('requester_id', '=', person.id));
          // An operator types an address as they have it: the stored one may differ in case.
          if (person.email) any.push(eb(eb.fn('lower', ['requester_email']), '=', person.email.toLowerCase()));
          return eb.or(any);
        })
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async dueForAnonymisation(scope, closedBefore, limit) {
      let query = db.selectFrom('tickets').selectAll().where('anonymised_at', 'is', null).where('closed_at', 'is not', null).where('state', '=', roles.closed).where('closed_at', '<', closedBefore);
      if ('formId' in scope) query = query.where('form_id', '=', scope.formId);
      else {
        query = query.where('queue_id', '=', scope.queueId);
        if (scope.exceptForms.length > 0) query = query.where('form_id', 'not in', scope.exceptForms);
      }
      return query.orderBy('closed_at').orderBy('id').limit(limit).execute();
    },

    async anonymiseTickets(tickets, keepEventData) {
      const removed: RemovedCopies = { ids: [], storageKeys: [], messageIds: [] };
      for (let i = 0; i < tickets.length; i += slice) {
        const part = tickets.slice(i, i + slice);
        const ids: number[] = [];
        // Only if not anonymised yet: two retention runs at once (two processes) anonymise and count each ticket once.
        for (const { id, ...changes } of part) {
          const row = await db.updateTable('tickets').set({ ...changes, locked_by_id: null, locked_by_name: null, locked_at: null }).where('id', '=', id).where('anonymised_at', 'is', null).returning('id').executeTakeFirst();
          if (row) ids.push(row.id);
        }
        if (ids.length === 0) continue;
        removed.ids.push(...ids);
        await db.updateTable('events').set({ body: null }).where('ticket_id', 'in', ids).where('body', 'is not', null).execute();
        // The requester's own entries, mail held from an unproven sender and an outside approver's decisions (an address the
        // requester named) carried a name: agents' entries keep theirs.
        await db.updateTable('events').set({ author_id: null, author_name: null }).where('ticket_id', 'in', ids).where('author_kind', 'in', ['requester', 'mail', 'approver']).execute();
        let events = db.updateTable('events').set({ data: null }).where('ticket_id', 'in', ids).where('data', 'is not', null);
        if (keepEventData.length > 0) events = events.where('type', 'not in', keepEventData);
        await events.execute();
        const files = await db.deleteFrom('attachments').where('ticket_id', 'in', ids).returning('storage_key').execute();
        removed.storageKeys.push(...files.map((f) => f.storage_key));
        const mails = await db.deleteFrom('outbox').where('ticket_id', 'in', ids).returning('message_id').execute();
        removed.messageIds.push(...mails.map((m) => m.message_id));
        await db.deleteFrom('idempotency_keys').where('ticket_id', 'in', ids).execute();
        // Who was asked to approve, who decided and why: the step's times stay for the figures (time spent waiting on each step).
        await db.updateTable('approval_steps').set({ approver_email: null, approver_name: null, decided_by: null, reason: null }).where('ticket_id', 'in', ids).execute();
        // PostgreSQL's search indexes follow the rows; SQLite's FTS5 table is kept by insert triggers only (migration 0014).
        if (isSqlite(db)) await sql`delete from ticket_search where ticket_id in (${sql.join(ids)})`.execute(db);
      }
      return removed;
    },

    async forgetRateLimitKeys(keys, prefixes) {
      if (keys.length === 0 && prefixes.length === 0) return 0;
      const result = await db
        .deleteFrom('rate_limits')
        .where((eb) =>
          eb.or([
            ...(keys.length > 0 ? [eb('key', 'in', keys)] : []),
            // substr, not LIKE: a key may hold % or _.
            ...prefixes.map((p) => eb(eb.fn('substr', ['key', eb.lit(1), eb.val(p.length)]), '=', p)),
          ]),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async forgetPendingSubmissionsOf(email) {
      const result = await db.deleteFrom('pending_submissions').where('email', '=', email).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async mailsWithoutTicketHolding(text) {
      if (text === '') return [];
      // instr/strpos, not LIKE: a name may hold % or _.
      const holds = (column: 'subject' | 'text' | 'html') => (isSqlite(db) ? sql<number>`instr(${sql.ref(column)}, ${text})` : sql<number>`strpos(${sql.ref(column)}, ${text})`);
      return db
        .selectFrom('outbox')
        .selectAll()
        .where('ticket_id', 'is', null)
        .where((eb) => eb.or([eb(holds('subject'), '>', 0), eb(holds('text'), '>', 0), eb(holds('html'), '>', 0)]))
        .orderBy('id')
        .execute();
    },

    async rewriteMail(id, body) {
      await db.updateTable('outbox').set(body).where('id', '=', id).execute();
    },

    async recordPrivacyAction(record) {
      await db.insertInto('privacy_records').values(record).execute();
    },

    async compactAfterErasure() {
      if (!isSqlite(db)) return;
      await sql`insert into ticket_search (ticket_search) values ('optimize')`.execute(db);
      await sql.raw(walCheckpoint).execute(db);
    },

    async privacyRecords(limit) {
      return db.selectFrom('privacy_records').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
