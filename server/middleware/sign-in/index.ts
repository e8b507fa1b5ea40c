import { createMiddleware } from 'hono/factory';
import { GuichetError } from '../../errors.ts';
import type { Person } from '../../identity/person.ts';

/** What a route behind `signIn` reads: the person is there (middleware/identify found them). */
export type SignedIn = { Variables: { person: Person } };

/**
 * Routes only a signed-in person may use (agents' routes, reports, "my" data):
 * nobody signed in → 401 before the handler runs, so the handler hands its
 * services a `Person`, never `undefined`. Runs after middleware/identify.
 */
export const signIn = createMiddleware<SignedIn>(async (c, next) => {
  // The variable is typed as this middleware guarantees it; identify left it undefined for a visitor.
  if ((c.get('person') as Person | undefined) === undefined) throw new GuichetError('unauthenticated');
  await next();
});
