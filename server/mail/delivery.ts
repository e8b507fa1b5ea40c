import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { outsideRequests } from '../request-scope.ts';
import type { OutboxRow } from '../store/schema.ts';
import type { Store } from '../store/store.ts';
import { withoutTokens } from './scrub.ts';
import type { MailTransport } from './transport.ts';

export interface MailDeliveryOptions {
  store: Store;
  transport: MailTransport;
  clock: Clock;
  from: string;
  logger: Logger;
  /** How often the outbox is polled besides wake-ups, for retries and other processes' mail. */
  pollMilliseconds?: number;
  maxAttempts?: number;
  /**
   * Automatic mails one address receives per 24 hours at most; the rest are
   * kept, marked suppressed. Unset: no cap. The runtime leaves it unset, as it
   * always did in effect: every mail Guichet sends is automatic, so a cap would
   * also silence a busy queue's new-ticket notifications.
   */
  automaticPerDay?: number;
  /** This installation's name (deliveryInstallation): each run claims mails as `installation/run`. */
  installation?: string;
  /** How long a claim keeps other workers off a mail; renewed before each send. */
  claimMilliseconds?: number;
}

export interface MailDelivery {
  /** Called after a transaction that queued mail commits: deliver now rather than at the next poll. */
  wake(): void;
  /** Delivers every due mail once; resolves when done (tests, shutdown). */
  deliverDue(): Promise<number>;
  /** Gives back the claims earlier runs of this installation left behind (a crash), then delivers and polls. */
  start(): void;
  /** Stops after the mail being sent, gives back the mails still claimed, closes the transport. */
  stop(): Promise<void>;
}

const batchSize = 20;
/** Recipients served at once by one worker (each one's mails in order). */
export const parallelRecipients = 4;

/** Back-off after the n-th failure: 30 s, 1 min, 2 min, … capped at 1 h. */
export function retryDelayMilliseconds(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export function createMailDelivery(options: MailDeliveryOptions): MailDelivery {
  // Defaults in the destructuring: the runtime passes its options through, `undefined` when not set, and
  // `{ ...defaults, ...options }` let that undefined win (a 1 ms poll that kept an idle server busy, no daily cap).
  const { store, transport, clock, from, logger, pollMilliseconds = 5000, maxAttempts = 12, automaticPerDay = 50, claimMilliseconds = 120_000 } = options;
  const installation = options.installation ?? 'guichet';
  const worker = `${installation}/${randomUUID()}`;
  let running: Promise<number> | undefined;
  let again = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const claimUntil = () => new Date(clock.now().getTime() + claimMilliseconds).toISOString();

  /** Sends one mail of a batch claimed at `claimedAt`; true when it left. */
  async function deliverOne(mail: OutboxRow, claimedAt: number): Promise<boolean> {
    // A slow batch may have outlived its claim and another worker taken the mail over: then it is theirs.
    // While the batch's claim has more than half its time left nobody else can hold the mail, and a
    // renewal would cost a commit per mail for nothing.
    const claimAging = clock.now().getTime() - claimedAt > claimMilliseconds / 2;
    if (claimAging && !(await store.renewMailClaim(mail.id, worker, claimUntil()))) return false;
    if (mail.automatic === 1) {
      const since = new Date(clock.now().getTime() - 86_400_000).toISOString();
      if ((await store.automaticMailsSentTo(mail.to_address, since, automaticPerDay)) >= automaticPerDay) {
        // Loop protection: a robot that answers every mail would otherwise get one back, forever.
        await store.markMailSuppressed(mail.id, `more than ${automaticPerDay} automatic mails to this address in 24 hours`);
        logger.warn({ mailId: mail.id, kind: mail.kind }, 'automatic mail suppressed (loop protection)');
        return false;
      }
    }
    try {
      await transport.send({
        messageId: mail.message_id,
        from,
        to: mail.to_address,
        replyTo: mail.reply_to ?? undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: JSON.parse(mail.headers) as Record<string, string>,
      });
      // No live token at rest: what stays in the outbox is a copy without them.
      await store.markMailSent(mail.id, clock.now().toISOString(), { text: withoutTokens(mail.text), html: withoutTokens(mail.html) });
      return true;
    } catch (error) {
      const attempts = mail.attempts + 1;
      const givesUp = attempts >= maxAttempts;
      const next = new Date(clock.now().getTime() + retryDelayMilliseconds(attempts)).toISOString();
      await store.markMailFailed(mail.id, attempts, next, (error as Error).message ?? String(error), givesUp);
      logger[givesUp ? 'error' : 'warn']({ mailId: mail.id, kind: mail.kind, attempts, err: (error as Error).message }, givesUp ? 'mail delivery gave up' : 'mail delivery failed, will retry');
      return false;
    }
  }

  async function deliverBatch(): Promise<number> {
    let delivered = 0;
    while (!stopping) {
      const claimedAt = clock.now().getTime();
      const due = await store.claimDueMails(worker, new Date(claimedAt).toISOString(), claimUntil(), batchSize);
      if (due.length === 0) return delivered;
      const before = delivered;
      // One line per recipient, several recipients at once: after a peak of submissions the backlog drains
      // several times faster, while each person still gets their mails in order and the loop protection
      // counts one address's mails one at a time.
      const byRecipient = new Map<string, OutboxRow[]>();
      for (const mail of due) {
        const line = byRecipient.get(mail.to_address);
        if (line) line.push(mail);
        else byRecipient.set(mail.to_address, [mail]);
      }
      const lines = [...byRecipient.values()];
      await Promise.all(
        Array.from({ length: Math.min(parallelRecipients, lines.length) }, async () => {
          for (let line = lines.shift(); line; line = lines.shift()) {
            for (const mail of line) {
              // The rest of the batch stays claimed until stop() gives it back.
              if (stopping) return;
              if (await deliverOne(mail, claimedAt)) delivered++;
            }
          }
        }),
      );
      if (stopping) return delivered;
      // A batch where everything failed is retried later, on its back-off, not in this loop.
      if (delivered === before) return delivered;
    }
    return delivered;
  }

  function deliverDue(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      do {
        again = false;
        total += await deliverBatch();
      } while (again);
      return total;
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    wake() {
      // While a run is on, it goes round once more. Handing every wake-up the running promise instead hung a
      // handler on it per submission, kept until the run ended: under a steady stream of submissions the run
      // never ends, and the server held 180,000 of them (24 MiB) after as many submissions.
      if (running) {
        again = true;
        return;
      }
      outsideRequests(deliverDue).catch((error: unknown) => logger.error({ err: (error as Error).message }, 'mail delivery crashed'));
    },
    deliverDue,
    start() {
      stopping = false;
      timer ??= setInterval(() => this.wake(), pollMilliseconds);
      timer.unref();
      store
        .releaseEarlierClaims(installation, worker)
        .then((released) => released > 0 && logger.warn({ released }, 'gave back the mails an earlier run of this process had claimed but not sent'))
        .catch((error: unknown) => logger.error({ err: (error as Error).message }, 'could not give back earlier claims; they expire by themselves'))
        .finally(() => this.wake());
    },
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
      try {
        await store.releaseMailClaims(worker);
      } catch (error) {
        logger.error({ err: (error as Error).message }, 'could not give back the claimed mails at stop; they expire by themselves');
      }
      transport.close();
    },
  };
}
