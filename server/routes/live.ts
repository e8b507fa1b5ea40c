import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Lifecycle } from '../services/lifecycle.ts';
import type { createRequesterTickets } from '../services/requester-tickets.ts';
import type { TicketChange, TicketFeed } from '../services/ticket-feed.ts';
import type { AppEnv } from './context.ts';
import { bearer } from './tickets.ts';

/** Proxies close idle connections; a comment line every 25 s keeps the stream open (docs/contract.md, "Live streams"). */
const heartbeatMilliseconds = 25_000;

/**
 * Streams `ticket` events until the client goes away. Changes are sent one at a
 * time, in order; a burst of changes to one ticket sends its latest state.
 */
function follow(c: Context<AppEnv>, feed: TicketFeed, closing: AbortSignal | undefined, first: unknown, relevant: (change: TicketChange) => boolean, render: (change: TicketChange) => Promise<unknown>) {
  return streamSSE(c, async (stream: SSEStreamingApi) => {
    let queue = Promise.resolve();
    const send = (data: unknown) => stream.writeSSE({ event: 'ticket', data: JSON.stringify(data) });
    const unsubscribe = feed.subscribe((change) => {
      if (!relevant(change)) return;
      queue = queue.then(async () => {
        if (!stream.aborted) await send(await render(change));
      }).catch(() => undefined);
    });
    const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n').catch(() => undefined), heartbeatMilliseconds);
    let end = () => {};
    try {
      await send(first);
      // Until the client goes away, or the process stops (the component reconnects, to another process or after the restart).
      await new Promise<void>((resolve) => {
        end = resolve;
        stream.onAbort(resolve);
        closing?.addEventListener('abort', end);
        if (closing?.aborted) resolve();
      });
    } finally {
      closing?.removeEventListener('abort', end);
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
}

export function liveRoutes(deps: { feed: TicketFeed; tickets: ReturnType<typeof createRequesterTickets>; lifecycle: Lifecycle; closing?: AbortSignal }) {
  const app = new OpenAPIHono<AppEnv>();

  app.get('/api/tickets/:number/live', async (c) => {
    const access = { number: c.req.param('number'), token: bearer(c.req.header('authorization')), person: c.get('person'), address: c.get('clientAddress') };
    const lang = c.get('lang');
    // Authorised once, like the GET; a failure answers the usual JSON error before any stream starts.
    const first = await deps.tickets.read(access, lang);
    return follow(c, deps.feed, deps.closing, first, (change) => change.number === first.number, () => deps.tickets.read(access, lang));
  });

  app.get('/api/agent/queues/:queueId/live', async (c) => {
    const queueId = c.req.param('queueId');
    const agent = c.get('person');
    const lang = c.get('lang');
    const { tickets } = await deps.lifecycle.queueTickets(queueId, agent, undefined, lang);
    const summary = (t: { number: string; state: string; lockedBy: unknown; lastActivityAt: string; queueId: string }) => ({
      number: t.number,
      state: t.state,
      lockedBy: t.lockedBy,
      lastActivityAt: t.lastActivityAt,
      queueId: t.queueId,
    });
    return follow(
      c,
      deps.feed,
      deps.closing,
      { queueId, tickets: tickets.map(summary) },
      (change) => change.queueId === queueId || tickets.some((t) => t.number === change.number),
      async (change) => summary(await deps.lifecycle.read(change.number, agent, lang).catch(() => ({ number: change.number, state: 'moved', lockedBy: null, lastActivityAt: '', queueId: change.queueId }))),
    );
  });

  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/tickets/{number}/live',
    security: [{ accessToken: [] }],
    description: 'Server-sent events: `ticket` with the requester view after every public change; a comment every 25 s',
    responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/agent/queues/{queueId}/live',
    tags: ['agents'],
    description: 'Server-sent events: `ticket` (number, state, lockedBy, lastActivityAt) for the queue',
    responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
  });
  return app;
}
