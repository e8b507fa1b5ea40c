import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from './ports.ts';
import { releaseCommands } from './release.ts';

const repoRoot = join(import.meta.dirname, '../..');
// Generous: tsx compiles the server at start, and CI machines are shared.
const defaultStartupDeadlineMilliseconds = 90_000;

export interface ServerProcessOptions {
  /** What serves: by default the checkout's `node --import tsx server/main.ts`; the release test gives the installed `guichet serve`. */
  command?: { file: string; args: readonly string[]; cwd: string };
  /** The port to listen on (when the caller needed the URL before); a free loopback port by default. */
  port?: number;
  /** The host name of `url` and GUICHET_PUBLIC_URL: `127.0.0.1`, or `localhost` for a browser's cookies. */
  host?: '127.0.0.1' | 'localhost';
  /** How long /healthz may take to answer at start. */
  startupDeadlineMilliseconds?: number;
}

export interface ServerProcess {
  url: string;
  dataDir: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  /** Resolves when the output matches `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<void>;
  /** Sends a signal and returns at once (see `exited`). */
  signal(name: NodeJS.Signals): void;
  /** The exit of the running process: its code, or the signal that ended it. */
  exited(): Promise<number | string>;
  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  /** Starts it again on the same port, data folder and environment, as systemd's Restart=always does. */
  restart(): Promise<void>;
}

/**
 * The one way tests start a real server process: on a free loopback port,
 * with `env` and the environment of this process less what must not leak into
 * it (a developer's own GUICHET_* settings, a preloaded loader in
 * NODE_OPTIONS, npm's variables); resolves once the health check answers.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string>, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  const command = options.command ?? { file: process.execPath, args: ['--import', 'tsx', 'server/main.ts'], cwd: repoRoot };
  const startupDeadline = options.startupDeadlineMilliseconds ?? defaultStartupDeadlineMilliseconds;
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_') && name !== 'NODE_OPTIONS' && !name.startsWith('npm_')));
  const fullEnv = { ...base, LOG_LEVEL: 'warn', ...env, PORT: String(port), GUICHET_DATA_DIR: dataDir, GUICHET_PUBLIC_URL: url };
  let log = '';
  const waiters = new Set<() => void>();
  let child: ChildProcessByStdio<null, Readable, Readable>;
  let exited: Promise<number | string>;
  let running = false;

  async function launch() {
    child = spawn(command.file, command.args, { cwd: command.cwd, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    running = true;
    const onData = (chunk: string) => {
      log += chunk;
      for (const check of waiters) check();
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? String(signal))));
    void exited.then(() => (running = false));
    const deadline = Date.now() + startupDeadline;
    for (;;) {
      if (!running) throw new Error(`the server at ${url} exited before answering ${releaseCommands.health}:\n${log}`);
      const healthy = await fetch(url + releaseCommands.health, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
      if (healthy) return;
      if (Date.now() > deadline) throw new Error(`the server at ${url} did not answer ${releaseCommands.health} within ${startupDeadline} ms:\n${log}`);
      await delay(100); // poll interval while the process compiles and starts, not a synchronisation
    }
  }

  async function signalAndWait(name: NodeJS.Signals) {
    if (!running) return;
    child.kill(name);
    const stopped = await Promise.race([exited.then(() => true), delay(10_000, false)]);
    if (!stopped) {
      child.kill('SIGKILL');
      await exited;
    }
  }

  try {
    await launch();
  } catch (error) {
    if (running) child!.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    dataDir,
    output: () => log,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(log)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
        void exited.then((how) => {
          if (waiters.delete(check)) reject(new Error(`the server exited (${how}) before printing ${pattern}\n${log}`));
        });
      }),
    signal: (name) => void (running && child.kill(name)),
    exited: () => exited,
    kill: () => signalAndWait('SIGKILL'),
    stop: () => signalAndWait('SIGTERM'),
    restart: launch,
  };
}
