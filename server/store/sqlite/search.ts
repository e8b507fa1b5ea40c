import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, TicketRow } from '../schema.ts';

/** The words typed, each matched as a prefix (FTS5 `"word"*`), all of them required. */
function matchQuery(words: readonly string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' AND ');
}

/** Tickets of `queueIds` whose number holds `numberPart`, or whose texts hold every word (FTS5, kept by triggers: migration 0014). */
export async function searchTicketsSqlite(db: Kysely<Database> | Transaction<Database>, queueIds: readonly string[], words: readonly string[], numberPart: string | undefined, limit: number): Promise<TicketRow[]> {
  if (queueIds.length === 0 || (words.length === 0 && !numberPart)) return [];
  const { rows } = await sql<TicketRow>`
    select t.* from tickets t
    where t.queue_id in (${sql.join(queueIds)})
      and (${numberPart ? sql`t.number like ${`%${numberPart}%`}` : sql`0`}
        or ${words.length > 0 ? sql`t.id in (select ticket_id from ticket_search where ticket_search match ${matchQuery(words)})` : sql`0`})
    order by t.last_activity_at desc, t.id desc
    limit ${limit}`.execute(db);
  return rows;
}
