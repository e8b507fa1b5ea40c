import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Reports } from '../services/reports.ts';
import type { AppEnv } from './context.ts';
import { reportCsv } from './report-csv.ts';
import { report } from '../wire/reports.ts';
import { errorResponses, langQuery } from './schemas.ts';
import { signIn } from '../middleware/sign-in/index.ts';

// Checked by the service, so a wrong date is a 422 naming the field, in the reader's language.
const localDate = z.string().openapi({ description: 'YYYY-MM-DD' });

const route = createRoute({
  middleware: signIn,
  method: 'get',
  path: '/api/agent/reports',
  tags: ['agents'],
  summary: 'Service figures per queue for a period',
  description:
    'Agents see their queues, admins every queue. Without `queue`, one entry per queue the identity may see. ' +
    'The period is [from, to) in local days of GUICHET_TIMEZONE; by default the last 30 days, today included. ' +
    '`format=csv` or `Accept: text/csv` answers CSV: a header row, then one row per queue.',
  request: {
    query: z.object({
      queue: z.string().optional(),
      from: localDate.optional().openapi({ example: '2026-03-01' }),
      to: localDate.optional().openapi({ example: '2026-04-01' }),
      format: z.enum(['json', 'csv']).optional(),
      lang: langQuery.shape.lang,
    }),
  },
  responses: {
    200: {
      description: 'The figures',
      content: { 'application/json': { schema: report }, 'text/csv': { schema: z.string() } },
    },
    ...errorResponses(400, 401, 403, 404, 422),
  },
});

export function reportRoutes(deps: { reports: Reports }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    // `?queue=&from=` as a form would send them: an empty value is no value.
    const [queue, from, to] = [query.queue || undefined, query.from || undefined, query.to || undefined];
    const figures = await deps.reports.report(c.get('person'), { queue, from, to }, c.get('lang'));
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/i.test(c.req.header('accept') ?? ''));
    if (!csv) return c.json(figures, 200);
    const name = `guichet-report-${queue ?? 'all'}-${figures.from}-${figures.to}.csv`.replace(/[^\w.-]/g, '_');
    return c.body(reportCsv(figures), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
  });
  return app;
}
