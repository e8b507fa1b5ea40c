import type { MiddlewareHandler } from 'hono';
import { GuichetError } from '../../errors.ts';
import type { AppEnv } from '../context.ts';
import { everyLanguage } from '../../words/index.ts';

/**
 * A state-changing request must not be CORS-simple, so a foreign page cannot
 * forge one with a plain HTML form (docs/contract.md, "Origins, credentials and forgery").
 */
export const refuseSimpleRequests: MiddlewareHandler<AppEnv> = async function refuseSimpleRequests(c, next) {
  if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
  const type = c.req.header('content-type') ?? '';
  const custom = Object.keys(c.req.header()).some((name) => name.toLowerCase().startsWith('x-guichet-'));
  if (/^application\/json\b/i.test(type) || c.req.header('authorization') || custom) return next();
  throw new GuichetError('bad_request', {
    message: everyLanguage('request').sendJson,
  });
};
