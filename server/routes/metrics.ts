import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { GuichetError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';
import { requireAdmin } from './admin.ts';
import type { AppEnv } from './context.ts';

function isLoopback(address: string | undefined): boolean {
  return address !== undefined && (/^(::ffff:)?127\./.test(address) || address === '::1');
}

/**
 * `GET /metrics`, Prometheus text. With GUICHET_ADMIN_TOKEN set, the scraper
 * sends it as a bearer token, from anywhere. Without it: open in dev mode, and
 * in production to a scraper on the same machine only — a request a proxy
 * forwarded (X-Forwarded-For) is not that, even though its TCP peer is local.
 */
export function metricsRoutes(deps: { metrics: Metrics; adminToken: string | undefined; mode: 'dev' | 'production'; remoteAddress(c: Context): string | undefined }) {
  const app = new OpenAPIHono<AppEnv>();
  app.get('/metrics', async (c) => {
    if (deps.adminToken !== undefined) requireAdmin(c, deps.adminToken);
    else if (deps.mode !== 'dev' && (c.req.header('x-forwarded-for') !== undefined || !isLoopback(deps.remoteAddress(c)))) throw new GuichetError('forbidden');
    const { contentType, body } = await deps.metrics.scrape();
    c.header('Cache-Control', 'no-store');
    return c.body(body, 200, { 'Content-Type': contentType });
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/metrics',
    tags: ['operations'],
    security: [{ adminToken: [] }],
    description: 'Prometheus text. Needs GUICHET_ADMIN_TOKEN as a bearer token when it is set; otherwise open in dev mode and to loopback peers in production.',
    responses: { 200: { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } } },
  });
  return app;
}
