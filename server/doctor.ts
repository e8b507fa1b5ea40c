/**
 * `guichet doctor`: checks a configuration before go-live, one line per check,
 * exit 1 on any failure. It reads and connects, it changes nothing: no mail
 * is sent, no migration applied.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { hostedPages } from '../forms/definition.ts';
import { checkDefinitionFiles, definitionFiles } from './catalogue.ts';
import { type Config, ConfigError, loadConfig, shippedPeopleFile } from './config.ts';
import { systemClock } from './clock.ts';
import { createFileDirectory } from './identity/directory.ts';
import { createLdapDirectory } from './identity/ldap.ts';
import { openDatabase, sqliteFileName } from './store/database.ts';
import { pendingMigrations } from './store/migrate.ts';

type Status = 'ok' | 'warn' | 'fail';
interface Check {
  status: Status;
  name: string;
  detail: string;
}

/** Each network check gives up after this long: an unreachable peer is a failure, not a hang. */
const timeoutMilliseconds = 5000;

const ok = (name: string, detail: string): Check => ({ status: 'ok', name, detail });
const warn = (name: string, detail: string): Check => ({ status: 'warn', name, detail });
const fail = (name: string, detail: string): Check => ({ status: 'fail', name, detail });

function secret(config: Config, env: Record<string, string | undefined>): Check {
  if (env.GUICHET_SECRET) return ok('secret', 'GUICHET_SECRET is set');
  return config.mode === 'dev' ? warn('secret', 'GUICHET_SECRET unset: dev mode keeps a generated one in the data folder') : fail('secret', 'GUICHET_SECRET: required in production');
}

function publicUrl(config: Config, env: Record<string, string | undefined>): Check {
  if (!env.GUICHET_PUBLIC_URL) {
    const detail = `GUICHET_PUBLIC_URL unset: links in mails point at ${config.publicUrl}`;
    return config.mode === 'dev' ? warn('public URL', detail) : fail('public URL', detail);
  }
  if (config.publicUrl.startsWith('http:')) return warn('public URL', `${config.publicUrl} is plain http: links in mails carry access tokens, serve them over https`);
  return ok('public URL', config.publicUrl);
}

async function oidcIssuer(issuer: string): Promise<string | undefined> {
  const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMilliseconds), headers: { accept: 'application/json' } });
    if (!response.ok) return `${url} answered ${response.status}`;
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== issuer) return `${url} names the issuer ${JSON.stringify(document.issuer)}, not ${issuer}`;
    if (typeof document.jwks_uri !== 'string') return `${url} has no jwks_uri`;
    return undefined;
  } catch (error) {
    return `${url}: ${(error as Error).message}`;
  }
}

async function identity(config: Config): Promise<Check> {
  const working: string[] = [];
  const problems: string[] = [];
  for (const source of config.identity) {
    if (source === 'dev') working.push('dev (the demo people, dev mode only)');
    if (source === 'header') {
      if (config.ssoProxies.length > 0) working.push(`SSO headers from ${config.ssoProxies.join(', ')}`);
      else problems.push('SSO headers: GUICHET_SSO_PROXIES is unset, so no proxy is trusted');
    }
    if (source === 'oidc' && config.oidc) {
      const problem = await oidcIssuer(config.oidc.issuer);
      if (problem) problems.push(`OIDC issuer unreachable: ${problem}`);
      else working.push(`OIDC tokens from ${config.oidc.issuer}`);
    }
  }
  if (working.length === 0) return fail('identity', `no identity source works, nobody can sign in: ${problems.join('; ')}`);
  return problems.length > 0 ? warn('identity', `${working.join(', ')}; but ${problems.join('; ')}`) : ok('identity', working.join(', '));
}

async function directory(config: Config): Promise<Check> {
  const source = config.directory;
  if (!source) {
    const detail = 'GUICHET_DIRECTORY unset: the shipped demo people are used';
    return config.mode === 'dev' ? warn('directory', detail) : fail('directory', detail);
  }
  if (source.startsWith('file:')) {
    const path = source.slice('file:'.length);
    try {
      const people = await createFileDirectory(path).list();
      if (resolve(path) === resolve(shippedPeopleFile)) return fail('directory', `${path} is the shipped demo directory (one of its people is an admin)`);
      return ok('directory', `${path}: ${people.length} people`);
    } catch (error) {
      return fail('directory', (error as Error).message);
    }
  }
  const { base, bindDn, bindPassword } = config.ldap!;
  const ldap = createLdapDirectory({ url: source, base, bindDn, bindPassword, clock: systemClock, timeoutMilliseconds, cacheSeconds: 0 });
  try {
    // One bind and one search; a person nobody is called is "not found", which proves the directory answered.
    await ldap.find(`guichet-doctor-${randomUUID()}`);
    return ok('directory', `${source}: ${bindDn ? `bound as ${bindDn}` : 'anonymous bind'}, searched under ${base}`);
  } catch {
    return fail('directory', `${source}: no bind or search under ${base} within ${timeoutMilliseconds / 1000} s`);
  }
}


async function mail(config: Config): Promise<Check> {
  if (!config.smtpUrl) {
    const detail = `no SMTP: mails are written as files to ${config.mailDir}, not sent`;
    return writable(config.mailDir!) ?? (config.mode === 'dev' ? ok('mail', detail) : warn('mail', detail));
  }
  const safeUrl = config.smtpUrl.replace(/\/\/[^@/]*@/, '//…@');
  const transport = nodemailer.createTransport({ url: config.smtpUrl, connectionTimeout: timeoutMilliseconds, greetingTimeout: timeoutMilliseconds, socketTimeout: timeoutMilliseconds });
  try {
    // Connects, greets (EHLO) and authenticates when the URL has credentials; sends nothing.
    await transport.verify();
    return ok('mail', `${safeUrl} answers EHLO`);
  } catch (error) {
    return fail('mail', `${safeUrl} unreachable: ${(error as Error).message}`);
  } finally {
    transport.close();
  }
}

function writable(dir: string): Check | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    const probe = join(dir, `.guichet-doctor-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
    return undefined;
  } catch (error) {
    return fail('mail', `${dir} is not writable: ${(error as Error).message}`);
  }
}

function dataFolder(config: Config): Check {
  const problem = writable(config.dataDir);
  return problem ? { ...problem, name: 'data folder' } : ok('data folder', `${config.dataDir} is writable`);
}

async function database(config: Config): Promise<Check> {
  const where = config.databaseUrl ? 'PostgreSQL' : join(config.dataDir, sqliteFileName);
  if (!config.databaseUrl && !existsSync(where)) return fail('database', `${where} does not exist yet: run guichet migrate`);
  let db;
  try {
    db = await openDatabase(config, { migrate: false, poolSize: 1 });
    const pending = await pendingMigrations(db);
    if (pending.length > 0) return fail('database', `${where}: ${pending.length} migration(s) not applied (${pending.join(', ')}): run guichet migrate`);
    return ok('database', `${where}: reachable, migrated`);
  } catch (error) {
    return fail('database', `${where}: ${(error as Error).message}`);
  } finally {
    await db?.destroy();
  }
}

/** A page a mail links to answers 2xx; Guichet's hosted pages are served by this server itself. */
async function page(config: Config, path: string): Promise<string | undefined> {
  if ((Object.values(hostedPages) as string[]).includes(path)) return undefined;
  const url = new URL(path, config.publicUrl + '/');
  if (url.origin === new URL(config.publicUrl).origin && config.mode === 'production') return `${url.href} is not served by Guichet in production (leave it unset for the hosted page)`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMilliseconds), redirect: 'follow' });
    await response.body?.cancel();
    return response.ok ? undefined : `${url.href} answered ${response.status}`;
  } catch (error) {
    return `${url.href}: ${(error as Error).message}`;
  }
}

async function forms(config: Config): Promise<Check[]> {
  let check;
  try {
    check = checkDefinitionFiles(definitionFiles(config.formsDir));
  } catch (error) {
    return [fail('forms', `${config.formsDir}: ${(error as Error).message}`)];
  }
  if (check.problems.length > 0) return [fail('forms', check.problems.join('; '))];
  if (check.forms.size === 0) return [fail('forms', `${config.formsDir} holds no form`)];
  return Promise.all(
    [...check.forms.values()].map(async ({ form }) => {
      const problems = [
        check.queues.has(form.queue) ? undefined : `queue "${form.queue}" is not declared`,
        await page(config, form.statusPage),
        await page(config, form.reopenPage),
      ].filter((p): p is string => p !== undefined);
      const name = `form ${form.id}`;
      return problems.length > 0 ? fail(name, problems.join('; ')) : ok(name, `queue ${form.queue}, status page ${form.statusPage}, reopen page ${form.reopenPage}`);
    }),
  );
}

function inbound(config: Config): Check {
  if (!config.inboundSecret && !config.inboundListen) return ok('inbound mail', 'not configured: replies by mail are not read');
  const ways = [config.inboundSecret ? 'the MTA posts to /api/inbound with GUICHET_INBOUND_SECRET' : undefined, config.inboundListen ? `listening on ${config.inboundListen}` : undefined];
  return ok('inbound mail', ways.filter(Boolean).join('; '));
}

export async function runChecks(env: Record<string, string | undefined>): Promise<Check[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [fail('configuration', error.message.replace(/\n\s*/g, ' '))];
  }
  const [identityCheck, directoryCheck, mailCheck, databaseCheck, formChecks] = await Promise.all([identity(config), directory(config), mail(config), database(config), forms(config)]);
  return [secret(config, env), publicUrl(config, env), identityCheck, directoryCheck, mailCheck, dataFolder(config), databaseCheck, ...formChecks, inbound(config)];
}

export async function doctor(env: Record<string, string | undefined>): Promise<number> {
  const checks = await runChecks(env);
  for (const check of checks) console.log(`${check.status.padEnd(4)}  ${check.name}: ${check.detail}`);
  const failures = checks.filter((c) => c.status === 'fail').length;
  console.log(failures === 0 ? 'guichet doctor: ready' : `guichet doctor: ${failures} problem(s)`);
  return failures === 0 ? 0 : 1;
}
