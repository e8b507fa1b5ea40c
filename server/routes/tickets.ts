import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { createRequesterTickets } from '../services/requester-tickets.ts';
import type { AppEnv } from './context.ts';
import { errorResponses, langQuery, ticketNumber, ticketView } from './schemas.ts';

const readTicket = createRoute({
  method: 'get',
  path: '/api/tickets/{number}',
  security: [{ accessToken: [] }],
  request: { params: z.object({ number: ticketNumber }), query: langQuery },
  responses: {
    200: { description: 'The ticket as its requester sees it (public events only)', content: { 'application/json': { schema: ticketView } } },
    ...errorResponses(401, 404),
  },
});

const myTickets = createRoute({
  method: 'get',
  path: '/api/me/tickets',
  request: { query: langQuery },
  responses: {
    200: { description: 'The signed-in identity’s tickets, newest first', content: { 'application/json': { schema: z.object({ tickets: z.array(ticketView) }) } } },
    ...errorResponses(401),
  },
});

/** `Authorization: Bearer <accessToken>` → the token; anything else → none. */
function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

export function ticketRoutes(deps: { tickets: ReturnType<typeof createRequesterTickets> }) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(readTicket, async (c) => {
    const view = await deps.tickets.read(
      { number: c.req.valid('param').number, token: bearer(c.req.header('authorization')), person: c.get('person') },
      c.get('lang'),
    );
    return c.json(view as z.infer<typeof ticketView>, 200);
  });

  app.openapi(myTickets, async (c) => {
    const tickets = await deps.tickets.listMine(c.get('person'), c.get('lang'));
    return c.json({ tickets: tickets as z.infer<typeof ticketView>[] }, 200);
  });

  return app;
}
