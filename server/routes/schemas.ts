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

export const ticketNumber = z.string().openapi({ example: '2026-000042', description: 'YYYY-NNNNNN' });

export const attachment = z
  .object({
    id: z.string(),
    fieldId: z.string().openapi({ description: 'The file field it was sent in' }),
    name: z.string().openapi({ description: 'The sender’s file name, sanitized, ending in the extension of its detected type' }),
    type: z.string().openapi({ description: 'The MIME type detected from the content', example: 'image/png' }),
    size: z.number().openapi({ description: 'Bytes' }),
  })
  .openapi('Attachment');

/** An attachment's bytes, as both download routes answer them. */
export const attachmentDownload = {
  200: {
    description:
      'The file’s bytes, byte for byte as sent: `Content-Type` the detected type, `Content-Disposition: attachment; filename*=UTF-8\'\'<name>`, `X-Content-Type-Options: nosniff`, `Content-Security-Policy: sandbox`, `Cache-Control: private, no-store`',
    content: { 'application/octet-stream': { schema: { type: 'string' as const, format: 'binary' } } },
  },
} as const;

export const ticketView = z
  .object({
    number: ticketNumber,
    formId: z.string(),
    title: z.string(),
    data: z.record(z.string(), z.unknown()),
    state: z.enum(['new', 'open', 'pending', 'appointment', 'pending_auto_close', 'closed']),
    stateLabel: z.string(),
    lang: z.enum(['fr', 'en', 'de']).openapi({ description: 'The language of the request (its mails): the requester’s pages follow it unless the page says otherwise' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastActivityAt: z.string(),
    autoCloseAt: z.string().optional(),
    closedAt: z.string().optional(),
    closeReason: z.string().optional(),
    canReopen: z.boolean(),
    reopenUntil: z.string().optional(),
    nextStep: z.string().optional(),
    approvalSteps: z
      .array(
        z.object({
          id: z.string(),
          name: z.string().openapi({ description: 'Who decides the step' }),
          outside: z.boolean(),
          state: z.enum(['waiting', 'current', 'approved', 'declined', 'cancelled']),
          since: z.string().nullable().openapi({ description: 'When the step began waiting' }),
          decidedAt: z.string().nullable(),
          decidedBy: z.string().nullable().openapi({ description: 'The address of an approver outside the queue who decided it' }),
        }),
      )
      .optional()
      .openapi({ description: 'The form’s approval steps in order and where each stands; absent for a form without steps' }),
    events: z.array(
      z.object({
        at: z.string(),
        type: z.string(),
        label: z.string().openapi({ description: 'The type in the request’s language, like `stateLabel`' }),
        author: z.string(),
        body: z.string().optional(),
      }),
    ),
    attachments: z.array(attachment),
  })
  .openapi('RequesterTicket');
