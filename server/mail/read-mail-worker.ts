import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type ReadLimits, readMail, UnreadableMail } from './read-mail.ts';

// On Linux a thread has its own nice value: lowered here, the parser yields the CPU to the thread
// that answers HTTP when both want it.
try {
  setPriority(10);
} catch {
  // Not allowed here (some containers): the parser then runs at the process's priority.
}

/** The parsing thread of mail-reader.ts: one mail at a time, answered with its facts or why it is unreadable. */
parentPort!.on('message', async (job: { raw: Uint8Array; limits: ReadLimits }) => {
  try {
    const mail = await readMail(job.raw, job.limits);
    parentPort!.postMessage({ mail }, mail.attachments.map((a) => a.bytes.buffer as ArrayBuffer));
  } catch (error) {
    const unreadable = error instanceof UnreadableMail;
    parentPort!.postMessage({ error: { unreadable, message: (error as Error).message, messageId: unreadable ? error.messageId : undefined } });
  }
});

parentPort!.postMessage({ ready: true });
