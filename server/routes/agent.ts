import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Lifecycle } from '../services/lifecycle.ts';
import { stateTargets } from '../services/lifecycle.ts';
import { type SignedIn, signIn } from '../middleware/sign-in/index.ts';
import type { AppEnv } from './context.ts';
import { sendAttachment } from './attachment-response.ts';
import { attachmentDownload, errorResponses, langQuery } from './schemas.ts';
import { ticketNumber } from '../wire/tickets.ts';
import { agentQueues, agentTicket, queueTickets, searchResults } from '../wire/agent.ts';

const numberParam = z.object({ number: ticketNumber });
const text = (max: number) => z.string().trim().min(1).max(max);
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const errors = errorResponses(400, 401, 403, 404, 409, 422);
const updated = (description: string) => ({ 200: { description, content: { 'application/json': { schema: agentTicket } } }, ...errors });
const added = (description: string) => ({ 201: { description, content: { 'application/json': { schema: agentTicket } } }, ...errors });

const request = <T extends z.ZodType>(body: T) => ({ params: numberParam, query: langQuery, body: json(body) });
const action = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({ method: 'post', path: `/api/agent/tickets/{number}/${path}`, tags: ['agents'], summary, request: request(body), responses: updated(summary) });
const addition = <T extends z.ZodType>(path: string, summary: string, body: T) =>
  createRoute({ method: 'post', path: `/api/agent/tickets/{number}/${path}`, tags: ['agents'], summary, request: request(body), responses: added(summary) });

const routes = {
  queues: createRoute({
    method: 'get',
    path: '/api/agent/queues',
    tags: ['agents'],
    request: { query: langQuery },
    responses: {
      200: { description: 'The queues the agent works, with ticket counts per state and canned answers', content: { 'application/json': { schema: agentQueues } } },
      ...errorResponses(401),
    },
  }),
  queueTickets: createRoute({
    method: 'get',
    path: '/api/agent/queues/{queueId}/tickets',
    tags: ['agents'],
    request: { params: z.object({ queueId: z.string() }), query: z.object({ state: z.string().optional().openapi({ description: 'One state or several, comma-separated' }), lang: langQuery.shape.lang }) },
    responses: {
      200: {
        description: 'The queue’s tickets, overdue first, then most recently active first; and apart, the requests the sweep closed with no agent’s answer in the last 7 days',
        content: { 'application/json': { schema: queueTickets } },
      },
      ...errorResponses(401, 403, 404),
    },
  }),
  search: createRoute({
    method: 'get',
    path: '/api/agent/search',
    tags: ['agents'],
    request: { query: z.object({ q: z.string().max(200).openapi({ description: 'A ticket number or part of one, or words of the requester’s name or address, the answers and the messages (each word matched as the start of a word, all required)' }), lang: langQuery.shape.lang }) },
    responses: {
      200: { description: 'Matching tickets of the queues the agent works, most recently active first (at most 50)', content: { 'application/json': { schema: searchResults } } },
      ...errorResponses(400, 401),
    },
  }),
  read: createRoute({
    method: 'get',
    path: '/api/agent/tickets/{number}',
    tags: ['agents'],
    request: { params: numberParam, query: langQuery },
    responses: { 200: { description: 'The ticket with all events, internal notes included', content: { 'application/json': { schema: agentTicket } } }, ...errorResponses(401, 403, 404) },
  }),
  attachment: createRoute({
    method: 'get',
    path: '/api/agent/tickets/{number}/attachments/{attachmentId}',
    tags: ['agents'],
    request: { params: numberParam.extend({ attachmentId: z.string() }) },
    responses: { ...attachmentDownload, ...errorResponses(401, 403, 404) },
  }),
  reply: addition('replies', 'Reply to the requester (mailed)', z.object({ body: text(20000) })),
  note: addition('notes', 'Internal note (never shown or mailed to the requester)', z.object({ body: text(20000) })),
  state: action('state', 'Change the state', z.object({ state: z.enum(stateTargets), until: z.iso.datetime({ offset: true }).optional() })),
  approve: action('approve', 'Approve (the workflow’s fields must be confirmed)', z.object({ confirm: z.record(z.string(), z.boolean()) })),
  reject: action('reject', 'Reject with a reason (mailed), closes the ticket', z.object({ reason: text(5000) })),
  lock: action('lock', 'Lock the ticket, or take the lock over', z.object({ takeOver: z.boolean().optional() }).default({})),
  unlock: action('unlock', 'Release the lock', z.object({}).default({})),
  move: action('move', 'Move to another queue', z.object({ queueId: z.string() })),
  resendApproval: action(
    'approval/resend',
    'Send the waiting approver’s link again, or to another address (re-route); earlier links stop deciding',
    z.object({ email: z.email().max(320).optional().openapi({ description: 'Another approver’s address; absent: the same one again' }) }).default({}),
  ),
  acceptHeldMail: createRoute({
    method: 'post',
    path: '/api/agent/tickets/{number}/held-mails/{eventId}/accept',
    tags: ['agents'],
    summary: 'Accept a held mail (unverified sender, or past the inbound rate limit): it then counts as the requester’s message',
    request: { params: numberParam.extend({ eventId: z.coerce.number().int().positive() }), query: langQuery },
    responses: updated('Accept a held mail'),
  }),
};

export function agentRoutes(deps: { lifecycle: Lifecycle }) {
  const { lifecycle } = deps;
  const app = new OpenAPIHono<AppEnv & SignedIn>();
  app.use('/api/agent/*', signIn);
  const who = (c: { get(key: 'person'): SignedIn['Variables']['person'] }) => c.get('person');

  app.openapi(routes.queues, async (c) => {
    const queues = await lifecycle.queues(who(c), c.get('lang'));
    const { id, name } = who(c);
    return c.json({ agent: { id, name }, queues, moveTargets: lifecycle.moveTargets(c.get('lang')) }, 200);
  });
  app.openapi(routes.queueTickets, async (c) => {
    const states = c.req.valid('query').state?.split(',').filter(Boolean);
    const { tickets, closedUnanswered } = await lifecycle.queueTickets(c.req.valid('param').queueId, who(c), states, c.get('lang'));
    return c.json({ tickets, closedUnanswered }, 200);
  });
  app.openapi(routes.search, async (c) => {
    const tickets = await lifecycle.search(who(c), c.req.valid('query').q, c.get('lang'));
    return c.json({ tickets }, 200);
  });
  app.openapi(routes.read, async (c) => c.json(await lifecycle.read(c.req.valid('param').number, who(c), c.get('lang')), 200));
  app.openapi(routes.attachment, async (c) => {
    const { number, attachmentId } = c.req.valid('param');
    return sendAttachment(c, await lifecycle.attachment(number, who(c), attachmentId));
  });
  app.openapi(routes.reply, async (c) => c.json(await lifecycle.reply(c.req.valid('param').number, who(c), c.req.valid('json').body, c.get('lang')), 201));
  app.openapi(routes.note, async (c) => c.json(await lifecycle.note(c.req.valid('param').number, who(c), c.req.valid('json').body, c.get('lang')), 201));
  app.openapi(routes.state, async (c) => {
    const { state, until } = c.req.valid('json');
    return c.json(await lifecycle.setState(c.req.valid('param').number, who(c), state, until && new Date(until).toISOString(), c.get('lang')), 200);
  });
  app.openapi(routes.approve, async (c) => c.json(await lifecycle.approve(c.req.valid('param').number, who(c), c.req.valid('json').confirm, c.get('lang')), 200));
  app.openapi(routes.reject, async (c) => c.json(await lifecycle.reject(c.req.valid('param').number, who(c), c.req.valid('json').reason, c.get('lang')), 200));
  app.openapi(routes.lock, async (c) => c.json(await lifecycle.lock(c.req.valid('param').number, who(c), c.req.valid('json').takeOver === true, c.get('lang')), 200));
  app.openapi(routes.unlock, async (c) => c.json(await lifecycle.unlock(c.req.valid('param').number, who(c), c.get('lang')), 200));
  app.openapi(routes.acceptHeldMail, async (c) => {
    const { number, eventId } = c.req.valid('param');
    return c.json(await lifecycle.acceptHeldMail(number, who(c), eventId, c.get('lang')), 200);
  });
  app.openapi(routes.resendApproval, async (c) => c.json(await lifecycle.resendApproval(c.req.valid('param').number, who(c), c.req.valid('json').email, c.get('lang')), 200));
  app.openapi(routes.move, async (c) => c.json(await lifecycle.move(c.req.valid('param').number, who(c), c.req.valid('json').queueId, c.get('lang')), 200));
  return app;
}
