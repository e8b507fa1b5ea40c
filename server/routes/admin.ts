import { timingSafeEqual } from 'node:crypto';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { GuichetError } from '../errors.ts';
import { personRef, privacyActions, type Privacy, type PrivacyActor } from '../services/privacy.ts';
import type { Sweep } from '../services/sweep.ts';
import type { AppEnv } from './context.ts';
import { zipResponse } from './zip-response.ts';
import { errorResponses } from './schemas.ts';
import { ticketNumber } from '../wire/tickets.ts';
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

const dryRunQuery = z.object({ dryRun: z.enum(['0', '1', 'true', 'false']).optional().openapi({ description: '1: change nothing, list what would be anonymised' }) });

const retention = createRoute({
  method: 'post',
  path: '/api/admin/retention',
  tags: ['operations'],
  summary: 'Anonymise the closed requests whose retention is over (the scheduled job, at once)',
  security: [{ adminToken: [] }],
  request: { query: dryRunQuery },
  responses: {
    200: {
      description: 'What was (or would be) anonymised: numbers, forms, queues and closure times only',
      content: { 'application/json': { schema: z.object({ dryRun: z.boolean(), anonymised: z.array(z.object({ number: ticketNumber, form: z.string(), queue: z.string(), closedAt: z.string() })) }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});

/** The person in the body, not the URL: an address in a path would reach the access logs. */
const personBody = {
  required: true,
  content: { 'application/json': { schema: z.object({ person: z.string().trim().min(1).max(320).openapi({ description: 'A stable id, or an address (holding @)', example: 'alice' }) }) } },
} as const;

const exportPerson = createRoute({
  method: 'post',
  path: '/api/admin/people/export',
  tags: ['operations'],
  summary: 'Everything stored about one person, as a zip',
  description: '`requests.json` (each request with its answers, every event and the mails sent to the person) and each attachment under `attachments/<number>/`. Recorded in the privacy records.',
  security: [{ adminToken: [] }],
  request: { body: personBody },
  responses: {
    200: { description: 'The zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(400, 401, 403),
  },
});

const erasePerson = createRoute({
  method: 'post',
  path: '/api/admin/people/erase',
  tags: ['operations'],
  summary: 'Anonymise every request of one person now',
  description: 'Open requests close. The figures stay; the requester, answers, messages, files and mails go. Recorded in the privacy records.',
  security: [{ adminToken: [] }],
  request: { body: personBody },
  responses: {
    200: { description: 'How many requests were anonymised', content: { 'application/json': { schema: z.object({ erased: z.number().int() }) } } },
    ...errorResponses(400, 401, 403),
  },
});

const privacyRecords = createRoute({
  method: 'get',
  path: '/api/admin/privacy-records',
  tags: ['operations'],
  summary: 'The audit of exports, erasures and retention runs, most recent first',
  security: [{ adminToken: [] }],
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }) },
  responses: {
    200: {
      description: 'Who did what and when, and how many requests: never who it was about',
      content: { 'application/json': { schema: z.object({ records: z.array(z.object({ at: z.string(), action: z.enum(privacyActions), actor: z.string(), requests: z.number().int() })) }) } },
    },
    ...errorResponses(400, 401, 403),
  },
});

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Admin routes: a person with the admin role, or an operator's cron with GUICHET_ADMIN_TOKEN. Returns who it was, as the privacy records name them. */
export function requireAdmin(c: Context<AppEnv>, adminToken: string | undefined): PrivacyActor {
  const token = bearer(c.req.header('authorization'));
  if (token !== undefined && adminToken !== undefined && sameSecret(token, adminToken)) return 'admin-token';
  const person = c.get('person');
  if (!person && token === undefined) throw new GuichetError('unauthenticated');
  if (!person?.admin) throw new GuichetError('forbidden');
  return `agent:${person.id}`;
}

export function adminRoutes(deps: { sweep: Sweep; privacy: Privacy; adminToken: string | undefined }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(sweep, async (c) => {
    requireAdmin(c, deps.adminToken);
    const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '');
    return c.json(await deps.sweep({ dryRun }), 200);
  });
  app.openapi(retention, async (c) => {
    const actor = requireAdmin(c, deps.adminToken);
    const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '');
    return c.json(await deps.privacy.retention({ dryRun, actor }), 200);
  });
  app.openapi(exportPerson, async (c) => {
    const actor = requireAdmin(c, deps.adminToken);
    const { zip } = await deps.privacy.exportPerson(personRef(c.req.valid('json').person), { actor });
    return zipResponse(zip, 'guichet-person-export.zip');
  });
  app.openapi(erasePerson, async (c) => {
    const actor = requireAdmin(c, deps.adminToken);
    return c.json(await deps.privacy.erasePerson(personRef(c.req.valid('json').person), { actor }), 200);
  });
  app.openapi(privacyRecords, async (c) => {
    requireAdmin(c, deps.adminToken);
    return c.json({ records: await deps.privacy.records(c.req.valid('query').limit ?? 100) }, 200);
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'GUICHET_ADMIN_TOKEN' });
  return app;
}
