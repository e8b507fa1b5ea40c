import type { IncomingMessage } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';

/**
 * An answer given before the request body arrived whole (a 413 on its
 * Content-Length, a refusal before the body is read, a multipart submission
 * stopped at its first part too many) says `Connection: close`: the Node
 * adapter reads the rest up to a bound (64 MiB, 500 ms) and then closes the
 * socket, so a client still sending must not count on reusing it.
 */
export const closeOnUnreadBody: MiddlewareHandler<AppEnv> = async function closeOnUnreadBody(c, next) {
  await next();
  // Served by the Node adapter only (app.request in tests has no socket to close).
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming && !incoming.complete) c.header('Connection', 'close');
};
