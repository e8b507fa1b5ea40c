import type { Server, ServerResponse } from 'node:http';
import { loadConfig } from './config.ts';
import { serveHttp } from './http-server.ts';
import { createLogger } from './logger.ts';
import { createRuntime } from './runtime.ts';

/** How long requests in flight may take to finish after SIGTERM before their connections are cut. */
const drainMilliseconds = 10_000;

/** Starts one Guichet process: config, store, mail delivery, HTTP; stops it cleanly on SIGTERM or SIGINT. `guichet serve` and `npm start` run it. */
export async function serve(env: Record<string, string | undefined>): Promise<void> {
  const logger = createLogger(env.LOG_LEVEL ?? 'info');
  let runtime;
  try {
    runtime = await createRuntime(loadConfig(env), { logger, processMetrics: true });
  } catch (error) {
    console.error(`Guichet cannot start.\n${(error as Error).message}`);
    process.exit(1);
  }
  const { config, app } = runtime;
  await runtime.start();
  const server = serveHttp(app.fetch, config, (address) => {
    const where = address.family === 'IPv6' ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
    console.log(`Guichet (${config.mode}) listening on ${where} (${config.publicUrl}) — data in ${config.dataDir}`);
    if (config.mode === 'dev') console.log(`Demo: ${config.publicUrl}/  ·  mail viewer: ${config.publicUrl}/mail.html`);
  });

  let stopping = false;
  // close() only closes the connections idle at that moment; one whose last request ends later
  // would otherwise keep the server open for its keep-alive time.
  server.on('request', (_request, response: ServerResponse) => {
    response.once('finish', () => {
      if (stopping) setImmediate(() => (server as Server).closeIdleConnections());
    });
  });

  async function stop(signal: NodeJS.Signals): Promise<void> {
    stopping = true;
    logger.info({ signal }, 'shutdown: refusing new connections, finishing the requests in flight');
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    // Live streams never end by themselves; the components reconnect (and fall back to polling) on their own.
    runtime!.endLiveStreams();
    const cut = setTimeout(() => {
      logger.warn({ afterMilliseconds: drainMilliseconds }, 'shutdown: requests still running, closing their connections');
      (server as Server).closeAllConnections();
    }, drainMilliseconds);
    await drained;
    clearTimeout(cut);
    logger.info('shutdown: HTTP server closed');
    await runtime!.stop();
    logger.info('shutdown: done');
  }

  // A second signal while stopping is not caught: it ends the process at once.
  const onSignal = (signal: NodeJS.Signals) =>
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

