/** The `guichet` commands about personal data: retention, person export, person erase (server/cli.ts parses their arguments). */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from './config.ts';
import { privateFileMode } from './data-files.ts';
import { createLogger } from './logger.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { personRef } from './services/privacy.ts';

type Env = Record<string, string | undefined>;

/** A runtime whose logs go to stderr, so stdout stays what the command prints. */
async function withRuntime(env: Env, work: (runtime: Runtime) => Promise<number>): Promise<number> {
  const runtime = await createRuntime(loadConfig(env), { logger: createLogger(env.LOG_LEVEL ?? 'warn', pino.destination(2)) });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

export function retention(env: Env, dryRun: boolean): Promise<number> {
  return withRuntime(env, async (runtime) => {
    console.log(JSON.stringify(await runtime.services.privacy.retention({ dryRun, actor: 'cli' })));
    return 0;
  });
}

export async function exportPerson(env: Env, person: string, out: string): Promise<number> {
  const target = resolve(out);
  if (existsSync(target)) {
    console.error(`guichet person export: ${target} exists already; name a new file`);
    return 1;
  }
  return withRuntime(env, async (runtime) => {
    const { zip, requests } = await runtime.services.privacy.exportPerson(personRef(person), { actor: 'cli' });
    // A person's data: readable by the operator's user only.
    writeFileSync(target, zip, { mode: privateFileMode, flag: 'wx' });
    console.log(`guichet person export: ${requests} request(s) written to ${target}`);
    return 0;
  });
}

export function erasePerson(env: Env, person: string): Promise<number> {
  return withRuntime(env, async (runtime) => {
    const { erased } = await runtime.services.privacy.erasePerson(personRef(person), { actor: 'cli' });
    console.log(`guichet person erase: ${erased} request(s) anonymised`);
    return 0;
  });
}
