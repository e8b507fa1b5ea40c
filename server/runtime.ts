import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type AppDeps, createApp } from './app.ts';
import type { Catalogue } from './catalogue.ts';
import { createReloadableCatalogue } from './catalogue-reload.ts';
import { type Clock, createMovableClock, type MovableClock, systemClock } from './clock.ts';
import { type Config, shippedPeopleFile } from './config.ts';
import { createLogger } from './logger.ts';
import { createFileDirectory, type Directory } from './identity/directory.ts';
import { createDevIdentity, createHeaderIdentity, createIdentity, type IdentitySource } from './identity/identity.ts';
import { createLdapDirectory } from './identity/ldap.ts';
import { createOidcIdentity, type OidcIdentityOptions } from './identity/oidc.ts';
import { identityWarnings } from './identity/start-up-warnings.ts';
import { createMailDelivery, type MailDelivery } from './mail/delivery.ts';
import { createDevOutbox, createSmtpTransport, type MailTransport } from './mail/transport.ts';
import { Cron } from 'croner';
import { createMailListener } from './mail/listener.ts';
import { createMailReader } from './mail/mail-reader.ts';
import { deliveryInstallation } from './mail/worker-name.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createServices, type Services } from './services/index.ts';
import { watchSweeps } from './sweep-runs.ts';
import { observationQueries } from './store/observation.ts';
import type { Sweep } from './services/sweep.ts';
import { createTicketFeed } from './services/ticket-feed.ts';
import { createDiskAttachmentStore } from './store/attachment-files.ts';
import { listenForTicketChanges, openDatabase } from './store/database.ts';
import type { Database } from './store/schema.ts';
import { stateRoles } from './services/states.ts';
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
  metrics: Metrics;
  /** Starts the background work of a serving process: mail delivery, the scheduled sweep, the mail listener; in dev mode, watching the form definitions. */
  start(): Promise<void>;
  /** Ends the live streams, so an HTTP server waiting for its connections can close (main.ts calls it first). */
  endLiveStreams(): void;
  /**
   * Stops after the work in progress: no new scheduled sweep, the running one
   * finished, mail delivery stopped, the mail listener closed, the store closed.
   * Call it once the HTTP server has drained: requests still need the store.
   */
  stop(): Promise<void>;
  /** The same as stop(). */
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
  /** Node's own metrics (CPU, memory, event loop, GC) in /metrics: the serving process only (main.ts). */
  processMetrics?: boolean;
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
  const catalogue = createReloadableCatalogue(config.formsDir, logger);
  const directory = directoryFor(config, clock, logger);
  const sources: IdentitySource[] = config.identity.map((name) => {
    if (name === 'dev') return createDevIdentity(directory);
    if (name === 'header') return createHeaderIdentity(config, directory);
    return createOidcIdentity({ ...config.oidc!, ...options.oidc, directory, clock, logger });
  });
  const db = await openDatabase(config, { onIdleError: (error) => logger.warn({ err: error }, 'an idle database connection failed; the pool replaces it') });
  const store = createStore(db, stateRoles);
  const devOutbox = config.mailDir ? createDevOutbox(config.mailDir, () => clock.now()) : undefined;
  if (config.mailDir && config.mode !== 'dev') logger.warn({ folder: config.mailDir }, 'GUICHET_MAIL: mails are written to files in this folder, not sent');
  for (const warning of identityWarnings(config)) logger.warn(warning);
  const observation = observationQueries(db);
  const metrics = createMetrics({ clock, ticketsByQueueAndState: () => store.countByQueueAndState(), outboxBacklog: () => observation.outboxBacklog() }, { processMetrics: options.processMetrics });
  const transport = countedTransport(config.smtpUrl ? createSmtpTransport(config.smtpUrl) : devOutbox!, metrics);
  const delivery = createMailDelivery({ store, transport, clock, from: config.mailFrom, logger, pollMilliseconds: options.mailPollMilliseconds, automaticPerDay: options.automaticMailsPerDay ?? config.automaticMailsPerDay, installation: deliveryInstallation(config.dataDir) });
  // Several processes on one PostgreSQL tell each other's live streams; on SQLite one process owns the file.
  const relay = config.databaseUrl
    ? await listenForTicketChanges(config.databaseUrl, db, {
        onError: (error, what) => logger.warn({ err: error.message }, what),
        onReconnect: () => logger.warn('listening for ticket changes again; live views catch up at their next change'),
      })
    : undefined;
  const feed = createTicketFeed(relay);
  const attachments = createDiskAttachmentStore(join(config.dataDir, 'attachments'));
  // A web message's cap (20,000 characters) is a mail's too.
  const mailReader = createMailReader({ limits: { maxTextCharacters: 20_000 } });
  const built = createServices({ config, store, attachments, clock, catalogue, feed, mail: { wake: () => delivery.wake() }, logger, mailReader, mailCopies: devOutbox, directory });
  const sweeps = watchSweeps(built.sweep, metrics, logger);
  const services: Services = { ...built, sweep: sweeps.sweep };
  const closing = new AbortController();
  // Every open live stream listens for the end: hundreds are normal, not a leak.
  setMaxListeners(0, closing.signal);
  const app = createApp({
    config,
    catalogue,
    directory,
    identity: createIdentity(sources),
    services,
    logger,
    metrics,
    closing: closing.signal,
    dev: movable && devOutbox ? { clock: movable, outbox: devOutbox } : undefined,
    remoteAddress: options.remoteAddress,
  });
  const listener = config.inboundListen ? createMailListener(config.inboundListen, services.inbound, logger, config.inboundMaxBytes) : undefined;
  let scheduler: Cron | undefined;
  let retentionScheduler: Cron | undefined;
  let stopWatchingForms: (() => void) | undefined;
  let stopping: Promise<void> | undefined;
  async function stop(): Promise<void> {
    closing.abort();
    scheduler?.stop();
    retentionScheduler?.stop();
    stopWatchingForms?.();
    await sweeps.finished();
    logger.info('shutdown: stopping mail delivery');
    await delivery.stop();
    if (listener) {
      logger.info('shutdown: closing the mail listener');
      await listener.close();
    }
    await mailReader.close();
    await feed.close();
    logger.info('shutdown: closing the store');
    await db.destroy();
  }
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
    metrics,
    async start() {
      delivery.start();
      if (config.inboundSecret || config.inboundListen) await mailReader.warm();
      await listener?.listen();
      if (config.mode === 'dev') stopWatchingForms ??= catalogue.watch();
      scheduler ??= new Cron(config.sweepCron, { protect: true, catch: (error) => logger.error({ err: error }, 'scheduled sweep failed') }, async () => {
        await services.sweep();
      });
      // Beside the sweep: each process runs it, and a second run finds nothing left (anonymised rows are not due again).
      retentionScheduler ??= new Cron(config.retentionCron, { protect: true, catch: (error) => logger.error({ err: error }, 'scheduled retention run failed') }, async () => {
        await services.privacy.retention({ actor: 'schedule' });
      });
    },
    endLiveStreams() {
      closing.abort();
    },
    stop() {
      return (stopping ??= stop());
    },
    close() {
      return (stopping ??= stop());
    },
  };
}

/** The transport as delivery uses it, with each accepted and each failed attempt counted. */
function countedTransport(transport: MailTransport, metrics: Metrics): MailTransport {
  return {
    async send(mail) {
      try {
        await transport.send(mail);
      } catch (error) {
        metrics.mailFailed();
        throw error;
      }
      metrics.mailSent();
    },
    close: () => transport.close(),
  };
}
