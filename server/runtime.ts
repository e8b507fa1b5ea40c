import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type AppDeps, createApp } from './app.ts';
import { type Catalogue, loadCatalogue } from './catalogue.ts';
import { type Clock, createMovableClock, type MovableClock, systemClock } from './clock.ts';
import { type Config, shippedPeopleFile } from './config.ts';
import { createLogger } from './logger.ts';
import { createFileDirectory, type Directory } from './identity/directory.ts';
import { createDevIdentity, createHeaderIdentity, createIdentity, type IdentitySource } from './identity/identity.ts';
import { createLdapDirectory } from './identity/ldap.ts';
import { createOidcIdentity, type OidcIdentityOptions } from './identity/oidc.ts';
import { createMailDelivery, type MailDelivery } from './mail/delivery.ts';
import { createDevOutbox, createSmtpTransport, type MailTransport } from './mail/transport.ts';
import { Cron } from 'croner';
import { createMailListener } from './mail/listener.ts';
import { createServices, type Services } from './services/index.ts';
import type { Sweep } from './services/sweep.ts';
import { createTicketFeed } from './services/ticket-feed.ts';
import { createDiskAttachmentStore } from './store/attachment-files.ts';
import { openDatabase } from './store/database.ts';
import type { Database } from './store/schema.ts';
import { createStore, type Store } from './store/store.ts';

export interface Runtime {
  config: Config;
  clock: Clock;
  store: Store;
  db: Kysely<Database>;
  catalogue: Catalogue;
  directory: Directory;
  delivery: MailDelivery;
  app: ReturnType<typeof createApp>;
  devOutbox: ReturnType<typeof createDevOutbox> | undefined;
  services: Services;
  sweep: Sweep;
  /** Starts the background work of a serving process: mail delivery, the scheduled sweep, the mail listener. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Tests pass a fixed clock; dev mode otherwise gets a movable one on real time. */
  clock?: MovableClock;
  logger?: Logger;
  mailPollMilliseconds?: number;
  automaticMailsPerDay?: number;
  /** The TCP peer of a request, when the app is not served by the Node adapter (tests). */
  remoteAddress?: AppDeps['remoteAddress'];
  /** Tests shorten the OIDC key refetch cooldown to see a key rotation at once. */
  oidc?: Pick<OidcIdentityOptions, 'keyRefetchCooldownMilliseconds'>;
}

function directoryFor(config: Config, clock: Clock, logger: Logger): Directory {
  const source = config.directory ?? `file:${shippedPeopleFile}`;
  if (source.startsWith('file:')) return createFileDirectory(source.slice('file:'.length));
  const { base, bindDn, bindPassword } = config.ldap!;
  return createLdapDirectory({ url: source, base, bindDn, bindPassword, clock, logger });
}

/** Builds every dependency from the config, then the app: what main.ts starts and tests reuse. */
export async function createRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(process.env.LOG_LEVEL ?? 'info');
  const movable = config.mode === 'dev' ? (options.clock ?? createMovableClock()) : undefined;
  const clock: Clock = movable ?? options.clock ?? systemClock;
  const catalogue = loadCatalogue(config.formsDir);
  const directory = directoryFor(config, clock, logger);
  const sources: IdentitySource[] = config.identity.map((name) => {
    if (name === 'dev') return createDevIdentity(directory);
    if (name === 'header') return createHeaderIdentity(config, directory);
    return createOidcIdentity({ ...config.oidc!, ...options.oidc, directory, clock, logger });
  });
  const db = await openDatabase(config, { onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it') });
  const store = createStore(db);
  const devOutbox = config.smtpUrl ? undefined : createDevOutbox(join(config.dataDir, 'dev-outbox'), () => clock.now());
  if (!config.smtpUrl && config.mode !== 'dev') logger.warn('GUICHET_SMTP_URL is unset: mail goes to the dev outbox folder only');
  const transport: MailTransport = config.smtpUrl ? createSmtpTransport(config.smtpUrl) : devOutbox!;
  const delivery = createMailDelivery({ store, transport, clock, from: config.mailFrom, logger, pollMilliseconds: options.mailPollMilliseconds, automaticPerDay: options.automaticMailsPerDay });
  const feed = createTicketFeed();
  const attachments = createDiskAttachmentStore(join(config.dataDir, 'attachments'));
  const services = createServices({ config, store, attachments, clock, catalogue, feed, mail: { wake: () => delivery.wake() }, logger });
  const app = createApp({
    config,
    catalogue,
    directory,
    identity: createIdentity(sources),
    services,
    logger,
    dev: movable && devOutbox ? { clock: movable, outbox: devOutbox } : undefined,
    remoteAddress: options.remoteAddress,
  });
  const listener = config.inboundListen ? createMailListener(config.inboundListen, services.inbound, logger) : undefined;
  let scheduler: Cron | undefined;
  return {
    config,
    clock,
    store,
    db,
    catalogue,
    directory,
    delivery,
    app,
    devOutbox,
    services,
    sweep: services.sweep,
    async start() {
      delivery.start();
      await listener?.listen();
      scheduler ??= new Cron(config.sweepCron, { protect: true, catch: (error) => logger.error({ err: error }, 'scheduled sweep failed') }, async () => {
        await services.sweep();
      });
    },
    async close() {
      scheduler?.stop();
      await listener?.close();
      await delivery.stop();
      await db.destroy();
    },
  };
}
