import { Worker } from 'node:worker_threads';
import { type ReadLimits, type ReadMail, rawMessageId, UnreadableMail } from './read-mail.ts';

export interface MailReader {
  /** Starts the parsing thread now, so the first mail does not wait for it (a serving process calls it at start). */
  warm(): Promise<void>;
  /** The facts of one raw mail; rejects with UnreadableMail when it does not parse, takes too long or needs too much memory. */
  read(raw: Uint8Array): Promise<ReadMail>;
  close(): Promise<void>;
}

export interface MailReaderOptions {
  limits: ReadLimits;
  /** A mail that takes longer is absurd (tests shorten it). */
  timeoutMilliseconds?: number;
  /** The parsing thread's heap: a mail that needs more is absurd. */
  maxMemoryMegabytes?: number;
}

type Answer = { ready: true } | { mail: ReadMail } | { error: { unreadable: boolean; message: string; messageId: string | undefined } };

/**
 * Parses mail on a worker thread, one at a time, so a big or hostile mail
 * never holds the event loop that answers HTTP. A parse that runs past its
 * time or memory ends the thread; the next mail gets a fresh one.
 */
export function createMailReader(options: MailReaderOptions): MailReader {
  const timeout = options.timeoutMilliseconds ?? 30_000;
  let worker: Worker | undefined;
  let ready: Promise<void> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  function thread(): Worker {
    if (worker) return worker;
    // Compiled (a release): the worker's own JavaScript; from the sources: an entry that loads tsx first.
    const entry = import.meta.url.endsWith('.js') ? './read-mail-worker.js' : './read-mail-thread.mjs';
    const started = new Worker(new URL(entry, import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMegabytes ?? 512 },
    });
    // An idle parsing thread does not keep the process alive.
    started.unref();
    started.once('exit', () => {
      if (worker === started) worker = undefined;
    });
    ready = new Promise<void>((resolve) => {
      const onReady = (answer: Answer) => {
        if (!('ready' in answer)) return;
        started.off('message', onReady);
        resolve();
      };
      started.on('message', onReady);
      started.once('exit', () => resolve());
    });
    return (worker = started);
  }

  function readOne(raw: Uint8Array): Promise<ReadMail> {
    return new Promise<ReadMail>((resolve, reject) => {
      const current = thread();
      // A Buffer may share its memory with others (Node's pool): only a whole buffer of its own is moved, not copied.
      const own = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength && !(raw.buffer instanceof SharedArrayBuffer);
      const sent = own ? raw : raw.slice();
      const id = rawMessageId(sent);
      const finish = () => {
        clearTimeout(timer);
        current.off('message', onMessage);
        current.off('error', onError);
        current.off('exit', onExit);
      };
      const onMessage = (answer: Answer) => {
        if ('ready' in answer) return;
        finish();
        if ('mail' in answer) resolve(answer.mail);
        else if (answer.error.unreadable) reject(new UnreadableMail(answer.error.message, answer.error.messageId));
        else reject(new Error(answer.error.message));
      };
      const onError = (error: Error) => {
        finish();
        reject(new UnreadableMail(`the parser failed: ${error.message}`, id));
      };
      const onExit = () => {
        finish();
        reject(new UnreadableMail('the parser stopped', id));
      };
      const timer = setTimeout(() => {
        finish();
        void current.terminate();
        if (worker === current) worker = undefined;
        reject(new UnreadableMail(`parsing took more than ${timeout} ms`, id));
      }, timeout);
      current.on('message', onMessage);
      current.once('error', onError);
      current.once('exit', onExit);
      current.postMessage({ raw: sent, limits: options.limits }, [sent.buffer as ArrayBuffer]);
    });
  }

  return {
    async warm() {
      thread();
      await ready;
    },
    read(raw) {
      const result = queue.then(() => readOne(raw));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      await worker?.terminate();
      worker = undefined;
    },
  };
}
