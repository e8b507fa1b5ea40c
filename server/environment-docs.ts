import type { environmentSchema } from './config.ts';

/** A variable of the environment, as docs/configuration.md describes it. */
export interface VariableDoc {
  /** What it sets, in one or two sentences of Markdown. */
  description: string;
  /** The default as an operator reads it; without it, the schema's default (or "unset"). */
  default?: string;
  /** `required`: production refuses to start without it; `expected`: production runs without it, but not as a real service does. */
  production?: 'required' | 'expected';
}

export type EnvironmentVariable = keyof typeof environmentSchema.shape;

/**
 * Every variable of server/config.ts, described once: `npm run docs` writes
 * docs/configuration.md from this table and the schema's defaults, and a test
 * fails when that file is stale. A variable added to the schema without an
 * entry here fails the type check.
 */
export const environmentDocs = {
  PORT: { description: 'The HTTP port.' },
  HOST: { description: 'The address the server listens on. Dev mode listens on loopback only: its header identities, clock and mail viewer must not reach the network.', default: 'dev: `127.0.0.1`; production: every interface' },
  GUICHET_INBOUND_MAX_BYTES: { description: 'The largest raw mail accepted (HTTP body or SMTP/LMTP message); a larger one is refused for good: 413, SMTP 552.', default: '`10485760` (10 MiB)' },
  GUICHET_INBOUND_TRUSTED_AUTHSERV: {
    description: 'Comma-separated `authserv-id`s of the MTA whose topmost `Authentication-Results` header may vouch for a reply’s From (`dmarc=pass`, or `dkim=pass` aligned with the From domain). Without a signed reply address, a mail changes a ticket only then; otherwise it is held for the agents.',
    default: 'unset: only signed reply addresses change tickets',
  },
  GUICHET_RATE_LIMIT_INBOUND: { description: 'Replies by mail per pair of sender address and ticket (`COUNT/WINDOW`); past it a mail is held for the agents, changes nothing and triggers no mail.' },
  GUICHET_LIVE_STREAMS_PER_ADDRESS: { description: 'Live streams (`…/live`) one client address may hold open at once in one process (IPv6: per /64); the next gets 429 with `Retry-After`.' },
  GUICHET_HEADERS_TIMEOUT_SECONDS: { description: 'Time a client has to send a request’s headers; past it, 408 and the connection closes.' },
  GUICHET_REQUEST_TIMEOUT_SECONDS: { description: 'Time a client has to send a whole request, body included (a trickling body is cut); past it, 408 and the connection closes.' },
  GUICHET_MODE: {
    description: '`dev` or `production`. The dev routes (`/api/dev/*`), the dev identity, the demo site and the generated secret exist only in `dev`.',
    default: '`production` (`npm start`: `dev`)',
  },
  GUICHET_DATA_DIR: { description: 'The folder for the SQLite file, attachments, the dev outbox, the dev secret and the delivery worker’s name.' },
  GUICHET_DATABASE_URL: { description: '`postgres://…`: the store in PostgreSQL instead of the SQLite file (same migrations and queries).', default: 'unset: SQLite in the data folder' },
  GUICHET_PUBLIC_URL: { description: 'The server’s public base URL, for the links in mails and the editor’s kit.', default: '`http://localhost:$PORT`', production: 'expected' },
  GUICHET_SMTP_URL: {
    description: '`smtp://…` or `smtps://…`: where mail leaves. Production refuses to start without it unless `GUICHET_MAIL` chooses files; in dev, unset, mail goes to the dev outbox folder in the data folder.',
    default: 'unset: the dev outbox (dev mode only)',
    production: 'required',
  },
  GUICHET_MAIL: {
    description: '`file:DIR`: mails are written as files in DIR (an `.eml` and a JSON summary each) instead of being sent; chosen on purpose, production accepts it in place of `GUICHET_SMTP_URL` and logs that mail is not sent. Not with `GUICHET_SMTP_URL`.',
    default: 'unset: SMTP (dev: the dev outbox)',
  },
  GUICHET_INBOUND_SECRET: { description: 'The bearer secret of `POST /api/inbound/email`, where the MTA posts replies (at least 16 characters).', default: 'unset: the route is off' },
  GUICHET_INBOUND_LISTEN: { description: 'The built-in mail listener for replies: `lmtp://HOST:PORT` or `smtp://HOST:PORT`.', default: 'unset: no listener' },
  GUICHET_ADMIN_TOKEN: { description: 'The bearer secret of the admin routes (`POST /api/admin/sweep`) and of `/metrics` for a remote scraper (at least 16 characters).' },
  GUICHET_MAIL_FROM: { description: 'The sender of every mail; replies come back to its plus-addresses (`local+<ticket>.<hmac>@domain`).' },
  GUICHET_SECRET: {
    description: 'The key of the HMACs (reply-to addresses, links); at least 32 bytes. Several processes share one.',
    default: 'dev: generated once into the data folder',
    production: 'required',
  },
  GUICHET_FORMS_DIR: { description: 'The folder of form definitions and `queues.json`.', default: 'the shipped `forms/definitions`' },
  GUICHET_IDENTITY: {
    description: 'The identity sources, tried in order, comma-separated: `dev` (refused outside dev mode), `header` (trusted SSO headers), `oidc` (bearer tokens).',
    default: '`dev` in dev mode, else `header`',
  },
  GUICHET_SSO_PROXIES: {
    description: 'The addresses or CIDRs allowed to send SSO headers (the Shibboleth SP’s proxy), comma-separated; from anyone else the headers are ignored. The proxy must remove identity headers sent by clients.',
    default: 'unset: SSO headers are ignored',
    production: 'expected',
  },
  GUICHET_SSO_HEADERS: { description: 'The SSO header names for the id, mail, name and affiliations, in that order.' },
  GUICHET_LOGIN_URL: {
    description:
      'The institution’s login page with `{return}` where the address to come back to goes (URL-encoded), e.g. `https://guichet.uni.example/Shibboleth.sso/Login?target={return}`. A form that needs an identity links a visitor without one to it; unset, the form says the service has no sign-in page, and production logs a warning.',
    default: 'unset: no sign-in link',
    production: 'expected',
  },
  GUICHET_OIDC_ISSUER: { description: 'The OIDC issuer whose bearer tokens identify people (its discovery document gives the keys); with `oidc` in `GUICHET_IDENTITY`.' },
  GUICHET_OIDC_AUDIENCE: { description: 'The audience (`aud`) the OIDC tokens must name.' },
  GUICHET_DIRECTORY: {
    description: 'Where affiliations, groups and roles come from: `file:PATH` (JSON people) or `ldap://…`/`ldaps://…` (with `GUICHET_LDAP_BASE`). Production refuses to start without it; in dev, unset, the shipped demo people are used, an admin among them.',
    default: 'dev: the shipped demo people',
    production: 'required',
  },
  GUICHET_LDAP_BASE: { description: 'The base DN people are searched under; required with an LDAP directory.' },
  GUICHET_LDAP_BIND_DN: { description: 'The DN the LDAP directory is bound as.', default: 'unset: anonymous bind' },
  GUICHET_LDAP_BIND_PASSWORD: { description: 'Its password (needs `GUICHET_LDAP_BIND_DN`).' },
  GUICHET_DEFAULT_LANG: { description: 'The language (`fr`, `en`, `de`) when a request names none.' },
  GUICHET_TIMEZONE: { description: 'The IANA time zone of closing times and of the service figures’ days.' },
  GUICHET_SWEEP_CRON: { description: 'The closure sweep’s schedule: 5 cron fields, or 6 with seconds first.' },
  GUICHET_RETENTION_CRON: { description: 'The retention job’s schedule (anonymises the closed requests whose form’s or queue’s `retention` is over): 5 cron fields, or 6 with seconds first.' },
  GUICHET_RATE_LIMIT_PERSON: { description: 'Submissions, messages and reopens per identity (or per token), `COUNT/WINDOW` with a window in `s`, `m`, `h` or `d`.' },
  GUICHET_RATE_LIMIT_ADDRESS: { description: 'The same per client address, plus failed token look-ups; successful reads and live streams are not limited.' },
  GUICHET_AUTOMATIC_MAILS_PER_DAY: {
    description: 'Loop protection: the automatic mails (confirmations, state changes, closures) one address receives per 24 hours; the rest are kept in the outbox, marked suppressed.',
  },
} as const satisfies Record<EnvironmentVariable, VariableDoc>;

/** Read outside the validated configuration. */
export const otherVariables: Record<string, VariableDoc> = {
  LOG_LEVEL: { description: 'The log level of the JSON lines on stdout (pino: `trace`, `debug`, `info`, `warn`, `error`).', default: '`info` (the CLI: `warn`)' },
};
