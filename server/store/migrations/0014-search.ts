import { type Kysely, sql } from 'kysely';
import { isSqlite } from '../dialect.ts';

/**
 * The agents' search: a request by its number, its requester's name or
 * address, or any word of its answers and messages, as the agent types.
 * SQLite: an FTS5 table (one row per ticket, one per message), kept by
 * triggers so no write path has to remember it. PostgreSQL: full-text
 * indexes on the same texts ('simple': no stemming, names and codes stay as
 * typed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    await sql`create virtual table ticket_search using fts5(ticket_id unindexed, content, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
    await sql`insert into ticket_search (ticket_id, content) select id, requester_name || ' ' || requester_email || ' ' || data from tickets`.execute(db);
    await sql`insert into ticket_search (ticket_id, content) select ticket_id, body from events where body is not null`.execute(db);
    await sql`create trigger ticket_search_ticket after insert on tickets begin
      insert into ticket_search (ticket_id, content) values (new.id, new.requester_name || ' ' || new.requester_email || ' ' || new.data);
    end`.execute(db);
    await sql`create trigger ticket_search_event after insert on events when new.body is not null begin
      insert into ticket_search (ticket_id, content) values (new.ticket_id, new.body);
    end`.execute(db);
    return;
  }
  // Punctuation becomes a space first, as FTS5's tokenizer does: an address or a JSON text splits into its words.
  await sql`create index tickets_search on tickets using gin (to_tsvector('simple', regexp_replace(requester_name || ' ' || requester_email || ' ' || data, '[[:punct:][:space:]]+', ' ', 'g')))`.execute(db);
  await sql`create index events_search on events using gin (to_tsvector('simple', regexp_replace(coalesce(body, ''), '[[:punct:][:space:]]+', ' ', 'g')))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) {
    await sql`drop trigger ticket_search_event`.execute(db);
    await sql`drop trigger ticket_search_ticket`.execute(db);
    await sql`drop table ticket_search`.execute(db);
    return;
  }
  await sql`drop index events_search`.execute(db);
  await sql`drop index tickets_search`.execute(db);
}
