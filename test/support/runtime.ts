import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createFixedClock, type MovableClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../server/runtime.ts';
import { dropTestDatabase, ensureTestDatabase } from './postgres.ts';

export interface TestRuntime extends Runtime {
  clock: MovableClock;
  dataDir: string;
}

const dialects = ['sqlite', 'postgres'] as const;

/**
 * The store the server suites run on: GUICHET_TEST_DIALECT=sqlite (the
 * default) or postgres, on the server test/run.ts started and named in
 * GUICHET_TEST_POSTGRES_URL. `npm test` runs the suites once per dialect.
 */
export const testDialect: (typeof dialects)[number] = (() => {
  const dialect = process.env.GUICHET_TEST_DIALECT || 'sqlite';
  if (!(dialects as readonly string[]).includes(dialect)) throw new Error(`GUICHET_TEST_DIALECT=${dialect}: expected one of ${dialects.join(', ')}`);
  if (dialect === 'postgres' && !process.env.GUICHET_TEST_POSTGRES_URL) {
    throw new Error('GUICHET_TEST_DIALECT=postgres needs GUICHET_TEST_POSTGRES_URL (npm test starts a PostgreSQL and sets it)');
  }
  return dialect as (typeof dialects)[number];
})();

/**
 * The database environment of a store in `dataDir`: nothing on SQLite (the
 * file lives in the folder); on PostgreSQL, the URL of a database of its own,
 * the same one for every runtime or process given the same folder.
 */
export async function testDatabaseEnv(dataDir: string): Promise<{ GUICHET_DATABASE_URL?: string }> {
  if (testDialect === 'sqlite') return {};
  return { GUICHET_DATABASE_URL: await ensureTestDatabase(process.env.GUICHET_TEST_POSTGRES_URL!, dataDir) };
}

/**
 * Rate limits far above what any suite sends, so suites that submit dozens of
 * tickets as one person test what they test; the rate-limit suite passes
 * realistic GUICHET_RATE_LIMIT_* in `env`.
 */
const testRateLimits = { GUICHET_RATE_LIMIT_PERSON: '100000/1m', GUICHET_RATE_LIMIT_ADDRESS: '100000/1m' };

/**
 * The real app on a real store (SQLite in a fresh temp folder, or a fresh
 * PostgreSQL database per GUICHET_TEST_DIALECT; runtimes given the same
 * `dataDir` share one store), with a clock that only moves when the test says so. Dev mode, so the dev identity and outbox exist.
 */
export async function createTestRuntime(
  options: { now?: Date; env?: Record<string, string>; dataDir?: string; automaticMailsPerDay?: number } & Pick<RuntimeOptions, 'remoteAddress' | 'oidc' | 'logger'> = {},
): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'guichet-test-'));
  const clock = createFixedClock(options.now ?? new Date('2026-03-10T09:00:00Z'));
  const config = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir, ...testRateLimits, ...(await testDatabaseEnv(dataDir)), ...options.env });
  const runtime = await createRuntime(config, {
    clock,
    logger: options.logger ?? pino({ level: 'silent' }),
    mailPollMilliseconds: 200,
    automaticMailsPerDay: options.automaticMailsPerDay,
    remoteAddress: options.remoteAddress,
    oidc: options.oidc,
  });
  return {
    ...runtime,
    clock,
    dataDir,
    async close() {
      await runtime.close();
      if (options.dataDir) return;
      rmSync(dataDir, { recursive: true, force: true });
      if (testDialect === 'postgres') await dropTestDatabase(process.env.GUICHET_TEST_POSTGRES_URL!, dataDir);
    },
  };
}
