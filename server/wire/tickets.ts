import { z } from '@hono/zod-openapi';
import { ticketStates } from './ticket-states.ts';

/**
 * A ticket as its requester sees it, defined once: the routes publish these
 * schemas in OpenAPI, the requester tickets service returns their types and
 * the requester-facing components import them type-only.
 */

export const ticketNumber = z.string().openapi({ example: '2026-000042', description: 'YYYY-NNNNNN' });

/** What a requester or agent sees of an attachment. */
export const attachment = z
  .object({
    id: z.string(),
    fieldId: z.string().openapi({ description: 'The file field it was sent in' }),
    name: z.string().openapi({ description: 'The sender’s file name, sanitized, ending in the extension of its detected type' }),
    type: z.string().openapi({ description: 'The MIME type detected from the content', example: 'image/png' }),
    size: z.number().openapi({ description: 'Bytes' }),
  })
  .openapi('Attachment');

/** An approval step and where it stands, in the reader's language. */
export const approvalStep = z.object({
  id: z.string(),
  name: z.string().openapi({ description: 'Who decides the step' }),
  outside: z.boolean(),
  state: z.enum(['waiting', 'current', 'approved', 'declined', 'cancelled']),
  since: z.string().nullable().openapi({ description: 'When the step began waiting' }),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable().openapi({ description: 'The address of an approver outside the queue who decided it' }),
});

export const requesterTicket = z
  .object({
    number: ticketNumber,
    formId: z.string(),
    title: z.string(),
    data: z.record(z.string(), z.unknown()),
    state: z.enum(ticketStates),
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
      .array(approvalStep)
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

/** The signed-in identity's tickets. */
export const requesterTickets = z.object({ tickets: z.array(requesterTicket) });

/** A reopened ticket, as its requester now sees it. */
export const reopened = z.object({ state: z.literal('open'), ticket: requesterTicket });

export type Attachment = z.infer<typeof attachment>;
export type ApprovalStep = z.infer<typeof approvalStep>;
export type RequesterTicket = z.infer<typeof requesterTicket>;
export type RequesterTickets = z.infer<typeof requesterTickets>;
export type Reopened = z.infer<typeof reopened>;
export type TicketEvent = RequesterTicket['events'][number];
