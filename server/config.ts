import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { languages } from '../forms/lang.ts';
import { makePrivateDir, privateFileMode } from './data-files.ts';
import { parseAddressRange } from './identity/address-range.ts';
import { fromPackage } from './package-root.ts';

export const shippedFormsDir = fromPackage('forms/definitions');
export const shippedPeopleFile = fromPackage('server/identity/people.json');

const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const rateLimit = z
  .string()
  .regex(/^\d+\/\d+[smhd]$/, 'expected COUNT/WINDOW such as 10/1m')
  .transform((v) => {
    const [count, window] = v.split('/') as [string, string];
    const unit = { s: 1, m: 60, h: 3600, d: 86400 }[window.slice(-1) as 's' | 'm' | 'h' | 'd'];
    return { count: Number(count), windowSeconds: Number(window.slice(0, -1)) * unit };
  });

const identitySources = z.enum(['dev', 'header', 'oidc']);

/** Where the page's own address goes in GUICHET_LOGIN_URL, URL-encoded. */
export const returnPlaceholder = '{return}';

/** The institution's login page, e.g. a Shibboleth session initiator, with `{return}` where the page's address goes. */
const loginUrlTemplate = z
  .string()
  .refine((v) => v.includes(returnPlaceholder), `expected ${returnPlaceholder} where the page's address goes, e.g. https://uni.example/Shibboleth.sso/Login?target=${returnPlaceholder}`)
  .refine((v) => /^https?:$/.test(URL.parse(v.replaceAll(returnPlaceholder, 'x'))?.protocol ?? ''), 'expected an http:// or https:// URL');

/**
 * The environment; every variable is optional and defaulted here. Each one is described in
 * server/environment-docs.ts (the type check fails without it), from which docs/configuration.md is generated.
 */
export const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  /** Where the HTTP server listens; unset: 127.0.0.1 in dev (its header identities and mail viewer stay on loopback), every interface in production. */
  HOST: z.string().min(1).optional(),
  GUICHET_MODE: z.enum(['dev', 'production']).default('production'),
  GUICHET_DATA_DIR: z.string().min(1).default('./data'),
  GUICHET_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…').optional(),
  GUICHET_PUBLIC_URL: z.url().optional(),
  GUICHET_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…').optional(),
  GUICHET_MAIL: z.string().regex(/^file:./, 'expected file:DIR').optional(),
  GUICHET_INBOUND_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  GUICHET_INBOUND_LISTEN: z.string().regex(/^(smtp|lmtp):\/\/[^/:]+:\d+$/, 'expected smtp://HOST:PORT or lmtp://HOST:PORT').optional(),
  GUICHET_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  GUICHET_MAIL_FROM: z.string().default('Guichet <guichet@localhost>'),
  GUICHET_SECRET: z.string().min(32, 'at least 32 bytes').optional(),
  GUICHET_FORMS_DIR: z.string().default(shippedFormsDir),
  GUICHET_IDENTITY: csv.pipe(z.array(identitySources).min(1)).optional(),
  GUICHET_SSO_PROXIES: csv
    .pipe(z.array(z.string().refine((entry) => parseAddressRange(entry) !== undefined, {
          error: (issue) => `“${String(issue.input)}” is not an IPv4 or IPv6 address or CIDR range (such as 10.0.0.0/8 or 2001:db8::/32)`,
        })))
    .optional(),
  GUICHET_SSO_HEADERS: csv.pipe(z.array(z.string()).length(4, 'expected four names: id,mail,name,affiliations')).default(['eppn', 'mail', 'displayName', 'affiliation']),
  GUICHET_LOGIN_URL: loginUrlTemplate.optional(),
  GUICHET_OIDC_ISSUER: z.url().optional(),
  GUICHET_OIDC_AUDIENCE: z.string().optional(),
  GUICHET_DIRECTORY: z.string().regex(/^(file:|ldaps?:\/\/)/, 'expected file:PATH, ldap://… or ldaps://…').optional(),
  GUICHET_LDAP_BASE: z.string().optional(),
  GUICHET_LDAP_BIND_DN: z.string().optional(),
  GUICHET_LDAP_BIND_PASSWORD: z.string().optional(),
  GUICHET_DEFAULT_LANG: z.enum(languages).default('fr'),
  GUICHET_TIMEZONE: z.string().refine(isTimeZone, 'not a known IANA time zone').default('Europe/Zurich'),
  GUICHET_SWEEP_CRON: z.string().regex(/^(\S+\s+){4,5}\S+$/, 'expected 5 fields (or 6 with seconds first)').default('*/5 * * * *'),
  GUICHET_RETENTION_CRON: z.string().regex(/^(\S+\s+){4,5}\S+$/, 'expected 5 fields (or 6 with seconds first)').default('17 3 * * *'),
  GUICHET_RATE_LIMIT_PERSON: rateLimit.prefault('10/1m'),
  GUICHET_RATE_LIMIT_ADDRESS: rateLimit.prefault('20/1m'),
  GUICHET_AUTOMATIC_MAILS_PER_DAY: z.coerce.number().int().min(1).default(50),
  GUICHET_LIVE_STREAMS_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  GUICHET_HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(20),
  GUICHET_REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(120),
  GUICHET_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024, 'at least 1024').default(10 * 1024 * 1024),
  GUICHET_INBOUND_TRUSTED_AUTHSERV: csv.optional(),
  GUICHET_RATE_LIMIT_INBOUND: rateLimit.prefault('10/1h'),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Config = Readonly<{
  port: number;
  /** The address the HTTP server listens on; undefined: every interface. */
  host: string | undefined;
  mode: 'dev' | 'production';
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  smtpUrl: string | undefined;
  /** Without SMTP: the folder mails are written to as files (GUICHET_MAIL=file:DIR; in dev, DATA_DIR/dev-outbox by default). */
  mailDir: string | undefined;
  inboundSecret: string | undefined;
  inboundListen: string | undefined;
  adminToken: string | undefined;
  mailFrom: string;
  secret: string;
  formsDir: string;
  identity: readonly ('dev' | 'header' | 'oidc')[];
  ssoProxies: readonly string[];
  ssoHeaders: Readonly<{ id: string; mail: string; name: string; affiliations: string }>;
  /** The institution's login page with `{return}` (returnPlaceholder) where the page's address goes; the request form links to it. */
  loginUrl: string | undefined;
  oidc: Readonly<{ issuer: string; audience: string }> | undefined;
  directory: string | undefined;
  /** With an ldap:// or ldaps:// directory: where people are searched, and who binds (anonymous when unset). */
  ldap: Readonly<{ base: string; bindDn: string | undefined; bindPassword: string | undefined }> | undefined;
  defaultLang: (typeof languages)[number];
  timeZone: string;
  sweepCron: string;
  /** When the retention job anonymises the requests whose retention is over (daily by default). */
  retentionCron: string;
  rateLimitPerson: Readonly<{ count: number; windowSeconds: number }>;
  rateLimitAddress: Readonly<{ count: number; windowSeconds: number }>;
  /** Loop protection: automatic mails one address receives per 24 hours at most; the rest are kept, marked suppressed. */
  automaticMailsPerDay: number;
  /** Live streams (server-sent events) one client address may hold open at once. */
  liveStreamsPerAddress: number;
  /** How long a client may take to send a request's headers, and its whole request (headers and body), before its connection is cut. */
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
  /** A received mail larger than this is refused for good (413, SMTP 552). */
  inboundMaxBytes: number;
  /** The authserv-ids whose Authentication-Results (DMARC, DKIM) vouch for a mail's From; none by default. */
  inboundTrustedAuthserv: readonly string[];
  /** Received mails per pair of sender address and ticket. */
  rateLimitInbound: Readonly<{ count: number; windowSeconds: number }>;
}>;

/** A variable that does not parse: start-up stops with this message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the configuration once, at start-up. `env` is passed in so tests build
 * a config without touching process.env.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = environmentSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  const identity = e.GUICHET_IDENTITY ?? (e.GUICHET_MODE === 'dev' ? ['dev' as const] : ['header' as const]);
  if (identity.includes('dev') && e.GUICHET_MODE !== 'dev') problems.push('GUICHET_IDENTITY: "dev" is refused outside GUICHET_MODE=dev');
  if (identity.includes('oidc') && (!e.GUICHET_OIDC_ISSUER || !e.GUICHET_OIDC_AUDIENCE)) {
    problems.push('GUICHET_IDENTITY: "oidc" needs GUICHET_OIDC_ISSUER and GUICHET_OIDC_AUDIENCE');
  }
  const ldapDirectory = /^ldaps?:/.test(e.GUICHET_DIRECTORY ?? '');
  if (ldapDirectory && !e.GUICHET_LDAP_BASE) problems.push('GUICHET_LDAP_BASE: an ldap:// directory needs the base DN people are searched under');
  if (e.GUICHET_LDAP_BIND_PASSWORD && !e.GUICHET_LDAP_BIND_DN) problems.push('GUICHET_LDAP_BIND_DN: a bind password needs the DN it belongs to');
  if (e.GUICHET_MODE === 'production' && !e.GUICHET_SECRET) problems.push('GUICHET_SECRET: required in production (at least 32 bytes)');
  // Production never falls back to the demo people or to mail files holding live links, unless GUICHET_MAIL chooses files.
  if (e.GUICHET_MODE === 'production' && !e.GUICHET_DIRECTORY) problems.push('GUICHET_DIRECTORY: required in production (file:PATH, ldap://… or ldaps://…); the shipped demo people are for dev mode only');
  if (e.GUICHET_MODE === 'production' && !e.GUICHET_SMTP_URL && !e.GUICHET_MAIL) problems.push('GUICHET_SMTP_URL: required in production (smtp://… or smtps://…), or GUICHET_MAIL=file:DIR to write mails to files on purpose');
  if (e.GUICHET_SMTP_URL && e.GUICHET_MAIL) problems.push('GUICHET_MAIL: set either GUICHET_SMTP_URL or GUICHET_MAIL=file:DIR, not both');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  const dataDir = resolve(e.GUICHET_DATA_DIR);
  const [id, mail, name, affiliations] = e.GUICHET_SSO_HEADERS as [string, string, string, string];
  return Object.freeze({
    port: e.PORT,
    host: e.HOST ?? (e.GUICHET_MODE === 'dev' ? '127.0.0.1' : undefined),
    mode: e.GUICHET_MODE,
    dataDir,
    databaseUrl: e.GUICHET_DATABASE_URL,
    publicUrl: (e.GUICHET_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.GUICHET_SMTP_URL,
    mailDir: e.GUICHET_SMTP_URL ? undefined : e.GUICHET_MAIL ? resolve(e.GUICHET_MAIL.slice('file:'.length)) : join(dataDir, 'dev-outbox'),
    inboundSecret: e.GUICHET_INBOUND_SECRET,
    inboundListen: e.GUICHET_INBOUND_LISTEN,
    adminToken: e.GUICHET_ADMIN_TOKEN,
    mailFrom: e.GUICHET_MAIL_FROM,
    secret: e.GUICHET_SECRET ?? devSecret(dataDir),
    formsDir: resolve(e.GUICHET_FORMS_DIR),
    identity: Object.freeze(identity),
    ssoProxies: Object.freeze(e.GUICHET_SSO_PROXIES ?? []),
    ssoHeaders: Object.freeze({ id, mail, name, affiliations }),
    loginUrl: e.GUICHET_LOGIN_URL,
    oidc: e.GUICHET_OIDC_ISSUER && e.GUICHET_OIDC_AUDIENCE ? Object.freeze({ issuer: e.GUICHET_OIDC_ISSUER, audience: e.GUICHET_OIDC_AUDIENCE }) : undefined,
    directory: e.GUICHET_DIRECTORY,
    ldap: ldapDirectory ? Object.freeze({ base: e.GUICHET_LDAP_BASE!, bindDn: e.GUICHET_LDAP_BIND_DN, bindPassword: e.GUICHET_LDAP_BIND_PASSWORD }) : undefined,
    defaultLang: e.GUICHET_DEFAULT_LANG,
    timeZone: e.GUICHET_TIMEZONE,
    sweepCron: e.GUICHET_SWEEP_CRON,
    retentionCron: e.GUICHET_RETENTION_CRON,
    rateLimitPerson: Object.freeze(e.GUICHET_RATE_LIMIT_PERSON),
    rateLimitAddress: Object.freeze(e.GUICHET_RATE_LIMIT_ADDRESS),
    automaticMailsPerDay: e.GUICHET_AUTOMATIC_MAILS_PER_DAY,
    liveStreamsPerAddress: e.GUICHET_LIVE_STREAMS_PER_ADDRESS,
    headersTimeoutSeconds: e.GUICHET_HEADERS_TIMEOUT_SECONDS,
    requestTimeoutSeconds: Math.max(e.GUICHET_REQUEST_TIMEOUT_SECONDS, e.GUICHET_HEADERS_TIMEOUT_SECONDS),
    inboundMaxBytes: e.GUICHET_INBOUND_MAX_BYTES,
    inboundTrustedAuthserv: Object.freeze((e.GUICHET_INBOUND_TRUSTED_AUTHSERV ?? []).map((id) => id.toLowerCase())),
    rateLimitInbound: Object.freeze(e.GUICHET_RATE_LIMIT_INBOUND),
  });
}

/** Dev mode keeps one generated secret in the data folder, so magic links survive restarts. */
function devSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  makePrivateDir(dataDir);
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: privateFileMode });
  return secret;
}
