import type { MiddlewareHandler } from 'hono';
import { GuichetError } from '../../errors.ts';
import type { AppEnv } from '../context.ts';
import { everyLanguage } from '../../words/index.ts';

/** `\u0000` escaped in JSON text: after an even number of backslashes, so `\\u0000` (a backslash, then "u0000") is not one. */
const escapedNul = /(?:^|[^\\])(?:\\\\)*\\u0000/i;

const message = everyLanguage('request').nulCharacter;

/**
 * PostgreSQL's text cannot hold U+0000: a JSON body carrying one would fail in
 * the store with a 500. No person types it, so it is refused at the door (400),
 * the same on every dialect. (A raw NUL byte is already invalid JSON.)
 */
/** Whether JSON text carries an escaped U+0000 (a multipart submission's `payload` part is checked with it too). */
export const hasEscapedNul = (json: string): boolean => escapedNul.test(json);

export const nulRefused = () => new GuichetError('bad_request', { message });

export const refuseNulCharacters: MiddlewareHandler<AppEnv> = async function refuseNulCharacters(c, next) {
  if (c.req.method !== 'POST' || !/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return next();
  // Hono keeps the text it read, so the route's JSON validator reads the same body again.
  if (hasEscapedNul(await c.req.text())) throw nulRefused();
  return next();
};
