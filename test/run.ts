/**
 * `npm test`: everything, in the order a failure is cheapest to read —
 * types, forms and server, the embed build, components in Chromium, end to end.
 * Chromium is found or installed (Debian's, as root with apt); never skipped.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

const chrome = ensureChromium();
const env = { ...process.env, CHROME_PATH: chrome, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };

const steps: { name: string; command: string; args: string[] }[] = [
  { name: 'typecheck', command: 'npx', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  {
    name: 'forms and server (node:test)',
    command: process.execPath,
    args: ['--import', 'tsx', '--test', '--test-concurrency=2', ...filesUnder('test/forms', '.test.ts'), ...filesUnder('test/server', '.test.ts')],
  },
  { name: 'embed build', command: 'npm', args: ['run', '--silent', 'build'] },
  {
    name: 'components (web-test-runner, Chromium)',
    command: process.execPath,
    args: ['--import', 'tsx', 'node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'],
  },
  { name: 'end to end (Chromium against the demo)', command: process.execPath, args: ['--import', 'tsx', '--test', '--test-concurrency=1', ...filesUnder('test/e2e', '.test.ts')] },
];

const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const r = spawnSync(step.command, step.args, { stdio: 'inherit', env, cwd: root });
  results.push({ name: step.name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 });
}

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? 'pass' : 'FAIL'}  ${r.name}  (${r.seconds.toFixed(1)} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
