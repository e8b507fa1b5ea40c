import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MovableClock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import type { Directory } from '../identity/directory.ts';
import type { DevMail } from '../mail/transport.ts';
import type { AppEnv } from './context.ts';
import { errorResponses } from './schemas.ts';

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

/** ISO-8601 durations as the demo uses them: PnW, PnDTnHnMnS. Months and years are ambiguous, so refused. */
export function parseDuration(text: string): number | undefined {
  const match = /^(-)?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, minus, w, d, h, m, s] = match;
  const ms = ((Number(w ?? 0) * 7 + Number(d ?? 0)) * 86400 + Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000;
  return minus ? -ms : ms;
}

export function devRoutes(deps: { directory: Directory; outbox: { list(): DevMail[] }; clock: MovableClock }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(people, async (c) => c.json([...(await deps.directory.list())], 200));
  app.openapi(mail, (c) => c.json(deps.outbox.list() as unknown as Record<string, unknown>[], 200));
  app.openapi(clock, (c) => {
    const body = c.req.valid('json');
    if ('advance' in body) {
      const ms = parseDuration(body.advance);
      if (ms === undefined) {
        throw new GuichetError('bad_request', {
          message: {
            fr: `Durée ISO-8601 attendue (par ex. P7D, PT3H) : « ${body.advance} »`,
            en: `Expected an ISO-8601 duration (e.g. P7D, PT3H): "${body.advance}"`,
            de: `ISO-8601-Dauer erwartet (z. B. P7D, PT3H): «${body.advance}»`,
          },
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
