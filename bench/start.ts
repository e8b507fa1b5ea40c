/**
 * How fast a Guichet process starts and how much memory it holds at idle:
 * time from spawn to the first 200 on /healthz, then the resident set size
 * (VmRSS) after `BENCH_IDLE_SECONDS` of idle. Production mode, SQLite, a
 * fresh data folder per run, mail to files.
 *
 *   node --import tsx bench/start.ts compiled /opt/guichet/node_modules/.bin/guichet serve
 *   node --import tsx bench/start.ts tsx node --import tsx server/main.ts
 *
 * The first argument names the row; the rest is the command, run from
 * BENCH_CWD (default: this checkout). BENCH_RUNS runs (default 5); the median is printed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { shippedPeopleFile } from '../server/config.ts';
import { freePort } from '../test/support/ports.ts';

const [label, command, ...args] = process.argv.slice(2);
if (!label || !command) {
  console.error('usage: node --import tsx bench/start.ts LABEL COMMAND [ARGS…]');
  process.exit(2);
}
const runs = Number(process.env.BENCH_RUNS ?? 5);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 5);
const cwd = process.env.BENCH_CWD ?? join(import.meta.dirname, '..');

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'))!;
  return Number(/\d+/.exec(line)![0]);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const starts: number[] = [];
const rss: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-start-'));
  const directory = join(dir, 'people.json');
  writeFileSync(directory, readFileSync(shippedPeopleFile));
  const port = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_') && name !== 'NODE_OPTIONS'));
  const env = {
    ...base,
    LOG_LEVEL: 'warn',
    PORT: String(port),
    GUICHET_MODE: 'production',
    GUICHET_SECRET: 'a bench secret of more than thirty-two bytes',
    GUICHET_DATA_DIR: join(dir, 'data'),
    GUICHET_DIRECTORY: `file:${directory}`,
    GUICHET_MAIL: `file:${join(dir, 'mail')}`,
    GUICHET_SSO_PROXIES: '127.0.0.1',
  };
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: 'ignore' });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} ended with ${child.exitCode}`);
    const answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (answer?.ok) break;
    await delay(20); // poll interval while the process starts
  }
  starts.push(performance.now() - started);
  await delay(idleSeconds * 1000); // the idle time being measured
  rss.push(rssKiB(child.pid!) / 1024);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `${label}: start to first /healthz ${median(starts).toFixed(0)} ms (min ${Math.min(...starts).toFixed(0)}, max ${Math.max(...starts).toFixed(0)}), ` +
    `RSS after ${idleSeconds} s idle ${median(rss).toFixed(1)} MiB (min ${Math.min(...rss).toFixed(1)}, max ${Math.max(...rss).toFixed(1)}), ${runs} runs`,
);
