import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { routePath } from 'hono/route';
import type { Logger } from 'pino';
import { GuichetError } from '../../errors.ts';
import type { Metrics } from '../../metrics.ts';
import type { AppEnv } from '../context.ts';
import { inRequest } from '../../request-scope.ts';

const submissionRoute = '/api/forms/:formId/submissions';

/**
 * The request id of every request: the caller's `X-Request-Id` when it is a
 * plain token of at most 128 characters (a proxy's, to follow one request
 * through both logs), else a fresh UUID; echoed in the response header.
 */
const assignRequestId = requestId({ limitLength: 128 });
export const tagRequest: MiddlewareHandler<AppEnv> = (c, next) => assignRequestId(c, () => inRequest(c.get('requestId'), next));

/** What a submission came to, for the metric: the answer's meaning, not its number. */
function submissionOutcome(status: number, error: Error | undefined): string {
  if (error instanceof GuichetError) return error.code;
  if (status === 201) return 'created';
  if (status === 200) return 'replayed';
  if (status === 202) return 'awaiting_confirmation';
  return status >= 500 ? 'internal' : String(status);
}

/**
 * One access log line and the HTTP metrics per request. It logs the route
 * pattern, never the path or headers: a path holds ticket numbers and headers
 * hold tokens, and a pattern keeps the metric's labels few.
 */
export function observeRequests(deps: { logger: Logger; metrics: Metrics; isForm(id: string): boolean }): MiddlewareHandler<AppEnv> {
  return async function observeRequest(c, next) {
    const started = performance.now();
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      // After next(), the route index is the handler that answered; a wildcard when none did (static files, not found).
      const route = routePath(c) || '*';
      const { method } = c.req;
      const status = c.res.status;
      deps.metrics.httpRequest({ method, route, status, seconds });
      if (method === 'POST' && route === submissionRoute) {
        const formId = c.req.param('formId');
        // An unknown id is the caller's text: it must not become a label of its own.
        deps.metrics.submission(formId && deps.isForm(formId) ? formId : 'unknown', submissionOutcome(status, c.error));
      }
      deps.logger.info({ reqId: c.get('requestId'), method, route, status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
    }
  };
}
