/**
 * Operators' and editors' commands, run beside (or instead of) a serving process:
 *   npx guichet forms check <files or folders…>   (or node --import tsx server/cli.ts forms check …)
 *   npx guichet sweep [--dry-run]
 * `sweep` reads the same config (environment) as the server and prints JSON;
 * `forms check` needs no config.
 */
import { checkForms } from './forms-check.ts';

const usage = 'usage: guichet forms check <files or folders…>\n       guichet sweep [--dry-run]';

async function sweep(flags: string[]): Promise<number> {
  // Loaded here: checking forms should not open a database driver.
  const [{ pino }, { loadConfig }, { createLogger }, { createRuntime }] = await Promise.all([
    import('pino'),
    import('./config.ts'),
    import('./logger.ts'),
    import('./runtime.ts'),
  ]);
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

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'sweep' && rest.every((f) => f === '--dry-run')) return sweep(rest);
  if (command === 'forms' && rest[0] === 'check' && rest.length > 1) {
    const { report, ok } = checkForms(rest.slice(1));
    (ok ? console.log : console.error)(report);
    return ok ? 0 : 1;
  }
  console.error(usage);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`guichet: ${error.message}`);
  return 1;
});
