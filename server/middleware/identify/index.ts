import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { IdentityRequest } from '../../identity/identity.ts';
import type { Person } from '../../identity/person.ts';
import type { AppEnv } from '../context.ts';

/** Who sent the request, from what the identity source trusts (headers from the SSO proxies, a bearer token, the dev cookie); `undefined` for an anonymous visitor. */
export function identify(identity: { identify(request: IdentityRequest): Promise<Person | undefined> }, remoteAddress: (c: Context) => string | undefined): MiddlewareHandler<AppEnv> {
  return async function identify(c, next) {
    const person = await identity.identify({
      header: (name) => c.req.header(name),
      cookie: (name) => getCookie(c, name),
      remoteAddress: remoteAddress(c),
    });
    c.set('person', person);
    await next();
  };
}
