import { timingSafeEqual } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { GuichetError } from '../errors.ts';
import type { Sweep } from '../services/sweep.ts';
import type { AppEnv } from './context.ts';
import { errorResponses, ticketNumber } from './schemas.ts';
import { bearer } from './tickets.ts';

const sweep = createRoute({
  method: 'post',
  path: '/api/admin/sweep',
  tags: ['operations'],
  security: [{ adminToken: [] }],
  request: { query: z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional().openapi({ description: '1: change nothing, list what would close' }) }) },
  responses: {
    200: {
      description: 'What the sweep closed (or would close)',
      content: { 'application/json': { schema: z.object({ closed: z.array(z.object({ number: ticketNumber, reason: z.enum(['idle', 'scheduled']), unanswered: z.literal(true).optional().openapi({ description: 'Closed with no agent’s answer on it: the queue’s daily list names it' }) })), overdue: z.array(z.object({ number: ticketNumber })).openapi({ description: 'Idle with no agent’s answer, in a queue that keeps such requests open: flagged overdue' }) }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Admin routes: a person with the admin role, or an operator's cron with GUICHET_ADMIN_TOKEN. */
export function requireAdmin(c: Context<AppEnv>, adminToken: string | undefined): void {
  const token = bearer(c.req.header('authorization'));
  if (token !== undefined && adminToken !== undefined && sameSecret(token, adminToken)) return;
  const person = c.get('person');
  if (!person && token === undefined) throw new GuichetError('unauthenticated');
  if (!person?.admin) throw new GuichetError('forbidden');
}

export function adminRoutes(deps: { sweep: Sweep; adminToken: string | undefined }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(sweep, async (c) => {
    requireAdmin(c, deps.adminToken);
    const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '');
    return c.json(await deps.sweep({ dryRun }), 200);
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'GUICHET_ADMIN_TOKEN' });
  return app;
}
