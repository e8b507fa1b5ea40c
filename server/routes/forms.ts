import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Catalogue } from '../catalogue.ts';
import { GuichetError } from '../errors.ts';
import { checkEligibility } from '../identity/eligibility.ts';
import type { createSubmissions } from '../services/submission.ts';
import { type AppEnv, languageOf } from './context.ts';
import { errorResponses, lang, langQuery, ticketNumber } from './schemas.ts';

const formId = z.object({ formId: z.string().openapi({ example: 'software-order' }) });

const listForms = createRoute({
  method: 'get',
  path: '/api/forms',
  request: { query: langQuery },
  responses: {
    200: {
      description: 'The forms this service offers',
      content: {
        'application/json': {
          schema: z.object({ forms: z.array(z.object({ id: z.string(), version: z.number(), title: z.string(), description: z.string(), queue: z.string() })) }),
        },
      },
    },
  },
});

const getForm = createRoute({
  method: 'get',
  path: '/api/forms/{formId}',
  request: { params: formId },
  responses: {
    200: { description: 'The full definition, every language, as plain data', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } },
    ...errorResponses(404),
  },
});

const eligibility = createRoute({
  method: 'get',
  path: '/api/forms/{formId}/eligibility',
  request: { params: formId, query: langQuery },
  responses: {
    200: {
      description: 'Whether the current identity may submit',
      content: {
        'application/json': {
          schema: z.union([z.object({ eligible: z.literal(true) }), z.object({ eligible: z.literal(false), reason: z.string(), message: z.string() })]),
        },
      },
    },
    ...errorResponses(401, 404),
  },
});

const submit = createRoute({
  method: 'post',
  path: '/api/forms/{formId}/submissions',
  request: {
    params: formId,
    query: langQuery,
    headers: z.object({
      'idempotency-key': z
        .string()
        .min(1)
        .max(200)
        .openapi({ description: 'One per submit attempt (a UUID): a retry with the same key returns the same ticket', example: '6f1c0c7e-8d5a-4d0e-9a43-0c0f6f1f0b7a' }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            data: z.record(z.string(), z.unknown()).openapi({ description: 'Field values; the per-form shapes are the FormData_* schemas' }),
            lang: lang.optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: 'The ticket was created (200 when the same Idempotency-Key is presented again)',
      content: {
        'application/json': {
          schema: z
            .object({
              ticket: z.object({ number: ticketNumber, state: z.string(), formId: z.string(), createdAt: z.string() }),
              accessToken: z.string(),
            })
            .openapi('SubmissionCreated'),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404, 413, 422, 429),
  },
});

export function formRoutes(deps: { catalogue: Catalogue; submit: ReturnType<typeof createSubmissions> }) {
  const { catalogue } = deps;
  const app = new OpenAPIHono<AppEnv>();

  const requireForm = (id: string) => {
    const compiled = catalogue.form(id);
    if (!compiled) throw new GuichetError('not_found');
    return compiled.form;
  };

  app.openapi(listForms, (c) => {
    const l = c.get('lang');
    const forms = [...catalogue.forms.values()].map(({ form }) => ({
      id: form.id,
      version: form.version,
      title: form.title[l],
      description: form.description[l],
      queue: form.queue,
    }));
    return c.json({ forms }, 200);
  });

  app.openapi(getForm, (c) => c.json(requireForm(c.req.valid('param').formId) as Record<string, unknown>, 200));

  app.openapi(eligibility, (c) => {
    const form = requireForm(c.req.valid('param').formId);
    const person = c.get('person');
    if (!person) throw new GuichetError('unauthenticated');
    const result = checkEligibility(form, person);
    if (result.eligible) return c.json({ eligible: true as const }, 200);
    return c.json({ eligible: false as const, reason: result.reason, message: result.message[c.get('lang')] }, 200);
  });

  app.openapi(submit, async (c) => {
    const body = c.req.valid('json');
    const l = languageOf(c, body.lang);
    c.set('lang', l);
    const result = await deps.submit({
      formId: c.req.valid('param').formId,
      person: c.get('person'),
      data: body.data,
      lang: l,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    return c.json(result.body, result.status as 201);
  });

  return app;
}
