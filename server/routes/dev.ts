import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import MailComposer from 'nodemailer/lib/mail-composer';
import { languages } from '../../forms/lang.ts';
import type { MovableClock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Directory } from '../identity/directory.ts';
import type { DevMail } from '../mail/transport.ts';
import { UnreadableMail } from '../mail/read-mail.ts';
import type { Inbound } from '../services/inbound.ts';
import type { AppEnv } from './context.ts';
import { errorResponses } from './schemas.ts';
import { everyLanguage } from '../words/index.ts';

const people = createRoute({
  method: 'get',
  path: '/api/dev/people',
  tags: ['dev'],
  responses: {
    200: {
      description: 'The demo directory (dev mode only)',
      content: {
        'application/json': {
          schema: z.array(
            z.object({ id: z.string(), name: z.string(), email: z.string(), lang: z.string().optional(), affiliations: z.array(z.string()), agentOf: z.array(z.string()), admin: z.boolean() }),
          ),
        },
      },
    },
  },
});

const mail = createRoute({
  method: 'get',
  path: '/api/dev/mail',
  tags: ['dev'],
  responses: { 200: { description: 'Delivered dev mails, oldest first (dev mode only)', content: { 'application/json': { schema: z.array(z.record(z.string(), z.unknown())) } } } },
});

const clock = createRoute({
  method: 'post',
  path: '/api/dev/clock',
  tags: ['dev'],
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.union([
            z.object({ advance: z.string().openapi({ example: 'P7D', description: 'ISO-8601 duration' }) }),
            z.object({ set: z.iso.datetime({ offset: true }) }),
          ]),
        },
      },
    },
  },
  responses: { 200: { description: 'The moved clock', content: { 'application/json': { schema: z.object({ now: z.string() }) } } }, ...errorResponses(400) },
});

const reply = createRoute({
  method: 'post',
  path: '/api/dev/mail/{id}/reply',
  tags: ['dev'],
  summary: 'Reply as the requester to a delivered dev mail: the text goes through the same inbound path as a mail from the MTA (dev mode only)',
  request: {
    params: z.object({ id: z.string() }),
    body: { required: true, content: { 'application/json': { schema: z.object({ text: z.string().max(20000).optional(), lang: z.enum(languages).optional() }) } } },
  },
  responses: {
    200: { description: 'What the reply did', content: { 'application/json': { schema: z.object({ action: z.string(), ticket: z.string().optional() }) } } },
    ...errorResponses(404, 409),
  },
});

/** What a visitor who types nothing sends: the thank-you that must never reopen. */
const devWords = everyLanguage('dev');
const sampleThanks = devWords.sampleThanks;

/** ISO-8601 durations as the demo uses them: PnW, PnDTnHnMnS. Months and years are ambiguous, so refused. */
export function parseDuration(text: string): number | undefined {
  const match = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, minus, w, d, h, m, s] = match;
  const ms = ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000;
  return minus ? -ms : ms;
}

export function devRoutes(deps: { directory: Directory; outbox: { list(): DevMail[] }; clock: MovableClock; inbound: Inbound }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(people, async (c) => c.json([...(await deps.directory.list())], 200));
  app.openapi(mail, (c) => c.json(deps.outbox.list(), 200));
  app.openapi(reply, async (c) => {
    const mail = deps.outbox.list().find((m) => m.id === c.req.valid('param').id);
    if (!mail) throw new GuichetError('not_found');
    if (!mail.replyTo) throw new GuichetError('conflict', { reason: 'no_reply_to', message: devWords.noReplyTo });
    const { text, lang } = c.req.valid('json');
    // A real RFC 822 reply, as the requester's mail client would write it: to our signed Reply-To, threaded on the mail.
    const raw = await new MailComposer({
      from: mail.to,
      to: mail.replyTo,
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      references: mail.messageId,
      text: text?.trim() || sampleThanks[lang ?? 'fr'],
    })
      .compile()
      .build();
    const result = await deps.inbound(raw).catch((error: unknown) => {
      if (error instanceof UnreadableMail) throw new GuichetError('unreadable_mail');
      throw error;
    });
    return c.json({ action: result.action, ...(result.ticket ? { ticket: result.ticket } : {}) }, 200);
  });
  app.openapi(clock, (c) => {
    const body = c.req.valid('json');
    if ('advance' in body) {
      const ms = parseDuration(body.advance);
      if (ms === undefined) {
        throw new GuichetError('bad_request', {
          message: devWords.badDuration(body.advance),
        });
      }
      deps.clock.advance(ms);
    } else {
      deps.clock.set(new Date(body.set));
    }
    return c.json({ now: deps.clock.now().toISOString() }, 200);
  });
  return app;
}
