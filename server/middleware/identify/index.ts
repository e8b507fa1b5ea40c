import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { IdentityRequest } from '../../identity/identity.ts';
import type { Person } from '../../identity/person.ts';
import type { AppEnv } from '../context.ts';

/** Who sent the request, from what the identity source trusts (headers from the SSO proxies, a bearer token, the dev cookie); `undefined` for an anonymous visitor. */
export function identify(
  identity: { identify(request: IdentityRequest): Promise<Person | undefined> },
  remoteAddress: (c: Context) => string | undefined,
  /** Requests that need nobody identified (a status read the ticket's own token grants): no cookie, header or directory look-up for them. */
  needsNobody: (c: Context) => boolean = () => false,
): MiddlewareHandler<AppEnv> {
  return async function identify(c, next) {
    if (needsNobody(c)) return next();
    const person = await identity.identify({
      header: (name) => c.req.header(name),
      cookie: (name) => getCookie(c, name),
      remoteAddress: remoteAddress(c),
    });
    c.set('person', person);
    await next();
  };
}
