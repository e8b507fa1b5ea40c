import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './ports.ts';

const repoRoot = join(import.meta.dirname, '../..');
// Generous: tsx compiles the server at start, and CI machines are shared.
const startupDeadlineMilliseconds = 90_000;

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port, data folder and environment, as systemd's Restart=always does. */
  restart(): Promise<void>;
}

/**
 * Runs `node --import tsx server/main.ts` as a real server process on a free
 * loopback port, with `env` (GUICHET_* from the caller's environment left out,
 * so a developer's own settings do not leak in); resolves once /healthz answers.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_')));
  const fullEnv = { ...base, LOG_LEVEL: 'warn', ...env, PORT: String(port), GUICHET_DATA_DIR: dataDir, GUICHET_PUBLIC_URL: url };
  let log = '';
  let child: ChildProcessByStdio<null, Readable, Readable>;
  let exited: Promise<void>;
  let running = false;

  async function launch() {
    child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: repoRoot, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    running = true;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => (running = false));
    const deadline = Date.now() + startupDeadlineMilliseconds;
    for (;;) {
      if (!running) throw new Error(`the server at ${url} exited before answering /healthz:\n${log}`);
      const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`the server at ${url} did not answer /healthz within ${startupDeadlineMilliseconds} ms:\n${log}`);
      await delay(100); // poll interval while the process compiles and starts, not a synchronisation
    }
  }

  async function signal(name: NodeJS.Signals) {
    if (!running) return;
    child.kill(name);
    const stopped = await Promise.race([exited.then(() => true), delay(10_000, false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  await launch();
  return {
    url,
    dataDir,
    output: () => log,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    restart: launch,
  };
}
