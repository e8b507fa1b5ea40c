import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Catalogue } from '../catalogue.ts';
import { GuichetError, listIssues } from '../errors.ts';
import { checkEligibility } from '../identity/eligibility.ts';
import type { Altcha } from '../services/altcha.ts';
import { honeypotField } from '../services/honeypot.ts';
import type { SentFile } from '../services/attachments.ts';
import type { SubmissionIntake } from '../services/submission-intake.ts';
import { fileLimits } from '../../forms/files.ts';
import { type MultipartLimits, readMultipart } from './multipart.ts';
import { hasEscapedNul, nulRefused } from '../middleware/no-nul/index.ts';
import { type AppEnv, languageOf } from './context.ts';
import { errorBody, errorResponses, lang, langQuery } from './schemas.ts';
import { altchaChallenge, type Eligibility, eligibility as eligibilityAnswer, formDefinition, formSummary, pending, submitted } from '../wire/forms.ts';
import { everyLanguage } from '../words/index.ts';

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
          schema: z.object({ forms: z.array(formSummary) }),
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
    200: { description: 'The full definition, every language, as plain data', content: { 'application/json': { schema: formDefinition } } },
    ...errorResponses(404),
  },
});

const signInError = z
  .object({
    error: errorBody.shape.error.extend({
      loginUrl: z.string().optional().openapi({ example: 'https://uni.example/Shibboleth.sso/Login?target={return}' }),
    }),
  })
  .openapi('SignInNeeded');

const eligibility = createRoute({
  method: 'get',
  path: '/api/forms/{formId}/eligibility',
  request: { params: formId, query: langQuery },
  responses: {
    200: {
      description: 'Whether the current identity may submit',
      content: {
        'application/json': {
          schema: eligibilityAnswer,
        },
      },
    },
    401: {
      description:
        'No identity, on a form that needs one. With GUICHET_LOGIN_URL set, `error.loginUrl` is the institution’s login page, `{return}` standing for the address to come back to (the embed puts the page’s address there, URL-encoded); without it, `error.message` says that this service has no sign-in page',
      content: { 'application/json': { schema: signInError } },
    },
    ...errorResponses(404),
  },
});

const submissionBody = z.object({
  data: z.record(z.string(), z.unknown()).openapi({ description: 'Field values; the per-form shapes are the FormData_* schemas' }),
  lang: lang.optional(),
  requester: z
    .object({ email: z.unknown().optional(), name: z.unknown().optional() })
    .optional()
    .openapi({ description: 'Anonymous requesters only (no identity, form with `anonymous: true`): the address the confirmation link goes to, and an optional name. Errors under `fields["requester.email"]`, `fields["requester.name"]`' }),
  altcha: z
    .unknown()
    .optional()
    .openapi({ description: 'Anonymous requesters only: the ALTCHA widget’s payload (base64 JSON of { challenge, solution }) for a challenge from GET /api/forms/{formId}/challenge; usable once. Errors under `fields.altcha`' }),
  [honeypotField]: z
    .unknown()
    .optional()
    .openapi({ description: 'The honeypot: an input people never see. Send it as it is (empty); filled → 422 and no ticket' }),
});

const sentFile = { type: 'string' as const, format: 'binary' };

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
      // Not `required`: the JSON check must not run on a multipart body (the handler refuses a request with neither).
      required: false,
      content: {
        'application/json': { schema: submissionBody },
        'multipart/form-data': {
          // A plain schema, not zod: the route must not buffer and parse the parts before the handler (routes/multipart.ts streams them, bounded).
          schema: {
            type: 'object',
            properties: { payload: { type: 'string', description: 'The JSON body above (`{ data, lang?, requester?, altcha?, website? }`) as text' } },
            required: ['payload'],
            additionalProperties: { oneOf: [sentFile, { type: 'array', items: sentFile }] },
            description:
              'A submission with files: the `payload` part, and one part per file named after its file field’s id (the name repeats for several files). ' +
              'The content decides the type (never the name or the part’s Content-Type): a type the field does not accept, or more files than its `maxFiles` → 422 ' +
              '(the reading stops at the part past `maxFiles`); a file over its `maxSize`, or more parts than the payload and every file the form accepts → 413. ' +
              'The body may hold the form’s file limits on top of the JSON limit',
          },
        },
      },
    },
  },
  responses: {
    201: { description: 'The ticket was created. An anonymous requester gets 202 instead', content: { 'application/json': { schema: submitted } } },
    200: { description: 'The same Idempotency-Key presented again: the ticket it created, and the same token', content: { 'application/json': { schema: submitted } } },
    202: {
      description: 'Anonymous requester: the submission waits for its email confirmation; a mail with the link went to `email` (the same answer, and no second mail, for the same Idempotency-Key)',
      content: { 'application/json': { schema: pending } },
    },
    ...errorResponses(400, 401, 403, 404, 413, 422, 429),
  },
});

const challenge = createRoute({
  method: 'get',
  path: '/api/forms/{formId}/challenge',
  request: { params: formId },
  responses: {
    200: {
      description: 'A new ALTCHA challenge (v2, PBKDF2/SHA-256) bound to this form, for the `altcha-widget`’s `challenge` attribute; it expires (parameters.expiresAt) and its solution is accepted once',
      content: { 'application/json': { schema: altchaChallenge } },
    },
    ...errorResponses(404),
  },
});

const confirm = createRoute({
  method: 'post',
  path: '/api/forms/{formId}/confirmations',
  request: {
    params: formId,
    query: langQuery,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ token: z.string().min(1).max(200).openapi({ description: 'From the confirmation mail’s link: `…#confirm=TOKEN&form=FORMID`' }) }),
        },
      },
    },
  },
  responses: {
    201: { description: 'The address is confirmed and the ticket created: the same body as a submission', content: { 'application/json': { schema: submitted } } },
    200: { description: 'Confirmed before (while the link is valid): the same ticket again', content: { 'application/json': { schema: submitted } } },
    ...errorResponses(400, 404, 422, 429),
  },
});

type SubmissionBody = z.infer<typeof submissionBody>;

const requestWords = everyLanguage('request');

/** A 401 without GUICHET_LOGIN_URL: the form says this under "you need to sign in" (the embed carries no such words of its own). */
const noLoginPage = requestWords.noLoginPage;

const malformed = (where: string) =>
  new GuichetError('bad_request', { message: requestWords.malformed(where) });

/**
 * The submission from a JSON body, or from a multipart one: its `payload`
 * part is the JSON body as text, every other part a file of the field it is named after.
 */
async function readSubmission(request: Request, json: unknown, limits: MultipartLimits): Promise<{ body: SubmissionBody; files: SentFile[] }> {
  const contentType = request.headers.get('content-type');
  if (!/^multipart\/form-data\b/i.test(contentType ?? '')) {
    if (!/^application\/json\b/i.test(contentType ?? '')) throw malformed('send application/json or multipart/form-data');
    // The route's JSON validator checked it already.
    return { body: json as SubmissionBody, files: [] };
  }
  const { payload, files } = await readMultipart(request, limits);
  if (typeof payload !== 'string') throw malformed('payload: the JSON body as text');
  if (hasEscapedNul(payload)) throw nulRefused();
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw malformed('payload: not JSON');
  }
  const body = submissionBody.safeParse(parsed);
  if (!body.success) throw malformed(listIssues(body.error.issues.map((i) => `payload.${i.path.join('.')}: ${i.message}`)));
  return { body: body.data, files };
}

export interface FormRoutesDeps {
  catalogue: Catalogue;
  submissions: SubmissionIntake;
  altcha: Altcha;
  /** GUICHET_LOGIN_URL: the login page, `{return}` standing for the page's address. */
  loginUrl: string | undefined;
  /** The most bytes of a JSON body, and so of a multipart submission's `payload`. */
  payloadBytes: number;
}

export function formRoutes(deps: FormRoutesDeps) {
  const { catalogue } = deps;
  const app = new OpenAPIHono<AppEnv>();

  /** What a multipart submission to `formId` may hold (none of its parts but `payload` for a form without file fields). */
  const multipartLimits = (formId: string): MultipartLimits => {
    const fields = catalogue.form(formId)?.form.fields ?? [];
    return { textBytes: deps.payloadBytes, maxFiles: new Map(fields.filter((f) => f.type === 'file').map((f) => [f.id, fileLimits(f).maxFiles])) };
  };

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

  app.openapi(getForm, (c) => c.json(requireForm(c.req.valid('param').formId), 200));

  app.openapi(eligibility, (c) => {
    const form = requireForm(c.req.valid('param').formId);
    const person = c.get('person');
    const answer = (value: Eligibility) => c.json(value, 200);
    if (!person && form.anonymous) return answer({ eligible: true, anonymous: true });
    // The embed links a visitor without an identity to the institution's login page, which brings them back.
    if (!person) throw new GuichetError('unauthenticated', deps.loginUrl ? { extra: { loginUrl: deps.loginUrl } } : { message: noLoginPage });
    const result = checkEligibility(form, person);
    if (result.eligible) return answer({ eligible: true });
    return answer({ eligible: false, reason: result.reason, message: result.message[c.get('lang')] });
  });

  app.openapi(submit, async (c) => {
    // The multipart schema is a plain one (see the route), so the types no longer carry the JSON body's: it is the validated `submissionBody`.
    const json: unknown = c.req.valid('json' as never);
    const { body, files } = await readSubmission(c.req.raw, json, multipartLimits(c.req.valid('param').formId));
    const l = languageOf(c, body.lang);
    c.set('lang', l);
    const result = await deps.submissions.receive({
      ...body,
      formId: c.req.valid('param').formId,
      person: c.get('person'),
      clientAddress: c.get('clientAddress'),
      lang: l,
      idempotencyKey: c.req.valid('header')['idempotency-key'],
      files,
    });
    switch (result.outcome) {
      case 'created':
        return c.json(result.receipt, 201);
      case 'replayed':
        return c.json(result.receipt, 200);
      case 'pending':
        return c.json({ confirmation: result.confirmation }, 202);
    }
  });

  app.openapi(challenge, async (c) => {
    const form = requireForm(c.req.valid('param').formId);
    if (!form.anonymous) throw new GuichetError('not_found');
    c.header('Cache-Control', 'no-store');
    return c.json(await deps.altcha.challenge(form.id), 200);
  });

  app.openapi(confirm, async (c) => {
    const result = await deps.submissions.confirm(c.req.valid('param').formId, c.req.valid('json').token, c.get('clientAddress'));
    return result.outcome === 'created' ? c.json(result.receipt, 201) : c.json(result.receipt, 200);
  });

  return app;
}
