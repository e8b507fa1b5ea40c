import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createFixedClock, type MovableClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { createRuntime, type Runtime } from '../../server/runtime.ts';

export interface TestRuntime extends Runtime {
  clock: MovableClock;
  dataDir: string;
}

/**
 * The real app on real SQLite in a fresh temp folder, with a clock that only
 * moves when the test says so. Dev mode, so the dev identity and outbox exist.
 */
export async function createTestRuntime(options: { now?: Date; env?: Record<string, string>; dataDir?: string; automaticMailsPerDay?: number } = {}): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'guichet-test-'));
  const clock = createFixedClock(options.now ?? new Date('2026-03-10T09:00:00Z'));
  const config = loadConfig({ GUICHET_MODE: 'dev', GUICHET_DATA_DIR: dataDir, ...options.env });
  const runtime = await createRuntime(config, { clock, logger: pino({ level: 'silent' }), mailPollMilliseconds: 200, automaticMailsPerDay: options.automaticMailsPerDay });
  return {
    ...runtime,
    clock,
    dataDir,
    async close() {
      await runtime.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
