/**
 * A server under load runs in its own process, so the load generator (this
 * process) does not share its event loop. Its memory is read from the kernel
 * (/proc/<pid>/status), as an operator's `ps` or systemd would see it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/ports.ts';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size in bytes (VmRSS). */
  rss(): number;
  /** CPU time the process used so far (user + system), in seconds: a row's share of a core is its difference over the row's seconds. */
  cpuSeconds(): number;
  /** The last lines the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script>` with PORT set and the given environment
 * (the parent's GUICHET_* variables are left out), and waits until GET /healthz
 * answers. BENCH_NODE_OPTIONS adds node flags, e.g. `--cpu-prof` to profile it.
 */
export async function startServerProcess(script: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GUICHET_')));
  const flags = (process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...inherited, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  // Drained as it comes, so a chatty process never blocks on a full pipe; only the tail is kept.
  const keep = (chunk: string) => (log = (log + chunk).slice(-8_000));
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = signal ?? `code ${code}`;
      resolve();
    }),
  );

  const stop = async () => {
    if (exit) return;
    child.kill('SIGTERM');
    if (!(await Promise.race([exited.then(() => true), delay(10_000, false)]))) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exit) throw new Error(`${script} exited (${exit}) before answering /healthz:\n${log}`);
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${script} did not answer /healthz within 60 s:\n${log}`);
    }
    await delay(100); // poll interval while the process starts
  }

  return {
    url,
    pid: child.pid!,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status);
      if (!kib) throw new Error(`no VmRSS in /proc/${child.pid}/status`);
      return Number(kib[1]) * 1024;
    },
    cpuSeconds() {
      // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) in clock ticks, 100 per second on Linux.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    output: () => log,
    stop,
  };
}
