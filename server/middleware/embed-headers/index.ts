import type { MiddlewareHandler } from 'hono';

/**
 * The embed module is loaded by department pages on other origins: a module
 * script is a CORS request. Unversioned files revalidate each time; the
 * versioned module keeps its year-long cache.
 */
export const embedHeaders: MiddlewareHandler = async function embedHeaders(c, next) {
  await next();
  c.header('Access-Control-Allow-Origin', '*');
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
};
