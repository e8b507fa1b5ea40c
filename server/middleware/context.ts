import type { Lang } from '../../forms/lang.ts';
import type { Person } from '../identity/person.ts';

/** What the app's middleware (server/middleware/<name>/) puts on every request, for the routes to read. */
export type AppEnv = {
  Variables: {
    /** Who signed in (middleware/identify), if anyone. */
    person: Person | undefined;
    /** From `?lang`, else Accept-Language, else the default (middleware/language); a body's `lang` refines it in its route. */
    lang: Lang;
    /** Whether `lang` came from `?lang` (which outranks a body's `lang`). */
    langFromQuery: boolean;
    /** The client's address for rate limits: the TCP peer, or what a trusted proxy forwarded (middleware/client-address); absent outside the Node adapter. */
    clientAddress: string | undefined;
    /** The request's id (middleware/observe): in the access log line and the X-Request-Id answer header. */
    requestId: string;
  };
};
