/**
 * Operators' commands, run beside (or instead of) a serving process:
 *   node --import tsx server/cli.ts sweep [--dry-run]
 * The same config (environment) as the server; prints JSON.
 */
import { pino } from 'pino';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createRuntime } from './runtime.ts';

const usage = 'usage: guichet sweep [--dry-run]';

async function main(args: string[]): Promise<number> {
  const [command, ...flags] = args;
  if (command !== 'sweep' || flags.some((f) => f !== '--dry-run')) {
    console.error(usage);
    return 2;
  }
  const runtime = await createRuntime(loadConfig(process.env), { logger: createLogger(process.env.LOG_LEVEL ?? 'warn', pino.destination(2)) });
  try {
    const result = await runtime.sweep({ dryRun: flags.includes('--dry-run') });
    console.log(JSON.stringify(result));
    // Closure mails leave now rather than at the next server poll; failures stay queued for the server's retries.
    if (!flags.includes('--dry-run')) await runtime.delivery.deliverDue();
    return 0;
  } finally {
    await runtime.close();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`guichet: ${error.message}`);
  return 1;
});
