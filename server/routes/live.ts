import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Lifecycle } from '../services/lifecycle.ts';
import type { createRequesterTickets } from '../services/requester-tickets.ts';
import type { TicketChange, TicketFeed } from '../services/ticket-feed.ts';
import { GuichetError } from '../errors.ts';
import type { AppEnv } from './context.ts';
import { signIn } from '../middleware/sign-in/index.ts';
import { bearer } from './tickets.ts';
import type { QueueChange } from '../wire/agent.ts';

/** Proxies close idle connections; a comment line every 25 s keeps the stream open (docs/contract.md, "Live streams"). */
const heartbeatMilliseconds = 25_000;

/** What a client over its stream cap is told: a stream of its own ends soon (a tab closed), the component falls back to polling meanwhile. */
const streamRetryAfterSeconds = 30;

/**
 * Live streams open per client address (middleware/client-address: an IPv6
 * client by its /64), in this process: each holds a connection and a
 * subscription, so one address may not hold more than `perAddress` at once.
 */
function createStreamCounts(perAddress: number) {
  const open = new Map<string, number>();
  return {
    /** Counts one more stream for `address`, or refuses (429); the returned function gives it back. */
    take(address: string | undefined): () => void {
      if (address === undefined) return () => {};
      const count = open.get(address) ?? 0;
      if (count >= perAddress) throw new GuichetError('rate_limited', { retryAfterSeconds: streamRetryAfterSeconds });
      open.set(address, count + 1);
      let given = false;
      return () => {
        if (given) return;
        given = true;
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      };
    },
  };
}

/**
 * Streams `ticket` events until the client goes away. Changes are sent one at a
 * time, in order; a burst of changes to one ticket sends its latest state.
 */
function follow(c: Context, feed: TicketFeed, closing: AbortSignal | undefined, release: () => void, first: unknown, relevant: (change: TicketChange) => boolean, render: (change: TicketChange) => Promise<unknown>) {
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
      release();
      closing?.removeEventListener('abort', end);
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
}

export function liveRoutes(deps: { feed: TicketFeed; tickets: ReturnType<typeof createRequesterTickets>; lifecycle: Lifecycle; closing?: AbortSignal; streamsPerAddress: number }) {
  const app = new OpenAPIHono<AppEnv>();
  const streams = createStreamCounts(deps.streamsPerAddress);

  app.get('/api/tickets/:number/live', async (c) => {
    const access = { number: c.req.param('number'), token: bearer(c.req.header('authorization')), person: c.get('person'), address: c.get('clientAddress') };
    const lang = c.get('lang');
    // Authorised once, like the GET; a failure answers the usual JSON error before any stream starts.
    const first = await deps.tickets.read(access, lang);
    return follow(c, deps.feed, deps.closing, streams.take(c.get('clientAddress')), first, (change) => change.number === first.number, () => deps.tickets.read(access, lang));
  });

  app.get('/api/agent/queues/:queueId/live', signIn, async (c) => {
    const queueId = c.req.param('queueId');
    const agent = c.get('person');
    const lang = c.get('lang');
    const { tickets } = await deps.lifecycle.queueTickets(queueId, agent, undefined, lang);
    const release = streams.take(c.get('clientAddress'));
    const summary = (t: QueueChange): QueueChange => ({
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
      release,
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
