import type { MiddlewareHandler } from 'hono';
import type { Catalogue } from '../../catalogue.ts';
import type { Config } from '../../config.ts';
import { GuichetError } from '../../errors.ts';
import type { AppEnv } from '../context.ts';
import { everyLanguage } from '../../words/index.ts';

/** Where a form's own routes live: its definition, eligibility, challenge, submissions, confirmations. */
const formPath = /^\/api\/forms\/([^/]+)(?:\/|$)/;
const loopback = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * Which origins may call a path with credentials (CORS) and send it a
 * state-changing request: a form's routes accept that form's `origins` only;
 * the other routes (tickets, agents, the list of forms) every form's; the
 * server's own origin is always allowed, and in dev mode any loopback origin.
 */
export function createOriginPolicy(config: Pick<Config, 'publicUrl' | 'mode'>, catalogue: Catalogue): (origin: string, path: string) => boolean {
  const own = new URL(config.publicUrl).origin;
  // Rebuilt when the catalogue is reloaded (dev mode), once per catalogue otherwise.
  let built: { forms: Catalogue['forms']; perForm: Map<string, Set<string>>; everyForm: Set<string> } | undefined;
  const allowlists = () => {
    if (built?.forms !== catalogue.forms) {
      const perForm = new Map([...catalogue.forms.values()].map(({ form }) => [form.id, new Set(form.origins)]));
      built = { forms: catalogue.forms, perForm, everyForm: new Set([...perForm.values()].flatMap((origins) => [...origins])) };
    }
    return built;
  };
  return function isAllowed(origin, path) {
    if (origin === own || (config.mode === 'dev' && loopback.test(origin))) return true;
    const { perForm, everyForm } = allowlists();
    const formId = formPath.exec(path)?.[1];
    if (formId === undefined) return everyForm.has(origin);
    let id: string;
    try {
      id = decodeURIComponent(formId);
    } catch {
      return false;
    }
    return perForm.get(id)?.has(origin) ?? false;
  };
}

const message = everyLanguage('request').originRefused;

/**
 * A state-changing request whose Origin is not allowed for its path → 403
 * `forbidden`, whatever its content type: the CORS preflight already stops
 * browsers, this stops what gets past one (a request without a preflight, an
 * `Origin: null` from a sandboxed frame). Requests without Origin (curl, the
 * MTA, server-to-server) are left to the other checks.
 */
export function refuseForeignOrigins(isAllowed: (origin: string, path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async function refuseForeignOrigins(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const origin = c.req.header('origin');
    if (origin !== undefined && !isAllowed(origin, c.req.path)) throw new GuichetError('forbidden', { reason: 'origin', message });
    return next();
  };
}
