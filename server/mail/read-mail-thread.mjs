// The parsing thread's entry. On Linux a thread has its own nice value: lowered here, the
// parser yields the CPU to the thread that answers HTTP when both want it. A worker does not
// inherit the main thread's TypeScript loader, so it registers tsx itself.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

try {
  setPriority(10);
} catch {
  // Not allowed here (some containers): the parser then runs at the process's priority.
}
register();
await import('./read-mail-worker.ts');
parentPort.postMessage({ ready: true });
