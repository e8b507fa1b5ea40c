import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { GuichetError } from '../errors.ts';
import { UnreadableMail } from '../mail/read-mail.ts';
import { type Inbound, inboundActions } from '../services/inbound.ts';
import type { AppEnv } from './context.ts';
import { bearer } from './tickets.ts';

const tooLarge = () => new GuichetError('too_large', { reason: 'mail_too_large' });

/**
 * The raw mail, at most `max` bytes: refused before reading when its declared
 * length is larger, and as soon as the stream passes `max` otherwise. Served
 * by Node, the bytes are copied straight from the socket's chunks into one
 * buffer (no web stream in between: 10 MB through one costs the event loop
 * and the collector far more); elsewhere (tests' app.request) the Request's body.
 */
async function readMail(c: Context<AppEnv>, max: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > max) throw tooLarge();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > max) throw tooLarge();
    return bytes;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    length += chunk.length;
    // Past the cap nothing more is read: the answer is 413, and the server closes the connection.
    if (length > max) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, length);
}

/**
 * POST /api/inbound/email: the MTA posts a raw mail. The answer comes once the
 * mail is decided and says what it did; a mail over GUICHET_INBOUND_MAX_BYTES
 * gets 413 before it is read (a declared length) or as soon as the stream
 * passes the cap, and a mail that cannot be parsed 422: both permanent.
 */
export function inboundRoutes(deps: { inbound: Inbound; secret: string | undefined; maxBytes: number }) {
  const app = new OpenAPIHono<AppEnv>();
  const expected = deps.secret ? Buffer.from(deps.secret) : undefined;

  app.post(
    '/api/inbound/email',
    async function authoriseMta(c, next) {
      // Off unless GUICHET_INBOUND_SECRET is set: then it does not exist.
      if (!expected) throw new GuichetError('not_found');
      const given = Buffer.from(bearer(c.req.header('authorization')) ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GuichetError('forbidden');
      await next();
    },
    async (c) => {
      const raw = await readMail(c, deps.maxBytes);
      if (raw.length === 0) throw new GuichetError('bad_request');
      const result = await deps.inbound(raw).catch((error: unknown) => {
        if (error instanceof UnreadableMail) throw new GuichetError('unreadable_mail', { reason: 'unreadable' });
        throw error;
      });
      return c.json({ action: result.action, ...(result.ticket ? { ticket: result.ticket } : {}) }, 202);
    },
  );

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/inbound/email',
    tags: ['operations'],
    description: 'A raw RFC 822 message from the MTA (Authorization: Bearer GUICHET_INBOUND_SECRET). 413 over GUICHET_INBOUND_MAX_BYTES, 422 for a mail that cannot be parsed: both mean "do not retry".',
    request: { body: { content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } } },
    responses: {
      202: {
        description: 'What the mail did',
        content: { 'application/json': { schema: { type: 'object', properties: { ticket: { type: 'string' }, action: { type: 'string', enum: [...inboundActions] } } } } },
      },
      413: { description: 'The mail is larger than GUICHET_INBOUND_MAX_BYTES' },
      422: { description: 'The mail cannot be parsed' },
    },
  });
  return app;
}
