/**
 * `npm test`: everything, in the order a failure is cheapest to read —
 * types, the layering, forms and server, the embed build, components in Chromium, end to end.
 * What the machine lacks (Chromium, PostgreSQL, slapd) is installed first
 * (test/support/machine.ts: Debian's, as root with apt); never skipped.
 * The server suites run twice: on SQLite, then on a PostgreSQL this script
 * starts. The LDAP suites run against a slapd of their own.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureMachine } from './support/machine.ts';
import { startTestPostgres, type TestPostgres } from './support/postgres.ts';

const root = join(import.meta.dirname, '..');

function filesUnder(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir))) {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...filesUnder(path, suffix));
    else if (path.endsWith(suffix)) out.push(path);
  }
  return out.sort();
}

const { chrome } = ensureMachine();
const env = { ...process.env, CHROME_PATH: chrome, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', GUICHET_TEST_DIALECT: 'sqlite' };

const steps: { name: string; command: string; args: string[]; postgres?: true; env?: Record<string, string> }[] = [
  { name: 'typecheck', command: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  // routes → services → store, mail and identity; no cycle; no dev package in production code (.dependency-cruiser.cjs).
  { name: 'layering (dependency-cruiser)', command: 'npm', args: ['run', '--silent', 'layers'] },
  {
    name: 'forms and server on SQLite (node:test)',
    command: process.execPath,
    // The cluster suite runs on PostgreSQL in either step (several processes cannot share SQLite): once, in the next step, is enough.
    args: ['--import', 'tsx', '--test', '--test-concurrency=2', ...filesUnder('test/forms', '.test.ts'), ...filesUnder('test/server', '.test.ts').filter((f) => !f.endsWith('cluster.test.ts'))],
  },
  {
    name: 'server on PostgreSQL (node:test)',
    command: process.execPath,
    args: ['--import', 'tsx', '--test', '--test-concurrency=2', ...filesUnder('test/server', '.test.ts')],
    postgres: true,
  },
  // Over a size budget the build only warns (the demo still starts); here it fails (components/report-size.ts).
  { name: 'embed build', command: 'npm', args: ['run', '--silent', 'build'], env: { GUICHET_BUDGETS: 'enforce' } },
  {
    name: 'components (web-test-runner, Chromium)',
    command: process.execPath,
    args: ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
  },
  { name: 'end to end (Chromium against the demo)', command: process.execPath, args: ['--import', 'tsx', '--test', '--test-concurrency=1', ...filesUnder('test/e2e', '.test.ts')] },
];

/** One PostgreSQL for the whole PostgreSQL run of the server suites (each test runtime gets its own database in it), stopped right after. */
async function withPostgres(run: (extraEnv: Record<string, string>) => boolean): Promise<boolean> {
  let postgres: TestPostgres;
  try {
    postgres = await startTestPostgres();
  } catch (error) {
    console.error(`PostgreSQL could not be started for the tests. Not skipping.\n${(error as Error).message}`);
    return false;
  }
  const onSignal = (signal: NodeJS.Signals) => void postgres.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.log(`PostgreSQL started on ${new URL(postgres.url).host}`);
  try {
    return run({ GUICHET_TEST_DIALECT: 'postgres', GUICHET_TEST_POSTGRES_URL: postgres.url });
  } finally {
    await postgres.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const run = (extraEnv: Record<string, string> = {}) => spawnSync(step.command, step.args, { stdio: 'inherit', env: { ...env, ...step.env, ...extraEnv }, cwd: root }).status === 0;
  const ok = step.postgres ? await withPostgres(run) : run();
  results.push({ name: step.name, ok, seconds: (Date.now() - started) / 1000 });
}

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? 'pass' : 'FAIL'}  ${r.name}  (${r.seconds.toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
