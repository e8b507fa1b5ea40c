import { z } from '@hono/zod-openapi';
import { ticketNumber } from './tickets.ts';

/**
 * The forms routes' answers, defined once: the routes publish these schemas in
 * OpenAPI, the submission services return their types and the request form
 * imports them type-only.
 */

const localized = z.object({ fr: z.string(), en: z.string(), de: z.string() });

/**
 * A form's definition as the server loaded it (defaults filled in). Only its
 * outline is spelled out here: the whole shape is the forms' own JSON Schema
 * (forms/definition.schema.json), and the definition the route answers must
 * fit this outline, or the type check fails.
 */
export const formDefinition = z
  .looseObject({
    id: z.string(),
    version: z.number(),
    title: localized,
    description: localized,
    queue: z.string(),
    anonymous: z.boolean(),
    statusPage: z.string(),
    reopenPage: z.string(),
    fields: z.array(z.looseObject({ id: z.string(), type: z.string(), label: localized, required: z.boolean() })),
  })
  .openapi('FormDefinition', { description: 'The full definition, every language, as plain data: the shape of forms/definition.schema.json' });

export const formSummary = z.object({ id: z.string(), version: z.number(), title: z.string(), description: z.string(), queue: z.string() });

export const eligibility = z.union([
  z.object({
    eligible: z.literal(true),
    anonymous: z
      .literal(true)
      .optional()
      .openapi({ description: 'No identity, on a form open to anonymous requesters: the submission needs `requester.email` and an ALTCHA solution' }),
  }),
  z.object({ eligible: z.literal(false), reason: z.string(), message: z.string() }),
]);

/** What the requester receives for a submission: the ticket and the token that opens it. */
export const submitted = z
  .object({
    ticket: z.object({ number: ticketNumber, state: z.string(), formId: z.string(), createdAt: z.string() }),
    accessToken: z.string().openapi({
      description:
        'Opens the ticket (`Authorization: Bearer`). A replay with the same Idempotency-Key answers the same token: the record keeps it sealed under a key derived from GUICHET_SECRET; after that secret changed, a signed ticket link (`s1.…`) stands in for it',
    }),
  })
  .openapi('SubmissionCreated');

/** An anonymous requester's answer: nothing is created until the mailed link is confirmed. */
export const pending = z.object({ confirmation: z.object({ email: z.string(), expiresAt: z.string() }) }).openapi('SubmissionPending');

/** An ALTCHA challenge (v2) as altcha-lib creates it and the `altcha-widget` reads it. */
export const altchaChallenge = z
  .object({
    parameters: z.object({
      algorithm: z.string().openapi({ example: 'PBKDF2/SHA-256' }),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string().optional(),
      memoryCost: z.number().optional(),
      parallelism: z.number().optional(),
      expiresAt: z.number().optional().openapi({ description: 'Unix seconds' }),
      data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional().openapi({ description: 'The form it is bound to' }),
    }),
    signature: z.string().optional(),
  })
  .openapi('AltchaChallenge');

export type FormSummary = z.infer<typeof formSummary>;
export type Eligibility = z.infer<typeof eligibility>;
export type Submitted = z.infer<typeof submitted>;
export type Pending = z.infer<typeof pending>;
export type AltchaChallenge = z.infer<typeof altchaChallenge>;
