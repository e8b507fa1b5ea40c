import { z } from '@hono/zod-openapi';

/**
 * The service figures' answer (`GET /api/agent/reports`), defined once: the
 * route publishes these schemas in OpenAPI, the reports service returns their
 * types and the queue report component imports them type-only.
 */

/** Durations in whole seconds; `null` when nothing was measured. */
export const durationFigures = z
  .object({ median: z.number().nullable(), p90: z.number().nullable(), count: z.number() })
  .openapi('DurationFigures', { description: 'Whole seconds, nearest-rank percentiles; null when nothing was measured' });

const share = z.number().nullable().openapi({ description: '0–1; null when the whole is zero' });

export const queueReport = z
  .object({
    queueId: z.string(),
    title: z.string(),
    created: z.number().openapi({ description: 'Tickets created in the period' }),
    openNow: z.number().openapi({ description: 'Tickets not closed now, whatever the period' }),
    firstReply: durationFigures.openapi({ description: 'Creation → first reply, approval or rejection, tickets created in the period' }),
    closure: durationFigures.openapi({ description: 'Creation → first closure, tickets created in the period' }),
    // By the sweep (idle or scheduled) and by an agent (close or reject).
    closed: z.object({ count: z.number(), bySweep: z.number(), byAgent: z.number() }).openapi({ description: 'Closures that happened in the period' }),
    closedBySweepShare: share,
    reopened: z
      .object({ afterSweep: z.number(), afterAgent: z.number(), share, afterSweepShare: share, afterAgentShare: share })
      .openapi({ description: 'Closures of the period the requester reopened later, by who closed' }),
    // Messages on closed tickets recorded as "thank you", not reopening.
    thanks: z.number().openapi({ description: 'Thank-you messages recorded on closed tickets in the period' }),
    // Ratings (1–5) given in the period.
    rating: z.object({ mean: z.number().nullable(), count: z.number() }),
    // One entry per local day of the period.
    daily: z.array(z.object({ date: z.string(), created: z.number(), closed: z.number() })),
    approvalWaits: z
      .array(z.object({ formId: z.string(), stepId: z.string(), name: z.string().openapi({ description: 'Who decides the step' }), wait: durationFigures }))
      .openapi({ description: 'Per approval step of the queue’s forms: start → decision of the steps decided in the period (time spent waiting on each step)' }),
  })
  .openapi('QueueReport');

export const report = z
  .object({
    from: z.string().openapi({ description: 'First day (inclusive), local date' }),
    to: z.string().openapi({ description: 'Day after the period (exclusive), local date' }),
    timeZone: z.string(),
    queues: z.array(queueReport),
  })
  .openapi('Report');

export type DurationFigures = z.infer<typeof durationFigures>;
export type QueueReport = z.infer<typeof queueReport>;
export type Report = z.infer<typeof report>;
