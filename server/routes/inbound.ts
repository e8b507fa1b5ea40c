import { timingSafeEqual } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { GuichetError } from '../errors.ts';
import type { Inbound } from '../services/inbound.ts';
import type { AppEnv } from './context.ts';
import { bearer } from './tickets.ts';

/** A raw mail with attachments is larger than any form; this is the MTA's usual message size limit. */
export const maxMailBytes = 25 * 1024 * 1024;

export function inboundRoutes(deps: { inbound: Inbound; secret: string | undefined }) {
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
    bodyLimit({
      maxSize: maxMailBytes,
      onError: () => {
        throw new GuichetError('too_large');
      },
    }),
    async (c) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      if (raw.length === 0) throw new GuichetError('bad_request');
      const result = await deps.inbound(raw);
      return c.json({ action: result.action, ...(result.ticket ? { ticket: result.ticket } : {}) }, 202);
    },
  );

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/inbound/email',
    tags: ['operations'],
    description: 'A raw RFC 822 message from the MTA (Authorization: Bearer GUICHET_INBOUND_SECRET)',
    request: { body: { content: { 'message/rfc822': { schema: { type: 'string', format: 'binary' } } } } },
    responses: {
      202: {
        description: 'What the mail did',
        content: { 'application/json': { schema: { type: 'object', properties: { ticket: { type: 'string' }, action: { type: 'string', enum: ['reopened', 'message', 'new_ticket', 'ignored'] } } } } },
      },
    },
  });
  return app;
}
