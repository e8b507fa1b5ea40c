import type { Privacy } from '../services/privacy.ts';
import { zipResponse } from './zip-response.ts';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bearerJwt } from '../identity/oidc.ts';
import type { createRequesterTickets } from '../services/requester-tickets.ts';
import type { Context } from 'hono';
import type { AppEnv } from './context.ts';
import { sendAttachment } from './attachment-response.ts';
import { attachmentDownload, errorResponses, langQuery } from './schemas.ts';
import { type Reopened, reopened, requesterTicket, requesterTickets, ticketNumber } from '../wire/tickets.ts';
import { signIn } from '../middleware/sign-in/index.ts';

const readTicket = createRoute({
  method: 'get',
  path: '/api/tickets/{number}',
  security: [{ accessToken: [] }],
  request: { params: z.object({ number: ticketNumber }), query: langQuery },
  responses: {
    200: { description: 'The ticket as its requester sees it (public events only)', content: { 'application/json': { schema: requesterTicket } } },
    ...errorResponses(401, 404, 429),
  },
});

const readAttachment = createRoute({
  method: 'get',
  path: '/api/tickets/{number}/attachments/{attachmentId}',
  security: [{ accessToken: [] }],
  request: { params: z.object({ number: ticketNumber, attachmentId: z.string() }) },
  responses: { ...attachmentDownload, ...errorResponses(401, 404, 429) },
});

const addMessage = createRoute({
  method: 'post',
  path: '/api/tickets/{number}/messages',
  security: [{ accessToken: [] }],
  request: {
    params: z.object({ number: ticketNumber }),
    query: langQuery,
    body: { required: true, content: { 'application/json': { schema: z.object({ body: z.string().trim().min(1).max(20000) }) } } },
  },
  responses: {
    201: { description: 'The message was added; the ticket as the requester now sees it', content: { 'application/json': { schema: requesterTicket } } },
    ...errorResponses(400, 401, 404, 409, 429),
  },
});

const reopen = createRoute({
  method: 'post',
  path: '/api/tickets/{number}/reopen',
  security: [{ accessToken: [] }],
  request: {
    params: z.object({ number: ticketNumber }),
    query: langQuery,
    body: { required: true, content: { 'application/json': { schema: z.object({ message: z.string().trim().max(20000).optional() }) } } },
  },
  responses: {
    200: { description: 'Reopened', content: { 'application/json': { schema: reopened } } },
    ...errorResponses(400, 401, 404, 409, 429),
  },
});

const feedback = createRoute({
  method: 'post',
  path: '/api/tickets/{number}/feedback',
  security: [{ accessToken: [] }],
  request: {
    params: z.object({ number: ticketNumber }),
    query: langQuery,
    body: { required: true, content: { 'application/json': { schema: z
            .object({ rating: z.number().int().min(1).max(5).optional(), comment: z.string().trim().max(5000).optional() })
            .refine((f) => f.rating !== undefined || !!f.comment, { message: 'a rating or a comment' }) } } },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: requesterTicket } } },
    ...errorResponses(400, 401, 404, 429),
  },
});

const myTickets = createRoute({
  middleware: signIn,
  method: 'get',
  path: '/api/me/tickets',
  request: { query: langQuery },
  responses: {
    200: { description: 'The signed-in identity’s tickets, newest first', content: { 'application/json': { schema: requesterTickets } } },
    ...errorResponses(401),
  },
});

const myData = createRoute({
  middleware: signIn,
  method: 'get',
  path: '/api/me/export',
  summary: 'Download my data: everything stored about the signed-in person, as a zip',
  description:
    '`requests.json` (each request with its answers, its public timeline and the mails sent to the person) and each attachment under `attachments/<number>/`. ' +
    'By the identity’s stable id only. Recorded in the privacy records as `requester`, without naming the person.',
  responses: {
    200: { description: 'The zip', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401),
  },
});

/** `Authorization: Bearer <accessToken>` → the token; anything else → none. */
export function bearer(header: string | undefined): string | undefined {
  // An OIDC token signs a person in (identity/oidc.ts); it is never a ticket's token.
  if (bearerJwt(header)) return undefined;
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

export function ticketRoutes(deps: { tickets: ReturnType<typeof createRequesterTickets>; privacy: Privacy }) {
  const app = new OpenAPIHono<AppEnv>();
  const access = (c: Context<AppEnv>) => ({ number: c.req.param('number')!, token: bearer(c.req.header('authorization')), person: c.get('person'), address: c.get('clientAddress') });

  app.openapi(readTicket, async (c) => {
    const view = await deps.tickets.read(
      { number: c.req.valid('param').number, token: bearer(c.req.header('authorization')), person: c.get('person'), address: c.get('clientAddress') },
      c.get('lang'),
    );
    return c.json(view, 200);
  });

  app.openapi(readAttachment, async (c) => sendAttachment(c, await deps.tickets.attachment(access(c), c.req.valid('param').attachmentId)));

  app.openapi(addMessage, async (c) => {
    const view = await deps.tickets.addMessage(
      { number: c.req.valid('param').number, token: bearer(c.req.header('authorization')), person: c.get('person'), address: c.get('clientAddress') },
      c.req.valid('json').body,
      c.get('lang'),
    );
    return c.json(view, 201);
  });

  app.openapi(reopen, async (c) => {
    const ticket = await deps.tickets.reopen(access(c), c.req.valid('json').message || null, c.get('lang'));
    const answer: Reopened = { state: 'open', ticket };
    return c.json(answer, 200);
  });

  app.openapi(feedback, async (c) => {
    const { rating, comment } = c.req.valid('json');
    return c.json(await deps.tickets.feedback(access(c), rating ?? null, comment || null, c.get('lang')), 201);
  });

  app.openapi(myData, async (c) => {
    const person = c.get('person');
    const { zip } = await deps.privacy.exportPerson({ id: person.id }, { actor: 'requester', own: true });
    return zipResponse(zip, 'guichet-my-data.zip');
  });

  app.openapi(myTickets, async (c) => {
    const tickets = await deps.tickets.listMine(c.get('person'), c.get('lang'));
    return c.json({ tickets }, 200);
  });

  return app;
}
