import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, TicketRow } from '../schema.ts';

/** The words typed, each matched as a prefix (`word:*`), all of them required; only letters and digits reach to_tsquery. */
function tsQuery(words: readonly string[]): string {
  return words.map((w) => `${w.replace(/[^\p{L}\p{N}]/gu, '')}:*`).filter((w) => w !== ':*').join(' & ');
}

/** Tickets of `queueIds` whose number holds `numberPart`, or whose texts hold every word (full-text indexes: migration 0014). */
export async function searchTicketsPostgres(db: Kysely<Database> | Transaction<Database>, queueIds: readonly string[], words: readonly string[], numberPart: string | undefined, limit: number): Promise<TicketRow[]> {
  const query = tsQuery(words);
  if (queueIds.length === 0 || (!query && !numberPart)) return [];
  const q = sql`to_tsquery('simple', ${query})`;
  const { rows } = await sql<TicketRow>`
    select t.* from tickets t
    where t.queue_id in (${sql.join(queueIds)})
      and (${numberPart ? sql`t.number like ${`%${numberPart}%`}` : sql`false`}
        or ${query ? sql`to_tsvector('simple', regexp_replace(t.requester_name || ' ' || t.requester_email || ' ' || t.data, '[[:punct:][:space:]]+', ' ', 'g')) @@ ${q}
        or exists (select 1 from events e where e.ticket_id = t.id and to_tsvector('simple', regexp_replace(coalesce(e.body, ''), '[[:punct:][:space:]]+', ' ', 'g')) @@ ${q})` : sql`false`})
    order by t.last_activity_at desc, t.id desc
    limit ${limit}`.execute(db);
  return rows;
}
