import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, TicketRow } from '../schema.ts';
import { outcomeColumn, type TicketDraft } from '../ticket-draft.ts';
import { ticketSequenceName, type ticketSequences } from './ticket-numbers.ts';

type Executor = Kysely<Database> | Transaction<Database>;

/** The columns a new ticket row leaves to their defaults, as the insert's RETURNING gives them back. */
const ticketDefaults = {
  locked_by_id: null,
  locked_by_name: null,
  locked_at: null,
  linked_ticket_id: null,
  closed_unanswered_at: null,
  unanswered_listed_at: null,
  overdue_since: null,
  anonymised_at: null,
} satisfies Partial<TicketRow>;

/** `insert into <table> (<columns>) select <values> [from <source>]`: one row per row of `source` (one without), values typed by their columns. */
function insertFrom(table: string, row: Record<string, unknown>, source: string | undefined): RawBuilder<unknown> {
  const columns = Object.keys(row).filter((column) => row[column] !== undefined);
  const values = sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select ${sql.join(columns.map((c) => sql`${row[c]}`))}`;
  return source ? sql`${values} from ${sql.table(source)}` : values;
}

/**
 * A new ticket on PostgreSQL in two round trips instead of ten: its counter
 * and its id (`nextval` of the year's sequence and of the identity column's),
 * then one statement whose data-modifying CTEs write the idempotency record,
 * the ticket, its event, its mails and its attachments. Outside a transaction
 * that statement is its own, committed (durably: synchronous_commit stays on)
 * before it answers. Each write reads the one before it (`from k`, `from t`):
 * when a live idempotency record holds the key, the record's insert gives no
 * row, so nothing is written, and the caller answers with that record.
 */
export async function createTicketPostgres(db: Executor, sequences: ReturnType<typeof ticketSequences>, draft: TicketDraft): Promise<TicketRow> {
  const idSequence = sql`pg_get_serial_sequence('tickets', 'id')`;
  let counter: number;
  let id: number;
  if (sequences.known(draft.year)) {
    const { rows } = await sql<{ counter: string; id: string }>`select nextval(${ticketSequenceName(draft.year)}::regclass) as counter, nextval(${idSequence}) as id`.execute(db);
    counter = Number(rows[0]!.counter);
    id = Number(rows[0]!.id);
  } else {
    // The year's first ticket in this process: the sequence may have to be created (ticket-numbers.ts).
    counter = await sequences(db, draft.year);
    const { rows } = await sql<{ id: string }>`select nextval(${idSequence}) as id`.execute(db);
    id = Number(rows[0]!.id);
  }
  const row = { ...draft.row(counter), id };
  const { event, mails, attachments, idempotency } = draft.rest({ ...ticketDefaults, ...row } as TicketRow);

  const ctes: RawBuilder<unknown>[] = [];
  let ticketSource: string | undefined;
  if (idempotency) {
    const record = {
      scope: idempotency.scope,
      key: idempotency.key,
      ticket_id: id,
      status: outcomeColumn.write(idempotency.response.outcome),
      response: JSON.stringify(idempotency.response.body),
      request_hash: idempotency.response.requestHash,
      created_at: idempotency.now,
      expires_at: idempotency.expiresAt,
    };
    const columns = Object.keys(record) as (keyof typeof record)[];
    // As saveIdempotentResponse: an expired record under the key gives way, a live one stays (and then k is empty).
    ctes.push(sql`k as (insert into idempotency_keys (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => sql`${record[c]}`))})
      on conflict (scope, key) do update set ${sql.join(columns.filter((c) => c !== 'scope' && c !== 'key').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}
      where idempotency_keys.expires_at <= ${idempotency.now} returning 1)`);
    ticketSource = 'k';
  }
  ctes.push(sql`t as (${insertFrom('tickets', row, ticketSource)} returning *)`);
  ctes.push(sql`e as (${insertFrom('events', { ...event, ticket_id: id }, 't')})`);
  // Each mail's insert reads the one before it, so their ids follow their order, as their delivery does (CTEs run in no set order).
  let previous = 't';
  mails.forEach((mail, i) => {
    ctes.push(sql`${sql.id(`m${i}`)} as (${insertFrom('outbox', { ...mail, ticket_id: id }, previous)} returning 1)`);
    previous = `m${i}`;
  });
  attachments.forEach((attachment, i) => ctes.push(sql`${sql.id(`a${i}`)} as (${insertFrom('attachments', { ...attachment, ticket_id: id }, 't')})`));
  const { rows } = await sql<TicketRow>`with ${sql.join(ctes)} select * from t`.execute(db);
  if (!rows[0]) throw new Error(`an unexpired idempotency record holds ${idempotency?.scope} ${idempotency?.key}`);
  return rows[0];
}
