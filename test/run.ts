/**
 * `npm test`: everything, in the order a failure is cheapest to read —
 * types, the layering, forms and server, the embed build, components in Chromium, end to end.
 * Chromium is found or installed (Debian's, as root with apt); never skipped.
 * The server suites run twice: on SQLite, then on a PostgreSQL this script
 * starts (Debian's, installed with apt as root when missing; never skipped).
 * The LDAP suites run against Debian's OpenLDAP slapd, installed the same way.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBinDir, startTestPostgres, type TestPostgres } from './support/postgres.ts';

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

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string | undefined {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && executable(c));
}

function ensureChromium(): string {
  const found = findChromium();
  if (found) {
    console.log(`Chromium: ${found}`);
    return found;
  }
  const root = process.getuid?.() === 0;
  if (!root || !executable('/usr/bin/apt-get')) {
    console.error('Chromium is required for the component and end-to-end tests and was not found.\n' + 'Install it (Debian: apt-get install -y chromium) or set CHROME_PATH. Not skipping.');
    process.exit(1);
  }
  console.log('Chromium not found: installing Debian’s chromium with apt-get (running as root)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'chromium']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed: Chromium could not be installed. Not skipping.`);
      process.exit(1);
    }
  }
  const installed = findChromium();
  if (!installed) {
    console.error('apt-get installed chromium but /usr/bin/chromium is missing. Not skipping.');
    process.exit(1);
  }
  return installed;
}

function ensurePostgres(): void {
  const found = findPostgresBinDir();
  if (found) {
    console.log(`PostgreSQL: ${found}`);
    return;
  }
  if (process.getuid?.() !== 0 || !executable('/usr/bin/apt-get')) {
    console.error('PostgreSQL is required: the server suites run on SQLite and on PostgreSQL, and initdb/pg_ctl were not found.\n' + 'Install it (Debian: apt-get install -y postgresql) or set GUICHET_TEST_POSTGRES_BIN. Not skipping.');
    process.exit(1);
  }
  console.log('PostgreSQL not found: installing Debian’s postgresql with apt-get (running as root)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'postgresql']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed: PostgreSQL could not be installed. Not skipping.`);
      process.exit(1);
    }
  }
  // The package may start Debian's own cluster (port 5432); the tests start their own on a free port, so it does not matter.
  const installed = findPostgresBinDir();
  if (!installed) {
    console.error('apt-get installed postgresql but initdb/pg_ctl are missing under /usr/lib/postgresql. Not skipping.');
    process.exit(1);
  }
  console.log(`PostgreSQL: ${installed}`);
}

/** test/support/slapd.ts runs its own slapd on a loopback port; the package's system instance is not used. */
function ensureSlapd(): void {
  const slapd = '/usr/sbin/slapd';
  if (executable(slapd) && executable('/usr/bin/ldapsearch')) {
    console.log(`OpenLDAP: ${slapd}`);
    return;
  }
  if (process.getuid?.() !== 0 || !executable('/usr/bin/apt-get')) {
    console.error('OpenLDAP slapd is required: the directory tests run against a real slapd, and /usr/sbin/slapd was not found.\n' + 'Install it (Debian: apt-get install -y slapd ldap-utils). Not skipping.');
    process.exit(1);
  }
  console.log('OpenLDAP slapd not found: INSTALLING Debian’s slapd and ldap-utils with apt-get (running as root)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'slapd', 'ldap-utils']]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed: slapd could not be installed. Not skipping.`);
      process.exit(1);
    }
  }
  // The package may start a system slapd on port 389; ours listen on free ports, but nothing needs it running.
  spawnSync('service', ['slapd', 'stop'], { stdio: 'ignore' });
  if (!executable(slapd)) {
    console.error(`apt-get installed slapd but ${slapd} is missing. Not skipping.`);
    process.exit(1);
  }
  console.log(`OpenLDAP: ${slapd}`);
}

const chrome = ensureChromium();
ensurePostgres();
ensureSlapd();
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
