import { z } from '@hono/zod-openapi';
import { languages } from '../../forms/lang.ts';

export const errorBody = z
  .object({
    error: z.object({
      code: z.enum(['bad_request', 'too_large', 'unauthenticated', 'not_eligible', 'forbidden', 'not_found', 'conflict', 'validation', 'idempotency_mismatch', 'rate_limited', 'unavailable', 'internal']),
      message: z.string().openapi({ description: 'In the request’s language' }),
      fields: z.record(z.string(), z.array(z.string())).optional().openapi({ description: 'The first 20 fields with a problem' }),
      moreFields: z.number().int().optional().openapi({ description: 'How many more fields had a problem than `fields` lists' }),
      reason: z.string().optional(),
    }),
  })
  .openapi('Error');

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: 'Error', content: { 'application/json': { schema: errorBody } } }]));

export const lang = z.enum(languages);
export const langQuery = z.object({ lang: lang.optional() });

/** An attachment's bytes, as both download routes answer them. */
export const attachmentDownload = {
  200: {
    description:
      'The file’s bytes, byte for byte as sent: `Content-Type` the detected type, `Content-Disposition: attachment; filename*=UTF-8\'\'<name>`, `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`, `Cache-Control: private, no-store`',
    content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
  },
};
