import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/**
 * The credentials in the links mails carried when this migration was written
 * (what server/mail/scrub.ts removes on delivery). A migration is history: it
 * keeps its own copy, so that it neither changes with the mail code nor makes
 * the store import from the mail layer above it.
 */
const credential = /([#&;?](?:token|confirm)=)[\w.~%-]+/g;
const withoutTokens = (body: string) => body.replace(credential, '$1redacted');

/** Rows read and rewritten at a time: an old outbox may hold years of mail. */
const batch = 500;

/**
 * No live token at rest, for what was stored before delivery began to scrub
 * (mail/scrub.ts): sent mails keep their bodies without tokens, and
 * idempotency records lose the access token they kept in clear (a replay
 * within their last 24 hours answers a signed ticket link instead).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const typed = db as Kysely<Database>;
  for (let after = 0; ; ) {
    const rows = await typed.selectFrom('outbox').select(['id', 'text', 'html']).where('status', '=', 'sent').where('id', '>', after).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const text = withoutTokens(row.text);
      const html = withoutTokens(row.html);
      if (text !== row.text || html !== row.html) await typed.updateTable('outbox').set({ text, html }).where('id', '=', row.id).execute();
    }
    after = rows.at(-1)!.id;
  }
  const records = await typed.selectFrom('idempotency_keys').select(['scope', 'key', 'response']).where('response', 'like', '%"accessToken"%').execute();
  for (const record of records) {
    const { accessToken: _, ...kept } = JSON.parse(record.response) as Record<string, unknown>;
    await typed.updateTable('idempotency_keys').set({ response: JSON.stringify(kept) }).where('scope', '=', record.scope).where('key', '=', record.key).execute();
  }
}

/** Nothing to undo: the tokens are gone, which is the point. */
export async function down(): Promise<void> {}
