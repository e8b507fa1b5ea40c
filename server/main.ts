import { serve } from '@hono/node-server';
import { loadConfig } from './config.ts';
import { createRuntime } from './runtime.ts';

/** Starts one Guichet process: config, store, mail delivery, HTTP. */
async function main(): Promise<void> {
  let runtime;
  try {
    runtime = await createRuntime(loadConfig(process.env));
  } catch (error) {
    console.error(`Guichet cannot start.\n${(error as Error).message}`);
    process.exit(1);
  }
  const { config, app } = runtime;
  await runtime.start();
  const server = serve({ fetch: app.fetch, port: config.port }, () => {
    console.log(`Guichet (${config.mode}) listening on ${config.publicUrl} — data in ${config.dataDir}`);
    if (config.mode === 'dev') console.log(`Demo: ${config.publicUrl}/  ·  mail viewer: ${config.publicUrl}/mail.html`);
  });
  const stop = () => {
    server.close(async () => {
      await runtime.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
