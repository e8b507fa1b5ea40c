import type { Logger } from 'pino';
import type { Catalogue } from '../catalogue.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { createMailComposer } from '../mail/compose.ts';
import type { MailReader } from '../mail/mail-reader.ts';
import type { AttachmentStore } from '../store/attachment-files.ts';
import type { Store } from '../store/store.ts';
import { createAltcha } from './altcha.ts';
import { createAnonymousSubmissions } from './anonymous.ts';
import { createApprovals } from './approvals.ts';
import type { Directory } from '../identity/directory.ts';
import { createInbound } from './inbound.ts';
import { createLifecycle } from './lifecycle.ts';
import { createPrivacy } from './privacy.ts';
import { createReports } from './reports.ts';
import { createRequesterTickets } from './requester-tickets.ts';
import { createRequesterWrites } from './requester-writes.ts';
import { createRateLimits } from './rate-limits.ts';
import { createSubmissions } from './submission.ts';
import { createSubmissionIntake } from './submission-intake.ts';
import { createSweep } from './sweep.ts';
import type { TicketFeed } from './ticket-feed.ts';

export interface ServiceDeps {
  config: Config;
  store: Store;
  /** The bytes of attachments (`$GUICHET_DATA_DIR/attachments` by default). */
  attachments: AttachmentStore;
  clock: Clock;
  catalogue: Catalogue;
  feed: TicketFeed;
  /** Woken when a transaction that queued mail commits. */
  mail: { wake(): void };
  logger: Logger;
  /** Parses received mail off the main thread. */
  mailReader: MailReader;
  /** Copies of sent mails outside the database (the dev outbox's files), removed when their request is anonymised. */
  mailCopies?: { forget(messageIds: readonly string[]): void };
  /** Where approval steps find the approvers a directory attribute names. */
  directory?: Directory;
}

/** Every rule of Guichet, built once from the ports; routes, the scheduler, the CLI and the mail listener share them. */
export function createServices(deps: ServiceDeps) {
  const { config, store, attachments, clock, catalogue, feed, logger } = deps;
  const mailQueued = () => deps.mail.wake();
  const mails = createMailComposer({ catalogue, publicUrl: config.publicUrl, mailFrom: config.mailFrom, secret: config.secret });
  const writes = createRequesterWrites({ store, clock, catalogue, mails, feed, serviceLang: config.defaultLang, mailQueued });
  const limits = createRateLimits({ store, clock, person: config.rateLimitPerson, address: config.rateLimitAddress, inbound: config.rateLimitInbound });
  const altcha = createAltcha({ store, secret: config.secret });
  const approvals = createApprovals({ store, clock, catalogue, mails, directory: deps.directory, secret: config.secret, publicUrl: config.publicUrl, timeZone: config.timeZone, serviceLang: config.defaultLang, feed, mailQueued });
  const submit = createSubmissions({ store, clock, catalogue, mails, secret: config.secret, serviceLang: config.defaultLang, feed, attachments, approvals, mailQueued });
  const anonymous = createAnonymousSubmissions({ store, clock, catalogue, altcha, submit, publicUrl: config.publicUrl, timeZone: config.timeZone, mailQueued });
  return {
    feed,
    mails,
    writes,
    limits,
    altcha,
    submit,
    approvals,
    anonymous,
    submissions: createSubmissionIntake({ catalogue, limits, submit, anonymous, logger }),
    tickets: createRequesterTickets({ store, attachments, catalogue, secret: config.secret, clock, writes, limits, approvals }),
    lifecycle: createLifecycle({ store, attachments, clock, catalogue, mails, feed, writes, timeZone: config.timeZone, approvals, mailQueued }),
    sweep: createSweep({ store, clock, catalogue, mails, feed, timeZone: config.timeZone, serviceLang: config.defaultLang, logger, approvals, mailQueued }),
    privacy: createPrivacy({ store, attachments, clock, catalogue, logger, mailCopies: deps.mailCopies }),
    reports: createReports({ store, clock, catalogue, timeZone: config.timeZone }),
    inbound: createInbound({
      store,
      writes,
      limits,
      reader: deps.mailReader,
      secret: config.secret,
      messageIdDomain: new URL(config.publicUrl).hostname,
      trustedAuthserv: config.inboundTrustedAuthserv,
      logger,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
