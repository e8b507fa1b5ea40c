import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as tickets from './migrations/0001-tickets.ts';
import * as locks from './migrations/0002-locks.ts';
import * as links from './migrations/0003-links.ts';
import * as mailLoops from './migrations/0004-mail-loops.ts';
import * as abuse from './migrations/0005-abuse.ts';
import * as attachments from './migrations/0006-attachments.ts';
import * as outboxClaims from './migrations/0007-outbox-claims.ts';
import * as reportIndexes from './migrations/0008-report-indexes.ts';
import * as outboxPending from './migrations/0009-outbox-pending.ts';
import * as tokensAtRest from './migrations/0011-tokens-at-rest.ts';
import * as idempotencyRequestHash from './migrations/0012-idempotency-request-hash.ts';
import * as unansweredClosures from './migrations/0013-unanswered-closures.ts';
import * as search from './migrations/0014-search.ts';
import * as privacy from './migrations/0015-privacy.ts';
import * as approvalSteps from './migrations/0016-approval-steps.ts';

/** Migrations are listed here, in order, so a bundled or packaged server needs no file scanning. */
const migrations: Record<string, Migration> = {
  '0001-tickets': tickets,
  '0002-locks': locks,
  '0003-links': links,
  '0004-mail-loops': mailLoops,
  '0005-abuse': abuse,
  '0006-attachments': attachments,
  '0007-outbox-claims': outboxClaims,
  '0008-report-indexes': reportIndexes,
  '0009-outbox-pending': outboxPending,
  '0011-tokens-at-rest': tokensAtRest,
  '0012-idempotency-request-hash': idempotencyRequestHash,
  '0013-unanswered-closures': unansweredClosures,
  '0014-search': search,
  '0015-privacy': privacy,
  '0016-approval-steps': approvalSteps,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema to the latest version and names the migrations it applied; start-up stops if a migration fails. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  // Numbers are reserved per change and land in any order (0011 after 0013 was run): each migration stands alone.
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}

/** The migrations not applied yet (`guichet doctor`), without applying them. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await new Migrator({ db, provider }).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
