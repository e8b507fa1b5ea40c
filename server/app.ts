import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from 'pino';
import { toJSONSchema } from 'zod/mini';
import type { CompiledForm } from '../forms/compile.ts';
import type { Catalogue } from './catalogue.ts';
import type { MovableClock } from './clock.ts';
import type { Config } from './config.ts';
import { GuichetError, listIssues } from './errors.ts';
import type { Directory } from './identity/directory.ts';
import type { IdentityRequest } from './identity/identity.ts';
import type { Person } from './identity/person.ts';
import type { DevMail } from './mail/transport.ts';
import type { AppEnv } from './middleware/context.ts';
import { createBodyLimits } from './middleware/body-limits/index.ts';
import { findClientAddress } from './middleware/client-address/index.ts';
import { embedHeaders } from './middleware/embed-headers/index.ts';
import { identify } from './middleware/identify/index.ts';
import { chooseLanguage } from './middleware/language/index.ts';
import { refuseNulCharacters } from './middleware/no-nul/index.ts';
import { observeRequests, tagRequest } from './middleware/observe/index.ts';
import { createOriginPolicy, refuseForeignOrigins } from './middleware/origins/index.ts';
import { refuseSimpleRequests } from './middleware/simple-requests/index.ts';
import { closeOnUnreadBody } from './middleware/unread-body/index.ts';
import { devRoutes } from './routes/dev.ts';
import { formRoutes } from './routes/forms.ts';
import { adminRoutes } from './routes/admin.ts';
import { altchaWidgetRoutes } from './routes/altcha-widget.ts';
import { editorKitRoutes } from './routes/editor-kit.ts';
import { hostedPageRoutes } from './routes/hosted-pages.ts';
import { approvalPageRoutes } from './routes/approval-page.ts';
import { agentRoutes } from './routes/agent.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { liveRoutes } from './routes/live.ts';
import { reportRoutes } from './routes/reports.ts';
import { metricsRoutes } from './routes/metrics.ts';
import type { Metrics } from './metrics.ts';
import { fromPackage } from './package-root.ts';
import { bearer, ticketRoutes } from './routes/tickets.ts';
import type { Services } from './services/index.ts';
import { everyLanguage } from './words/index.ts';

const demoDir = fromPackage('demo');
const embedDir = fromPackage('dist/embed');
const agentDir = fromPackage('dist/agent');
const kitDir = fromPackage('kit');

export interface AppDeps {
  config: Config;
  catalogue: Catalogue;
  directory: Directory;
  identity: { identify(request: IdentityRequest): Promise<Person | undefined> };
  services: Services;
  logger: Logger;
  metrics: Metrics;
  /** Aborted when the process stops: live streams end so the HTTP server can close. */
  closing?: AbortSignal;
  /** Dev mode only: the movable clock and the delivered mails behind the dev routes. */
  dev?: { clock: MovableClock; outbox: { list(): DevMail[] } };
  /** The TCP peer of a request; the Node adapter's by default. */
  remoteAddress?: (c: Context) => string | undefined;
}

/** The largest body a route accepts; a multipart submission adds its form's file limits (middleware/body-limits). */
const maxBodyBytes = 256 * 1024;

const demoCsp = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  frameSrc: ["'self'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};

function nodeRemoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by the Node adapter (app.request in tests)
  }
}

/** GET /api/tickets/:number with a ticket's token (routes/tickets.ts reads it, not a person's OIDC token): the token alone grants the read. */
const ticketPath = /^\/api\/tickets\/[^/]+$/;
function readsTicketByToken(c: Context): boolean {
  return c.req.method === 'GET' && ticketPath.test(c.req.path) && bearer(c.req.header('authorization')) !== undefined;
}

export function createApp(deps: AppDeps) {
  const { config, catalogue, logger } = deps;
  const remoteAddress = deps.remoteAddress ?? nodeRemoteAddress;
  // Per form: a form's routes answer its own embedding sites only (middleware/origins).
  const isAllowed = createOriginPolicy(config, catalogue);

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = listIssues(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
        throw new GuichetError('bad_request', {
          message: everyLanguage('request').malformed(where),
        });
      }
    },
  });

  app.onError(function shapeError(error, c) {
    const lang = c.get('lang') ?? config.defaultLang;
    let shaped: GuichetError;
    if (error instanceof GuichetError) shaped = error;
    else if (error instanceof HTTPException && error.status === 413) shaped = new GuichetError('too_large');
    else if (error instanceof HTTPException && error.status < 500) shaped = new GuichetError('bad_request');
    else {
      logger.error({ err: error, reqId: c.get('requestId'), path: c.req.path, method: c.req.method }, 'unexpected error');
      shaped = new GuichetError('internal');
    }
    if (shaped.details.retryAfterSeconds) c.header('Retry-After', String(shaped.details.retryAfterSeconds));
    return c.json(shaped.body(lang), shaped.status as 400);
  });

  app.use('*', closeOnUnreadBody);
  app.use('*', tagRequest);
  app.use('*', observeRequests({ logger, metrics: deps.metrics, isForm: (id) => catalogue.forms.has(id) }));

  app.use(
    '*',
    secureHeaders({
      // The embed module and the API are fetched from department sites: cross-origin by design.
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginOpenerPolicy: false,
      xFrameOptions: 'DENY',
      strictTransportSecurity: config.publicUrl.startsWith('https:') ? 'max-age=31536000' : false,
    }),
  );

  app.use('*', chooseLanguage(config.defaultLang));

  app.use(
    '/api/*',
    cors({
      origin: (origin, c) => (isAllowed(origin, c.req.path) ? origin : null),
      credentials: true,
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'Accept-Language', 'X-Guichet-Dev-User', 'X-Guichet-Request'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );
  app.use('/api/*', refuseForeignOrigins(isAllowed));
  app.use('/api/*', refuseSimpleRequests);
  app.use('/api/*', createBodyLimits(catalogue, maxBodyBytes));
  app.use('/api/*', refuseNulCharacters);

  app.use('/api/*', findClientAddress(config.ssoProxies, remoteAddress));
  app.use('/api/*', identify(deps.identity, remoteAddress, readsTicketByToken));

  const { submissions, tickets, lifecycle, feed, sweep, inbound, altcha, reports, privacy } = deps.services;

  app.route('/', formRoutes({ catalogue, submissions, altcha, loginUrl: config.loginUrl, payloadBytes: maxBodyBytes }));
  app.route('/', ticketRoutes({ tickets, privacy }));
  app.route('/', agentRoutes({ lifecycle }));
  app.route('/', reportRoutes({ reports }));
  app.route('/', liveRoutes({ feed, tickets, lifecycle, closing: deps.closing, streamsPerAddress: config.liveStreamsPerAddress }));
  app.route('/', inboundRoutes({ inbound, secret: config.inboundSecret, maxBytes: config.inboundMaxBytes }));
  app.route('/', adminRoutes({ sweep, privacy, adminToken: config.adminToken }));
  if (config.mode === 'dev' && deps.dev) app.route('/', devRoutes({ directory: deps.directory, ...deps.dev, inbound }));

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.route('/', metricsRoutes({ metrics: deps.metrics, adminToken: config.adminToken, mode: config.mode, remoteAddress }));

  app.openAPIRegistry.registerComponent('securitySchemes', 'accessToken', { type: 'http', scheme: 'bearer', description: 'The ticket’s access token from the magic link' });
  // Each form's body, registered again when a dev reload changed it: the document follows the forms folder.
  const documented = new Map<string, CompiledForm>();
  const documentForms = () => {
    for (const compiled of catalogue.forms.values()) {
      if (documented.get(compiled.form.id) === compiled) continue;
      const { $schema: _, ...schema } = toJSONSchema(compiled.body) as Record<string, unknown>;
      app.openAPIRegistry.registerComponent('schemas', `FormData_${compiled.form.id}`, schema as never);
      documented.set(compiled.form.id, compiled);
    }
  };
  documentForms();
  app.use('/api/openapi.json', async function documentReloadedForms(_c, next) {
    documentForms();
    await next();
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Guichet API', version: '1', description: 'Forms, submissions and tickets of Guichet. The repository renders this document as docs/api.md; docs/contract.md says what it cannot (errors, tokens, rate limits, live streams).' },
  });

  app.all('/api/*', () => {
    throw new GuichetError('not_found');
  });

  // The embed's files go out compressed: what its size budgets count (components/report-size.ts), and a third of the bytes on a slow network.
  app.use('/embed/*', compress());
  app.use('/embed/*', embedHeaders);
  app.route('/', editorKitRoutes({ kitDir, embedFile: resolve(embedDir, 'guichet.js'), config }));
  app.route('/', altchaWidgetRoutes());
  app.route('/', approvalPageRoutes({ approvals: deps.services.approvals, timeZone: config.timeZone }));
  app.route('/', hostedPageRoutes({ demoDir: config.mode === 'dev' && existsSync(demoDir) ? demoDir : undefined }));
  // The agents' workspace is its own module (dist/agent), so requesters never download it.
  app.use('/embed/agent/*', serveStatic({ root: agentDir, rewriteRequestPath: (path) => path.replace(/^\/embed\/agent/, '') }));
  app.use('/embed/*', serveStatic({ root: embedDir, rewriteRequestPath: (path) => path.replace(/^\/embed/, '') }));
  if (config.mode === 'dev') {
    for (const file of [resolve(embedDir, 'guichet.js'), resolve(agentDir, 'guichet-agent.js')]) {
      if (!existsSync(file)) logger.warn(`${file} is missing: run \`npm run build\` for the demo`);
    }
    app.use('*', secureHeaders({ contentSecurityPolicy: demoCsp, crossOriginResourcePolicy: 'same-origin' }));
    app.use('*', serveStatic({ root: demoDir }));
  }
  app.notFound((c) => c.json(new GuichetError('not_found').body(c.get('lang') ?? config.defaultLang), 404));
  return app;
}

export type App = ReturnType<typeof createApp>;
