import type { Kysely, Transaction, Updateable } from 'kysely';
import { isSqlite } from './dialect.ts';
import type { ApprovalStepRow, ApprovalStepTable, Database, NewApprovalStepRow } from './schema.ts';

export type ApprovalStepUpdate = Omit<Updateable<ApprovalStepTable>, 'id' | 'ticket_id' | 'position' | 'step_id' | 'outside'>;

/** What a step must still be for a change to apply: its state and round, and (for reminders) its count and not stuck. */
export interface ExpectedStep {
  state: string;
  round: number;
  remindersSent?: number;
  notStuck?: boolean;
}

/** A decided step's wait, for the service figures. */
export interface StepWait {
  queue_id: string;
  form_id: string;
  step_id: string;
  started_at: string;
  decided_at: string;
}

/** The queries behind approval steps (migration 0016). Part of the Store (store.ts spreads them in). */
export interface ApprovalStore {
  insertApprovalSteps(rows: readonly NewApprovalStepRow[]): Promise<void>;
  /** A ticket's steps in order. */
  approvalStepsOf(ticketId: number): Promise<ApprovalStepRow[]>;
  /** The steps of several tickets at once (a queue's list), in order per ticket. */
  approvalStepsOfTickets(ticketIds: readonly number[]): Promise<ApprovalStepRow[]>;
  /** One step; `forUpdate` locks it until the transaction ends on PostgreSQL. */
  findApprovalStep(id: number, options?: { forUpdate?: boolean }): Promise<ApprovalStepRow | undefined>;
  /** Applies `changes` only if the step is still in `expected` (state and round); the row after, or undefined. */
  updateApprovalStep(id: number, expected: ExpectedStep, changes: ApprovalStepUpdate): Promise<ApprovalStepRow | undefined>;
  /** Current steps decided outside the queue, longest waiting first, at most `limit`: the reminders' candidates. */
  currentOutsideSteps(limit: number): Promise<ApprovalStepRow[]>;
  /** Steps of tickets now in one of `queueIds` decided in [from, to). */
  stepWaitsBetween(queueIds: readonly string[], from: string, to: string): Promise<StepWait[]>;
}

type Executor = Kysely<Database> | Transaction<Database>;

export function approvalQueries(db: Executor): ApprovalStore {
  return {
    async insertApprovalSteps(rows) {
      if (rows.length > 0) await db.insertInto('approval_steps').values([...rows]).execute();
    },

    async approvalStepsOf(ticketId) {
      return db.selectFrom('approval_steps').selectAll().where('ticket_id', '=', ticketId).orderBy('position').execute();
    },

    async approvalStepsOfTickets(ticketIds) {
      const found: ApprovalStepRow[] = [];
      for (let i = 0; i < ticketIds.length; i += 1000) {
        found.push(...(await db.selectFrom('approval_steps').selectAll().where('ticket_id', 'in', ticketIds.slice(i, i + 1000)).orderBy('ticket_id').orderBy('position').execute()));
      }
      return found;
    },

    async findApprovalStep(id, options) {
      const query = db.selectFrom('approval_steps').selectAll().where('id', '=', id);
      return (options?.forUpdate && !isSqlite(db) ? query.forUpdate() : query).executeTakeFirst();
    },

    async updateApprovalStep(id, expected, changes) {
      let query = db.updateTable('approval_steps').set(changes).where('id', '=', id).where('state', '=', expected.state).where('round', '=', expected.round);
      if (expected.remindersSent !== undefined) query = query.where('reminders_sent', '=', expected.remindersSent);
      if (expected.notStuck) query = query.where('stuck_at', 'is', null);
      return query.returningAll().executeTakeFirst();
    },

    async currentOutsideSteps(limit) {
      return db.selectFrom('approval_steps').selectAll().where('outside', '=', 1).where('state', '=', 'current').orderBy('started_at').orderBy('id').limit(limit).execute();
    },

    async stepWaitsBetween(queueIds, from, to) {
      if (queueIds.length === 0) return [];
      const rows = await db
        .selectFrom('approval_steps')
        .innerJoin('tickets', 'tickets.id', 'approval_steps.ticket_id')
        .select(['tickets.queue_id', 'tickets.form_id', 'approval_steps.step_id', 'approval_steps.started_at', 'approval_steps.decided_at'])
        .where('tickets.queue_id', 'in', queueIds)
        .where('approval_steps.decided_at', '>=', from)
        .where('approval_steps.decided_at', '<', to)
        .where('approval_steps.started_at', 'is not', null)
        .orderBy('approval_steps.decided_at')
        .execute();
      return rows.map((r) => ({ ...r, started_at: r.started_at!, decided_at: r.decided_at! }));
    },
  };
}
