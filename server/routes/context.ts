import type { Context } from 'hono';
import { firstSupportedLang, isLang, type Lang } from '../../forms/lang.ts';
import type { Person } from '../identity/person.ts';

/** What the app's middleware puts on every request. */
export type AppEnv = {
  Variables: {
    person: Person | undefined;
    /** From `?lang`, else Accept-Language, else the default; a body's `lang` refines it in its route. */
    lang: Lang;
    /** Whether `lang` came from `?lang` (which outranks a body's `lang`). */
    langFromQuery: boolean;
    /** The client's address for rate limits: the TCP peer, or what a trusted proxy forwarded (app.ts); absent outside the Node adapter. */
    clientAddress: string | undefined;
    /** The request's id (routes/observe.ts): in the access log line and the X-Request-Id answer header. */
    requestId: string;
  };
};

export function languageOf(c: Context<AppEnv>, bodyLang?: string): Lang {
  if (!c.get('langFromQuery') && isLang(bodyLang)) return bodyLang;
  return c.get('lang');
}

export function acceptLanguage(header: string | undefined): Lang | undefined {
  return header ? firstSupportedLang(header.split(',')) : undefined;
}
